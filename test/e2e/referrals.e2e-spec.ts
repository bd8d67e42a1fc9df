import { INestApplicationContext } from '@nestjs/common';
import { OutboxService } from '../../src/outbox/outbox.service';
import { CHANNELS } from '../../src/redis/pubsub';
import { ReferralExpireJob } from '../../src/referrals/jobs/referral-sla.job';
import { ReferralDeadlinesJob } from '../../src/referrals/jobs/referral-deadlines.job';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { clearRedisPrefix, eventually, startWorker } from '../support/worker';
import { collect, untilSubscribed, wsClient } from '../support/ws-client';

/**
 * The referral lifecycle over HTTP with real Postgres and Redis and a worker running in this process.
 * Acceptance deadlines are shortened for the test: URGENT 3 s, ROUTINE 60 s.
 */
describe('referrals over HTTP', () => {
  let t: TestApp;
  let worker: INestApplicationContext | null = null;
  let admin: string;
  let cm: { id: string; token: string };
  let hospitalStaff: { id: string; token: string };
  let shelterStaff: { token: string };
  let strangerStaff: { token: string };
  const org: Record<string, string> = {};
  const svc: Record<string, string> = {};

  const R = `id status version attempt acceptBy viewedAt declineReason outcome previousId suggestedNextServiceId overdue caseId fhirStatus`;

  async function makeOrg(key: string, kind: string) {
    org[key] = (await ok(gql(t, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, { i: { name: key, partnerKind: kind, regionCode: '32.77' } }, admin))).createOrganization.id;
  }
  async function makeService(key: string, orgKey: string, over: Record<string, unknown> = {}) {
    svc[key] = (await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, { i: {
      organizationId: org[orgKey], name: key, needCategories: ['WANITA_KORBAN_KEKERASAN'], serviceTypes: ['RUMAH_PERLINDUNGAN'], areaCodes: ['32.77'], ...over,
    } }, admin))).createService.id;
  }

  async function caseWithNeed(opts: { autoReroute?: boolean; consent?: string[]; name?: string; nik?: string; category?: string; point?: { latitude: number; longitude: number } } = {}) {
    const reg = await ok(gql(t, `mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }`, { i: {
      fullName: opts.name ?? `Ibu ${Math.random().toString(36).slice(2, 8)}`, birthDate: '1990-04-04', sex: 'FEMALE', regionCode: '32.77.01.1001',
      phone: '0800-1111-2222', confirmNotDuplicate: true, nik: opts.nik, ...opts.point,
    } }, cm.token));
    const clientId = reg.registerClient.client.id;
    const kase = await ok(gql(t, `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`, { i: { clientId, priority: 'URGENT', autoReroute: opts.autoReroute ?? false } }, cm.token));
    const need = await ok(gql(t, `mutation($c: ID!, $cat: String!) { addNeed(input: { caseId: $c, category: $cat, description: "Butuh tempat aman", severity: HIGH }) { id } }`, { c: kase.openCase.id, cat: opts.category ?? 'WANITA_KORBAN_KEKERASAN' }, cm.token));
    const consent = await ok(gql(t, `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`, { i: {
      clientId, caseId: kase.openCase.id, categories: opts.consent ?? ['IDENTITY', 'NEEDS_SUMMARY'], purpose: 'Rujukan layanan', method: 'WRITTEN',
    } }, cm.token));
    return { clientId, caseId: kase.openCase.id, needId: need.addNeed.id, consentId: consent.recordConsent.id };
  }

  async function refer(needId: string, serviceId: string, opts: { matchRunId?: string; urgency?: string } = {}) {
    const d = await ok(gql(t, `mutation($i: CreateReferralInput!) { createReferral(input: $i) { ${R} } }`, { i: { needId, serviceId, send: true, ...opts } }, cm.token));
    return d.createReferral;
  }
  const act = (m: string, input: Record<string, unknown>, token: string, type = 'TransitionReferralInput') =>
    gql(t, `mutation($i: ${type}!) { ${m}(input: $i) { ${R} } }`, { i: input }, token);

  beforeAll(async () => {
    process.env.REFERRAL_DEADLINE_URGENT_SECONDS = '3';
    process.env.REFERRAL_DEADLINE_ROUTINE_SECONDS = '60';
    process.env.OUTBOX_POLL_MS = '100';
    await clearRedisPrefix();
    t = await startApp();
    admin = (await userWithToken(t, 'ADMIN')).token;
    await makeOrg('lk3', 'LK3');
    await makeOrg('hospital', 'RUMAH_SAKIT');
    await makeOrg('shelterA', 'LSM');
    await makeOrg('shelterB', 'LSM');
    await makeOrg('stranger', 'LBH');
    await makeService('rs-psychosocial', 'hospital', { capacity: { available: 5, maximum: 10 }, serviceTypes: ['VISUM', 'KONSELING'] });
    await makeService('shelter-a', 'shelterA', { capacity: { available: 2, maximum: 6 } });
    await makeService('shelter-b', 'shelterB', { capacity: { available: 3, maximum: 6 } });
    await makeService('men-only', 'shelterB', { sex: 'MALE' });
    cm = await userWithToken(t, 'CASE_MANAGER', { organizationId: org.lk3 });
    hospitalStaff = await userWithToken(t, 'PARTNER_STAFF', { organizationId: org.hospital });
    shelterStaff = await userWithToken(t, 'PARTNER_STAFF', { organizationId: org.shelterA });
    strangerStaff = await userWithToken(t, 'PARTNER_STAFF', { organizationId: org.stranger });
  });

  afterAll(async () => {
    await worker?.close();
    await t.close();
    delete process.env.REFERRAL_DEADLINE_URGENT_SECONDS;
    delete process.env.REFERRAL_DEADLINE_ROUTINE_SECONDS;
  });

  it('runs the whole lifecycle from match to completion, each step an event, the need following', async () => {
    const { needId, caseId } = await caseWithNeed();
    const match = await ok(gql(t, `query($n: ID!) { matchServices(input: { needId: $n }) { runId candidates { service { id } } } }`, { n: needId }, cm.token));
    expect(match.matchServices.candidates.length).toBeGreaterThanOrEqual(3);
    const sent = await refer(needId, svc['rs-psychosocial'], { matchRunId: match.matchServices.runId });
    expect(sent).toMatchObject({ status: 'SENT', attempt: 1, fhirStatus: 'requested', caseId });
    expect(new Date(sent.acceptBy).getTime() - Date.now()).toBeLessThanOrEqual(3_500);

    const inbox = await ok(gql(t, `{ referralInbox(statuses: [SENT]) { totalCount edges { node { id caseId urgency } } } }`, {}, hospitalStaff.token));
    expect(inbox.referralInbox.edges.map((e: any) => e.node.id)).toContain(sent.id);
    expect(inbox.referralInbox.edges[0].node.caseId).toBeNull();

    const viewed = await ok(gql(t, `mutation($id: ID!) { viewReferral(id: $id) { viewedAt status } }`, { id: sent.id }, hospitalStaff.token));
    expect(viewed.viewReferral.viewedAt).not.toBeNull();
    await ok(act('acceptReferral', { referralId: sent.id, appointmentAt: '2026-12-01T02:00:00Z' }, hospitalStaff.token, 'AcceptReferralInput'));
    await ok(act('startReferral', { referralId: sent.id }, hospitalStaff.token));
    let need = await t.db.query(`SELECT status FROM need WHERE id = $1`, [needId]);
    expect(need[0].status).toBe('BEING_SERVED');
    await ok(act('holdReferral', { referralId: sent.id, reason: 'Klien dirawat inap' }, hospitalStaff.token));
    await ok(act('startReferral', { referralId: sent.id }, hospitalStaff.token));
    const done = await ok(act('completeReferral', { referralId: sent.id, outcome: 'NEED_MET' }, hospitalStaff.token, 'CompleteReferralInput'));
    expect(done.completeReferral).toMatchObject({ status: 'COMPLETED', outcome: 'NEED_MET', fhirStatus: 'completed' });
    need = await t.db.query(`SELECT status FROM need WHERE id = $1`, [needId]);
    expect(need[0].status).toBe('MET');

    const events = await ok(gql(t, `query($id: ID!) { referral(id: $id) { events { fromStatus toStatus action actorKind actorId } } }`, { id: sent.id }, cm.token));
    expect(events.referral.events.map((e: any) => `${e.fromStatus ?? '-'}>${e.toStatus}:${e.actorKind}`)).toEqual([
      '->DRAFT:SENDER', 'DRAFT>SENT:SENDER', 'SENT>ACCEPTED:RECEIVER', 'ACCEPTED>IN_PROGRESS:RECEIVER',
      'IN_PROGRESS>ON_HOLD:RECEIVER', 'ON_HOLD>IN_PROGRESS:RECEIVER', 'IN_PROGRESS>COMPLETED:RECEIVER',
    ]);
    const caseEvents = await t.db.query(`SELECT to_state FROM case_event WHERE need_id = $1 AND type = 'NEED_STATUS_CHANGED' ORDER BY id`, [needId]);
    expect(caseEvents.map((e: any) => e.to_state)).toEqual(['REFERRED', 'BEING_SERVED', 'MET']);
  });

  it('refuses every transition the lifecycle does not allow', async () => {
    const { needId } = await caseWithNeed();
    const r = await refer(needId, svc['rs-psychosocial']);
    await expect(errorOf(act('startReferral', { referralId: r.id }, hospitalStaff.token))).resolves.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(errorOf(act('completeReferral', { referralId: r.id, outcome: 'NEED_MET' }, hospitalStaff.token, 'CompleteReferralInput'))).resolves.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(errorOf(act('sendReferral', { referralId: r.id }, cm.token, 'SendReferralInput'))).resolves.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(errorOf(act('acceptReferral', { referralId: r.id }, cm.token, 'AcceptReferralInput'))).resolves.toMatchObject({ code: 'FORBIDDEN' });
    await expect(errorOf(act('cancelReferral', { referralId: r.id }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    await expect(errorOf(act('acceptReferral', { referralId: r.id, expectedVersion: 1 }, hospitalStaff.token, 'AcceptReferralInput'))).resolves.toMatchObject({ code: 'CONFLICT' });
    await ok(act('declineReferral', { referralId: r.id, declineReason: 'CLIENT_UNREACHABLE' }, hospitalStaff.token, 'DeclineReferralInput'));
    await expect(errorOf(act('acceptReferral', { referralId: r.id }, hospitalStaff.token, 'AcceptReferralInput'))).resolves.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(errorOf(act('cancelReferral', { referralId: r.id, reason: 'late' }, cm.token))).resolves.toMatchObject({ code: 'INVALID_TRANSITION' });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM referral_event WHERE referral_id = $1`, [r.id]);
    expect(n).toBe(3);
  });

  it('never lets an accept and a cancel both move a referral out of SENT, whichever order they run in', async () => {
    for (let i = 0; i < 3; i++) {
      const { needId } = await caseWithNeed();
      const r = await refer(needId, svc['rs-psychosocial']);
      const [a, c] = await Promise.all([
        act('acceptReferral', { referralId: r.id }, hospitalStaff.token, 'AcceptReferralInput'),
        act('cancelReferral', { referralId: r.id, reason: 'Klien pindah' }, cm.token),
      ]);
      const losers = [a, c].filter((x) => x.errors);
      // Never two transitions out of SENT.
      const events = await t.db.query(`SELECT to_status FROM referral_event WHERE referral_id = $1 AND from_status = 'SENT'`, [r.id]);
      expect(events).toHaveLength(1);
      if (losers.length) {
        expect(losers).toHaveLength(1);
        expect(['CONFLICT', 'INVALID_TRANSITION']).toContain(losers[0].errors![0].extensions!.code);
      } else {
        // On a loaded machine the two can run one after the other: the cancel then acts on the accepted referral.
        const history = await t.db.query(`SELECT from_status, to_status FROM referral_event WHERE referral_id = $1 AND from_status IN ('SENT', 'ACCEPTED') ORDER BY id`, [r.id]);
        expect(history).toEqual([{ from_status: 'SENT', to_status: 'ACCEPTED' }, { from_status: 'ACCEPTED', to_status: 'CANCELLED' }]);
      }
    }
  });

  it('hides a referral from organisations it is not addressed to', async () => {
    const { needId } = await caseWithNeed();
    const r = await refer(needId, svc['rs-psychosocial']);
    await expect(errorOf(gql(t, `query($id: ID!) { referral(id: $id) { id } }`, { id: r.id }, strangerStaff.token))).resolves.toMatchObject({ code: 'NOT_FOUND' });
    await expect(errorOf(act('acceptReferral', { referralId: r.id }, shelterStaff.token, 'AcceptReferralInput'))).resolves.toMatchObject({ code: 'NOT_FOUND' });
    const inbox = await ok(gql(t, `{ referralInbox { edges { node { id } } } }`, {}, strangerStaff.token));
    expect(inbox.referralInbox.edges).toEqual([]);
  });

  it('shows the partner exactly the consented categories, and nothing once consent is withdrawn', async () => {
    const { needId, consentId } = await caseWithNeed({ consent: ['IDENTITY', 'NEEDS_SUMMARY', 'CONTACT'], name: 'Rina Consent', nik: '3277014404900003' });
    const r = await refer(needId, svc['rs-psychosocial']);
    const Q = `query($id: ID!) { referral(id: $id) { client { sharedCategories fullName age phone addressLine safeContactNote need { category description } assessments { total } } } }`;
    const full = await gql(t, `query($id: ID!) { referral(id: $id) { client { sharedCategories fullName age phone addressLine safeContactNote need { category description } assessments { total } } } }`, { id: r.id }, hospitalStaff.token);
    expect(JSON.stringify(full)).not.toContain('3277014404900003');
    expect(full.data!.referral.client).toEqual({
      sharedCategories: ['CONTACT', 'IDENTITY', 'NEEDS_SUMMARY'], fullName: 'Rina Consent', age: expect.any(Number), phone: '0800-1111-2222',
      addressLine: null, safeContactNote: null, need: { category: 'WANITA_KORBAN_KEKERASAN', description: 'Butuh tempat aman' }, assessments: null,
    });
    await ok(gql(t, `mutation($id: ID!) { withdrawConsent(consentId: $id) { withdrawnAt } }`, { id: consentId }, cm.token));
    const narrower = await caseWithNeed({ consent: ['NEEDS_SUMMARY'] });
    const r2 = await refer(narrower.needId, svc['rs-psychosocial']);
    expect((await ok(gql(t, Q, { id: r2.id }, hospitalStaff.token))).referral.client).toMatchObject({
      sharedCategories: ['NEEDS_SUMMARY'], fullName: null, age: null, phone: null, need: { category: 'WANITA_KORBAN_KEKERASAN' },
    });
    const after = (await ok(gql(t, Q, { id: r.id }, hospitalStaff.token))).referral.client;
    expect(after).toMatchObject({ sharedCategories: [], fullName: null, need: null });
  });

  it('refuses a service the client is not eligible for, naming the criterion, unless overridden', async () => {
    const { needId } = await caseWithNeed();
    const refused = await gql(t, `mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }`, { i: { needId, serviceId: svc['men-only'] } }, cm.token);
    expect(refused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.serviceId', failedCriteria: ['SEX_NOT_SERVED'] });
    const forced = await ok(gql(t, `mutation($i: CreateReferralInput!) { createReferral(input: $i) { id status } }`, { i: { needId, serviceId: svc['men-only'], overrideEligibility: 'Layanan keluarga, termasuk ibu' } }, cm.token));
    expect(forced.createReferral.status).toBe('DRAFT');
  });

  it('loads an inbox of 50 referrals with services, organisations, events and linked attempts in a bounded number of SQL queries', async () => {
    const { needId } = await caseWithNeed();
    const staff = await userWithToken(t, 'PARTNER_STAFF', { organizationId: org.shelterB });
    const made = [];
    for (let i = 0; i < 50; i++) made.push(await refer(needId, svc['shelter-b'], { urgency: 'ROUTINE' }));
    expect(made).toHaveLength(50);
    const { Client } = require('pg') as typeof import('pg');
    const spy = jest.spyOn(Client.prototype, 'query');
    const count = async (first: number) => {
      spy.mockClear();
      const d = await ok(gql(t, `query($f: Int) { referralInbox(first: $f) { edges { node { id service { name } toOrganization { name } events { action } previous { id } next { id } } } } }`, { f: first }, staff.token));
      return { n: spy.mock.calls.length, edges: d.referralInbox.edges.length };
    };
    await count(5); // warms the per-process caches (signed-in user, taxonomy), so both counts below are steady-state
    const small = await count(5);
    const large = await count(50);
    spy.mockRestore();
    expect(small.edges).toBe(5);
    expect(large.edges).toBe(50);
    expect(large.n).toBe(small.n);
    expect(large.n).toBeLessThanOrEqual(14);
  });

  it('counts answers per service for the matcher: an accept adds to answered and accepted and sets the median time to accept', async () => {
    const stats = async () => (await t.db.query(`SELECT answered, accepted, median_accept_minutes AS median FROM service_referral_stats WHERE service_id = $1`, [svc['rs-psychosocial']]))[0] ?? { answered: 0, accepted: 0, median: null };
    const before = await stats();
    const r = await refer((await caseWithNeed()).needId, svc['rs-psychosocial'], { urgency: 'ROUTINE' });
    await ok(act('acceptReferral', { referralId: r.id }, hospitalStaff.token, 'AcceptReferralInput'));
    const after = await stats();
    expect([after.answered - before.answered, after.accepted - before.accepted]).toEqual([1, 1]);
    // The median over the service's referrals that were accepted (whatever happened after) of sent -> accepted
    // (the referral's answered_at, the Clock's time of the accept); the accept events' own times agree to within a second.
    const [{ median, byEvents }] = await t.db.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.answered_at - r.sent_at) / 60) AS median,
              (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.at - r2.sent_at) / 60)
                 FROM referral_event e JOIN referral r2 ON r2.id = e.referral_id WHERE r2.service_id = $1 AND e.action = 'accept') AS "byEvents"
         FROM referral r WHERE r.service_id = $1 AND r.answered_at IS NOT NULL
          AND r.status IN ('ACCEPTED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'FAILED', 'CANCELLED')`,
      [svc['rs-psychosocial']],
    );
    expect(Number(after.median)).toBeCloseTo(Number(median), 6);
    expect(Math.abs(Number(after.median) - Number(byEvents))).toBeLessThan(1 / 60);
  });

  it('suggests after a decline a provider of the same help, never the declining organisation, with the reasons of the match (distance included)', async () => {
    // A displaced family: the case manager widens one match to economic help too, but the need asks for
    // shelter (the category's defaults), so the suggestion after a decline must be a shelter elsewhere.
    const cat = 'KORBAN_BENCANA_SOSIAL';
    await makeOrg('savings', 'LSM');
    await makeOrg('shelterC', 'LSM');
    await makeOrg('shelterD', 'LSM');
    const place = async (name: string, latitude: number, longitude: number) => (await ok(gql(t, `mutation($i: CreateLocationInput!) { createLocation(input: $i) { id } }`, { i: {
      organizationId: org[name], name, regionCode: '32.77.01.1001', latitude, longitude,
    } }, admin))).createLocation.id;
    const here = { latitude: -6.8810, longitude: 107.5410 };
    const type = (serviceTypes: string[], locationIds: string[], capacity?: number) => ({
      needCategories: [cat], serviceTypes, locationIds, ...(capacity !== undefined && { capacity: { available: capacity, maximum: 10 } }),
    });
    await makeService('savings-group', 'savings', type(['PEMBERDAYAAN_EKONOMI'], [await place('savings', -6.8812, 107.5412)], 9));
    const nearC = await place('shelterC', -6.8815, 107.5415);
    await makeService('shelter-c1', 'shelterC', type(['RUMAH_PERLINDUNGAN'], [nearC], 5));
    await makeService('shelter-c2', 'shelterC', type(['RUMAH_PERLINDUNGAN'], [nearC], 5));
    await makeService('shelter-d', 'shelterD', type(['RUMAH_PERLINDUNGAN'], [await place('shelterD', -6.8990, 107.5410)]));
    const { needId } = await caseWithNeed({ category: cat, point: here });
    const match = await ok(gql(t, `query($n: ID!) { matchServices(input: { needId: $n, serviceTypes: ["RUMAH_PERLINDUNGAN", "PEMBERDAYAAN_EKONOMI"] }) {
      runId candidates { service { id name } reasons } } }`, { n: needId }, cm.token, { 'accept-language': '' }));
    const names = match.matchServices.candidates.map((c: any) => c.service.name);
    expect(names.slice(0, 3).sort()).toEqual(['savings-group', 'shelter-c1', 'shelter-c2']);
    expect(names).toContain('shelter-d');
    const inMatch = match.matchServices.candidates.find((c: any) => c.service.name === 'shelter-d').reasons;
    expect(inMatch).toContain('Jarak 2 km');

    const r = await refer(needId, svc['shelter-c1'], { matchRunId: match.matchServices.runId });
    const cStaff = await userWithToken(t, 'PARTNER_STAFF', { organizationId: org.shelterC });
    await ok(act('declineReferral', { referralId: r.id, declineReason: 'NO_CAPACITY', reason: 'Penuh' }, cStaff.token, 'DeclineReferralInput'));
    const d = await ok(gql(t, `query($id: ID!) { referral(id: $id) { suggestedNext { service { name } distanceKm reasons } } }`, { id: r.id }, cm.token, { 'accept-language': '' }));
    expect(d.referral.suggestedNext.service.name).toBe('shelter-d');
    expect(d.referral.suggestedNext.distanceKm).toBeCloseTo(2, 0);
    expect(d.referral.suggestedNext.reasons).toEqual(inMatch);

    // Sent there, declined again: shelter C's other service is not proposed (its organisation declined this
    // need), nor the savings group (other help): no suggestion.
    const second = await ok(gql(t, `mutation($i: RedirectReferralInput!) { redirectReferral(input: $i) { id } }`, { i: { referralId: r.id, serviceId: svc['shelter-d'], reason: 'Saran berikutnya' } }, cm.token));
    const dStaff = await userWithToken(t, 'PARTNER_STAFF', { organizationId: org.shelterD });
    await ok(act('declineReferral', { referralId: second.redirectReferral.id, declineReason: 'NO_CAPACITY', reason: 'Penuh' }, dStaff.token, 'DeclineReferralInput'));
    const after = await ok(gql(t, `query($id: ID!) { referral(id: $id) { status suggestedNext { service { name } } } }`, { id: second.redirectReferral.id }, cm.token));
    expect(after.referral).toEqual({ status: 'DECLINED', suggestedNext: null });
  });

  describe('acceptance deadlines (worker running)', () => {
    beforeAll(async () => {
      worker = await startWorker();
    });

    it('reminds at half time, expires at acceptBy, and proposes the next eligible alternative, skipping one that lost its capacity', async () => {
      const { needId } = await caseWithNeed();
      const match = await ok(gql(t, `query($n: ID!) { matchServices(input: { needId: $n }) { runId candidates { service { id name } } } }`, { n: needId }, cm.token));
      const order = match.matchServices.candidates.map((c: any) => c.service.name);
      expect(order).toEqual(expect.arrayContaining(['rs-psychosocial', 'shelter-a', 'shelter-b']));
      // Send to the hospital; of the alternatives, shelter A has filled up meanwhile.
      const r = await refer(needId, svc['rs-psychosocial'], { matchRunId: match.matchServices.runId });
      await ok(gql(t, `mutation($i: UpdateCapacityInput!) { updateServiceCapacity(input: $i) { id } }`, { i: { serviceId: svc['shelter-a'], available: 0 } }, admin));
      const reminder = await eventually(async () => (await t.db.query(`SELECT id FROM outbox_message WHERE topic = 'referral.reminder' AND payload->'data'->>'referralId' = $1`, [r.id]))[0], 6_000);
      expect(reminder).toBeDefined();
      const expired = await eventually(async () => {
        const d = await ok(gql(t, `query($id: ID!) { referral(id: $id) { status suggestedNext { service { id name } reasons } events { toStatus actorKind } } }`, { id: r.id }, cm.token));
        return d.referral.status === 'EXPIRED' ? d.referral : null;
      }, 10_000);
      expect(expired.suggestedNext.service.name).toBe('shelter-b');
      expect(expired.events.at(-1)).toEqual({ toStatus: 'EXPIRED', actorKind: 'SYSTEM' });
      const [row] = await t.db.query(`SELECT extract(epoch FROM e.at - r.accept_by) AS late FROM referral_event e JOIN referral r ON r.id = e.referral_id WHERE r.id = $1 AND e.to_status = 'EXPIRED'`, [r.id]);
      expect(Number(row.late)).toBeGreaterThanOrEqual(0);
      expect(Number(row.late)).toBeLessThan(2);
      const told = await t.db.query(`SELECT topic FROM outbox_message WHERE payload->'data'->>'referralId' = $1 ORDER BY created_at`, [r.id]);
      expect(told.map((x: any) => x.topic)).toEqual(expect.arrayContaining(['referral.new', 'referral.reminder', 'referral.expired', 'referral.next-suggested']));
      await ok(gql(t, `mutation($i: UpdateCapacityInput!) { updateServiceCapacity(input: $i) { id } }`, { i: { serviceId: svc['shelter-a'], available: 2 } }, admin));
    });

    it('sends to the next alternative itself when the case allows automatic re-routing', async () => {
      const { needId } = await caseWithNeed({ autoReroute: true });
      const match = await ok(gql(t, `query($n: ID!) { matchServices(input: { needId: $n }) { runId } }`, { n: needId }, cm.token));
      // A routine deadline (60 s here): the decline must not race the expiry on a loaded machine.
      const r = await refer(needId, svc['shelter-b'], { matchRunId: match.matchServices.runId, urgency: 'ROUTINE' });
      await ok(act('declineReferral', { referralId: r.id, declineReason: 'NO_CAPACITY', reason: 'Penuh' }, await userWithToken(t, 'PARTNER_STAFF', { organizationId: org.shelterB }).then((u) => u.token), 'DeclineReferralInput'));
      const next = await t.db.query(`SELECT id, status, attempt, previous_id, service_id FROM referral WHERE previous_id = $1`, [r.id]);
      expect(next).toHaveLength(1);
      expect(next[0]).toMatchObject({ status: 'SENT', attempt: 2, previous_id: r.id });
      expect(next[0].service_id).not.toBe(svc['shelter-b']);
      const ev = await t.db.query(`SELECT actor_kind FROM referral_event WHERE referral_id = $1 AND to_status = 'SENT'`, [next[0].id]);
      expect(ev).toEqual([{ actor_kind: 'SYSTEM' }]);
      const told = await t.db.query(`SELECT 1 FROM outbox_message WHERE topic = 'referral.rerouted' AND payload->'data'->>'referralId' = $1`, [next[0].id]);
      expect(told).toHaveLength(1);
      const PREV = `query($id: ID!) { referral(id: $id) { attempt previous { id } } }`;
      expect((await ok(gql(t, PREV, { id: next[0].id }, cm.token))).referral).toEqual({ attempt: 2, previous: { id: r.id } });
      const [{ organization_id: nextOrg }] = await t.db.query(`SELECT organization_id FROM service WHERE id = $1`, [next[0].service_id]);
      const nextStaff = await userWithToken(t, 'PARTNER_STAFF', { organizationId: nextOrg });
      expect((await ok(gql(t, PREV, { id: next[0].id }, nextStaff.token))).referral).toEqual({ attempt: 2, previous: null });
    });

    it('streams referralUpdated to the receiving organisation over graphql-ws, and to no one else', async () => {
      const partner = wsClient(t, hospitalStaff.token);
      const stranger = wsClient(t, strangerStaff.token);
      const mine = collect(partner, `subscription { referralUpdated { id status } }`);
      const theirs = collect(stranger, `subscription { referralUpdated { id status } }`);
      try {
        await untilSubscribed([CHANNELS.organizationReferrals(org.hospital), CHANNELS.organizationReferrals(org.stranger)]);
        const { needId } = await caseWithNeed();
        const r = await refer(needId, svc['rs-psychosocial'], { urgency: 'ROUTINE' });
        // Each event carries the id; the subscriber sees the referral as it is when the event arrives.
        await eventually(async () => mine.items.some((x) => x.referralUpdated.id === r.id), 8_000);
        await ok(act('acceptReferral', { referralId: r.id }, hospitalStaff.token, 'AcceptReferralInput'));
        await eventually(async () => mine.items.filter((x) => x.referralUpdated.id === r.id).length >= 2, 8_000);
        expect(mine.items.filter((x) => x.referralUpdated.id === r.id).map((x) => x.referralUpdated.status)).toEqual(['SENT', 'ACCEPTED']);
        expect(mine.errors).toEqual([]);
        // A sentinel on the stranger's own channel, naming the same referral, arrives after everything before it:
        // once it has (refused, as the referral is not theirs), nothing else reached them.
        await t.db.transaction((tx) => t.app.get(OutboxService).add(tx, {
          kind: 'event', channel: CHANNELS.organizationReferrals(org.stranger), payload: { referralId: r.id },
        }));
        await eventually(async () => theirs.errors.length + theirs.items.length >= 1, 8_000);
        expect(theirs.items).toEqual([]);
        expect(theirs.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND', id: r.id }) })]);
      } finally {
        mine.stop();
        theirs.stop();
        await partner.dispose();
        await stranger.dispose();
      }
    });

    it('audits a partner\'s read of a client through the referralUpdated subscription with the partner as actor', async () => {
      const partner = wsClient(t, hospitalStaff.token);
      const sub = collect(partner, `subscription { referralUpdated { id client { sharedCategories fullName } } }`);
      try {
        await untilSubscribed([CHANNELS.organizationReferrals(org.hospital)]);
        const { clientId, needId } = await caseWithNeed();
        const r = await refer(needId, svc['rs-psychosocial'], { urgency: 'ROUTINE' });
        await eventually(async () => sub.items.some((x) => x.referralUpdated.id === r.id), 8_000);
        expect(sub.errors).toEqual([]);
        expect(sub.items.find((x) => x.referralUpdated.id === r.id).referralUpdated.client.sharedCategories).toEqual(['IDENTITY', 'NEEDS_SUMMARY']);
        const rows = await t.db.query(
          `SELECT actor_id, actor_role, actor_organization_id FROM audit_event
            WHERE action = 'CLIENT_SHARED_READ' AND entity_id = $1 AND details->>'referralId' = $2`,
          [clientId, r.id],
        );
        expect(rows).toEqual([{ actor_id: hospitalStaff.id, actor_role: 'PARTNER_STAFF', actor_organization_id: org.hospital }]);
      } finally {
        sub.stop();
        await partner.dispose();
      }
    });

    it('an SLA job after acceptance changes nothing, and one delivered twice acts once', async () => {
      const expire = worker!.get(ReferralExpireJob);
      const { needId } = await caseWithNeed();
      const accepted = await refer(needId, svc['rs-psychosocial'], { urgency: 'ROUTINE' });
      await ok(act('acceptReferral', { referralId: accepted.id }, hospitalStaff.token, 'AcceptReferralInput'));
      await t.db.query(`UPDATE referral SET accept_by = now() - interval '1 minute' WHERE id = $1`, [accepted.id]);
      await expect(expire.handle({ referralId: accepted.id, version: accepted.version })).resolves.toEqual({ expired: false, rerouted: null });
      expect((await t.db.query(`SELECT status FROM referral WHERE id = $1`, [accepted.id]))[0].status).toBe('ACCEPTED');

      const second = await caseWithNeed();
      const waiting = await refer(second.needId, svc['rs-psychosocial'], { urgency: 'ROUTINE' });
      await t.db.query(`UPDATE referral SET accept_by = now() - interval '1 second' WHERE id = $1`, [waiting.id]);
      const results = [await expire.handle({ referralId: waiting.id, version: waiting.version }), await expire.handle({ referralId: waiting.id, version: waiting.version })];
      expect(results.map((x) => x.expired)).toEqual([true, false]);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM referral_event WHERE referral_id = $1 AND to_status = 'EXPIRED'`, [waiting.id]);
      expect(n).toBe(1);
    });

    it('a deadline timer batch: expires the due ones once, reminds at half time once, puts back the early, and run again or after an answer changes nothing', async () => {
      const deadlines = worker!.get(ReferralDeadlinesJob);
      const r = async () => refer((await caseWithNeed()).needId, svc['rs-psychosocial'], { urgency: 'ROUTINE' });
      const [due, twice, halfway, early, answered] = [await r(), await r(), await r(), await r(), await r()];
      await ok(act('acceptReferral', { referralId: answered.id }, hospitalStaff.token, 'AcceptReferralInput'));
      await t.db.query(`UPDATE referral SET sent_at = now() - interval '2 minutes', accept_by = now() - interval '1 second' WHERE id = ANY($1::uuid[])`, [[due.id, twice.id, answered.id]]);
      await t.db.query(`UPDATE referral SET sent_at = now() - interval '2 minutes', accept_by = now() + interval '1 minute' WHERE id = $1`, [halfway.id]);
      const [{ acceptBy: halfwayDeadline }] = await t.db.query(`SELECT accept_by AS "acceptBy" FROM referral WHERE id = $1`, [halfway.id]);
      const [{ remindAt: earlyReminder }] = await t.db.query(`SELECT sent_at + (accept_by - sent_at) / 2 AS "remindAt" FROM referral WHERE id = $1`, [early.id]);

      const first = await deadlines.run([due.id, twice.id, twice.id, halfway.id, early.id, answered.id]);
      expect(first.expired.sort()).toEqual([due.id, twice.id].sort());
      expect(first.reminded).toEqual([halfway.id]);
      // Not done: the half-way one for its deadline, the early one for its reminder.
      expect(first.later).toEqual(new Map([[halfway.id, new Date(halfwayDeadline)], [early.id, new Date(earlyReminder)]]));
      const events = await t.db.query(
        `SELECT referral_id AS id, from_status, actor_kind, actor_id FROM referral_event WHERE referral_id = ANY($1::uuid[]) AND to_status = 'EXPIRED'`,
        [[due.id, twice.id, halfway.id, early.id, answered.id]],
      );
      expect(events).toHaveLength(2);
      for (const e of events) expect(e).toMatchObject({ from_status: 'SENT', actor_kind: 'SYSTEM', actor_id: null });
      const notices = await t.db.query(`SELECT topic, payload->'data'->>'referralId' AS id FROM outbox_message WHERE topic IN ('referral.expired', 'referral.reminder') AND payload->'data'->>'referralId' = ANY($1)`,
        [[due.id, twice.id, halfway.id, early.id, answered.id]]);
      expect(notices.map((n: { topic: string; id: string }) => `${n.topic} ${n.id}`).sort()).toEqual([`referral.expired ${due.id}`, `referral.expired ${twice.id}`, `referral.reminder ${halfway.id}`].sort());

      // The same timers again (a second delivery, a reconciler's re-add): nothing more happens.
      const again = await deadlines.run([due.id, twice.id, halfway.id, early.id, answered.id]);
      expect(again.expired).toEqual([]);
      expect(again.reminded).toEqual([]);
      expect([...again.later.keys()].sort()).toEqual([halfway.id, early.id].sort());
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM outbox_message WHERE topic IN ('referral.expired', 'referral.reminder') AND payload->'data'->>'referralId' = ANY($1)`,
        [[due.id, twice.id, halfway.id, early.id, answered.id]]);
      expect(n).toBe(3);
      expect((await t.db.query(`SELECT status FROM referral WHERE id = $1`, [answered.id]))[0].status).toBe('ACCEPTED');
    });

    it('expires a batch in one transaction: each job answered on its own, stale and repeated ones changing nothing, an early one failing alone', async () => {
      const expire = worker!.get(ReferralExpireJob);
      const due: Record<string, any>[] = [];
      for (let i = 0; i < 3; i++) due.push(await refer((await caseWithNeed()).needId, svc['rs-psychosocial'], { urgency: 'ROUTINE' }));
      const early = await refer((await caseWithNeed()).needId, svc['rs-psychosocial'], { urgency: 'ROUTINE' });
      await t.db.query(`UPDATE referral SET accept_by = now() - interval '1 second' WHERE id = ANY($1::uuid[])`, [due.map((r) => r.id)]);
      const [{ answered: before }] = await t.db.query(`SELECT coalesce((SELECT answered FROM service_referral_stats WHERE service_id = $1), 0)::int AS answered`, [svc['rs-psychosocial']]);
      const jobs = [
        ...due.map((r) => ({ referralId: r.id, version: r.version })),
        { referralId: due[0].id, version: due[0].version }, // delivered twice
        { referralId: due[1].id, version: due[1].version - 1 }, // an older version
        { referralId: early.id, version: early.version },
      ];
      const results = await expire.expire(jobs);
      expect(results.slice(0, 5)).toEqual([
        { expired: true, rerouted: null }, { expired: true, rerouted: null }, { expired: true, rerouted: null },
        { expired: false, rerouted: null }, { expired: false, rerouted: null },
      ]);
      expect(results[5]).toBeInstanceOf(Error);
      const events = await t.db.query(
        `SELECT e.referral_id, e.from_status, e.actor_kind, e.actor_id, n.status AS need_status, r.version
           FROM referral_event e JOIN referral r ON r.id = e.referral_id JOIN need n ON n.id = r.need_id
          WHERE e.referral_id = ANY($1::uuid[]) AND e.to_status = 'EXPIRED' ORDER BY e.id`,
        [[...due, early].map((r) => r.id)],
      );
      expect(events).toHaveLength(3);
      for (const e of events) expect(e).toMatchObject({ from_status: 'SENT', actor_kind: 'SYSTEM', actor_id: null, need_status: 'OPEN', version: due[0].version + 1 });
      expect((await t.db.query(`SELECT status FROM referral WHERE id = $1`, [early.id]))[0].status).toBe('SENT');
      const told = await t.db.query(
        `SELECT kind, topic FROM outbox_message WHERE (payload->'data'->>'referralId' = $1 OR payload->>'referralId' = $1) AND created_at >= (SELECT at FROM referral_event WHERE referral_id = $1::uuid AND to_status = 'EXPIRED') ORDER BY kind`,
        [due[2].id],
      );
      // The change's subscription event, and the case manager's notification (the relay also shows it in the app).
      expect(told.map((m: { kind: string }) => m.kind)).toEqual(['EVENT', 'NOTIFICATION']);
      expect(told.find((m: { topic: string }) => m.topic.startsWith(`referral.${due[2].id} `))).toBeDefined();
      const [{ answered: after }] = await t.db.query(`SELECT answered FROM service_referral_stats WHERE service_id = $1`, [svc['rs-psychosocial']]);
      expect(after - before).toBe(3);
      await expect(expire.expire(due.map((r) => ({ referralId: r.id, version: r.version })))).resolves.toEqual(due.map(() => ({ expired: false, rerouted: null })));
    });
  });
});
