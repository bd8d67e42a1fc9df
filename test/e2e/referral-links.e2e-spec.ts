import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { moveClock, resetClock } from '../../src/common/clock';
import { ReferralLinkTokens } from '../../src/common/referral-link-token';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { clearRedisPrefix, eventually, startWorker } from '../support/worker';

const NIK = '3277014404900001';
const VIEW = `need { category categoryName serviceTypes serviceTypeNames severity description } toOrganization { id name } service { id name } fromOrganization { id name }
  client { sharedCategories fullName sex age phone addressLine need { category categoryName description } }`;
const LINK = `query($token: String!) { referralLink(token: $token) { id status urgency acceptBy appointmentAt declineReason ${VIEW} } }`;
const ACCEPT = `mutation($token: String!, $i: AcceptReferralByLinkInput!) { acceptReferralByLink(token: $token, input: $i) { id status appointmentAt ${VIEW} } }`;
const DECLINE = `mutation($token: String!, $i: DeclineReferralByLinkInput!) { declineReferralByLink(token: $token, input: $i) { id status declineReason client { fullName } } }`;

/**
 * Single-referral links over HTTP, with the real worker delivering the e-mail into the file sink: a receiving
 * organisation without an account opens the link from its e-mail, sees only the consented data, and accepts or
 * declines once; the link then refuses everything.
 */
describe('single-referral links for partners without an account', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: string;
  let cm: { id: string; token: string };
  let lk3: string;
  let hospital: string;
  let service: string;
  let shelterService: string;
  const mailDir = join(tmpdir(), `rujuk-mail-${randomUUID()}`);
  const tokens = new ReferralLinkTokens(process.env.JWT_SECRET!);

  async function org(name: string, kind: string, contactEmail?: string): Promise<string> {
    return (await ok(gql(t, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, { i: {
      name, partnerKind: kind, regionCode: '32.77', ...(contactEmail ? { referralContact: { name: 'Petugas rujukan', email: contactEmail } } : {}),
    } }, admin))).createOrganization.id;
  }

  async function makeService(organizationId: string, name: string): Promise<string> {
    return (await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, { i: {
      organizationId, name, needCategories: ['WANITA_KORBAN_KEKERASAN'], serviceTypes: ['KONSELING'], areaCodes: ['32.77'], capacity: { available: 5, maximum: 10 },
    } }, admin))).createService.id;
  }

  /** A client (with a NIK) and consent to share IDENTITY and NEEDS_SUMMARY (not CONTACT); a referral sent to `serviceId`. */
  async function sentReferral(serviceId = service, nik?: string): Promise<{ referralId: string; fullName: string }> {
    const fullName = `Ibu ${randomUUID().slice(0, 6)}`;
    const reg = await ok(gql(t, `mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }`, { i: {
      fullName, birthDate: '1990-04-04', sex: 'FEMALE', regionCode: '32.77.01.1001', phone: '0800-1111-2222', ...(nik ? { nik } : {}), confirmNotDuplicate: true,
    } }, cm.token));
    const clientId = reg.registerClient.client.id;
    const kase = await ok(gql(t, `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`, { i: { clientId, priority: 'ROUTINE' } }, cm.token));
    const need = await ok(gql(t, `mutation($c: ID!) { addNeed(input: { caseId: $c, category: "WANITA_KORBAN_KEKERASAN", description: "Butuh konseling", severity: HIGH, serviceTypes: ["KONSELING"] }) { id } }`, { c: kase.openCase.id }, cm.token));
    await ok(gql(t, `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`, { i: {
      clientId, caseId: kase.openCase.id, categories: ['IDENTITY', 'NEEDS_SUMMARY'], purpose: 'Rujukan layanan', method: 'WRITTEN',
    } }, cm.token));
    const r = await ok(gql(t, `mutation($i: CreateReferralInput!) { createReferral(input: $i) { id status } }`, { i: { needId: need.addNeed.id, serviceId, send: true } }, cm.token));
    expect(r.createReferral.status).toBe('SENT');
    return { referralId: r.createReferral.id, fullName };
  }

  /** The token of the referral's open link, as the e-mail job computes it (tests only: the token is stored nowhere). */
  async function tokenOf(referralId: string): Promise<string> {
    const [row] = await t.db.query(`SELECT id FROM referral_link WHERE referral_id = $1 AND revoked_at IS NULL`, [referralId]);
    return tokens.tokenFor(row.id);
  }

  const view = (token: string, headers: Record<string, string> = {}) => gql(t, LINK, { token }, undefined, headers);

  beforeAll(async () => {
    Object.assign(process.env, { MAIL_SINK_DIR: mailDir, OUTBOX_POLL_MS: '200', PUBLIC_APP_URL: 'https://rujuk.example.id', TRUSTED_PROXIES: 'loopback' });
    await clearRedisPrefix();
    t = await startApp();
    worker = await startWorker();
    admin = (await userWithToken(t, 'ADMIN')).token;
    lk3 = await org('LK3 Cimahi', 'LK3');
    hospital = await org('RSUD Cimahi', 'RUMAH_SAKIT', 'rujukan@rsud-cimahi.example.id');
    const shelter = await org('Rumah Aman', 'LSM', 'rujukan@rumah-aman.example.id');
    service = await makeService(hospital, 'Konseling RSUD');
    shelterService = await makeService(shelter, 'Konseling Rumah Aman');
    cm = await userWithToken(t, 'CASE_MANAGER', { organizationId: lk3, regionScope: '32.77' });
  });

  afterAll(async () => {
    resetClock();
    await worker?.close();
    await t?.close();
    await rm(mailDir, { recursive: true, force: true });
    for (const k of ['MAIL_SINK_DIR', 'OUTBOX_POLL_MS', 'PUBLIC_APP_URL', 'TRUSTED_PROXIES']) delete process.env[k];
  });

  it('e-mails the organisation its link; the link shows only consented data, declines once, then refuses everything', async () => {
    const { referralId, fullName } = await sentReferral(service, NIK);
    const delivery = await eventually(async () => {
      const [d] = await t.db.query(
        `SELECT id FROM notification_delivery WHERE template = 'referral.new' AND organization_id = $1 AND channel = 'EMAIL' AND status = 'SENT' AND data->>'referralId' = $2`,
        [hospital, referralId]);
      return d;
    }, 15_000, 100);
    const mail = JSON.parse(await readFile(join(mailDir, `${delivery.id}.json`), 'utf8'));
    expect(mail.to).toEqual([{ address: 'rujukan@rsud-cimahi.example.id', name: '' }]);
    const token = /https:\/\/rujuk\.example\.id\/link\/([0-9a-f-]{36}\.[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
    expect(token).toBeDefined();
    expect(mail.text).not.toContain('/referrals/');
    // The token is stored nowhere: neither its MAC in the link table, the outbox nor the deliveries.
    const mac = token!.split('.')[1];
    const [stored] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM referral_link WHERE token_hash = $1 OR token_hash LIKE '%' || $1 || '%') AS links,
              (SELECT count(*)::int FROM outbox_message WHERE payload::text LIKE '%' || $1 || '%') AS outbox,
              (SELECT count(*)::int FROM notification_delivery WHERE data::text LIKE '%' || $1 || '%') AS deliveries`, [mac]);
    expect(stored).toEqual({ links: 0, outbox: 0, deliveries: 0 });

    const seen = (await ok(view(token!))).referralLink;
    expect(seen).toMatchObject({
      id: referralId, status: 'SENT', urgency: 'ROUTINE', acceptBy: expect.any(String), appointmentAt: null, declineReason: null,
      need: {
        category: 'WANITA_KORBAN_KEKERASAN', categoryName: 'Woman victim of violence or mistreatment', serviceTypes: ['KONSELING'], serviceTypeNames: ['Counselling'],
        severity: 'HIGH', description: 'Butuh konseling',
      },
      toOrganization: { id: hospital, name: 'RSUD Cimahi' }, service: { id: service, name: 'Konseling RSUD' }, fromOrganization: { id: lk3, name: 'LK3 Cimahi' },
      client: {
        sharedCategories: ['IDENTITY', 'NEEDS_SUMMARY'], fullName, sex: 'FEMALE', age: expect.any(Number), phone: null, addressLine: null,
        need: { category: 'WANITA_KORBAN_KEKERASAN', categoryName: 'Woman victim of violence or mistreatment', description: 'Butuh konseling' },
      },
    });
    // The names come in the request's language: Indonesian by default.
    const inIndonesian = (await ok(gql(t, `query($token: String!) { referralLink(token: $token) { need { categoryName serviceTypeNames } client { need { categoryName } } } }`,
      { token }, undefined, { 'accept-language': '' }))).referralLink;
    expect(inIndonesian).toEqual({
      need: { categoryName: 'Wanita yang Menjadi Korban Tindak Kekerasan atau Diperlakukan Salah', serviceTypeNames: ['Konseling'] },
      client: { need: { categoryName: 'Wanita yang Menjadi Korban Tindak Kekerasan atau Diperlakukan Salah' } },
    });
    expect(JSON.stringify(seen)).not.toContain(NIK);
    expect(JSON.stringify(seen)).not.toContain('0800-1111-2222');

    const declined = (await ok(gql(t, DECLINE, { token, i: { declineReason: 'NO_CAPACITY', note: 'Kuota penuh bulan ini' } }))).declineReferralByLink;
    expect(declined).toEqual({ id: referralId, status: 'DECLINED', declineReason: 'NO_CAPACITY', client: { fullName: null } });

    for (const again of [
      () => gql(t, DECLINE, { token, i: { declineReason: 'OTHER' } }),
      () => gql(t, ACCEPT, { token, i: {} }),
      () => view(token!),
    ]) {
      const e = await errorOf(again());
      expect(e.code).toBe('REFERRAL_LINK_INVALID');
      expect(e.message).toBe('This referral link is not valid: it may have expired, been answered or been withdrawn');
    }

    // The case manager sees the decline, done through the link.
    const r = (await ok(gql(t, `query($id: ID!) { referral(id: $id) { status declineReason events { toStatus actorKind actorId actorLinkId reason } } }`, { id: referralId }, cm.token))).referral;
    expect(r.status).toBe('DECLINED');
    const [link] = await t.db.query(`SELECT id, revoked_at, revoked_reason FROM referral_link WHERE referral_id = $1`, [referralId]);
    expect(r.events.at(-1)).toEqual({ toStatus: 'DECLINED', actorKind: 'LINK', actorId: null, actorLinkId: link.id, reason: 'NO_CAPACITY: Kuota penuh bulan ini' });
    expect(link).toMatchObject({ revoked_at: expect.any(Date), revoked_reason: 'decline' });

    // Every use audited, with the link as the actor.
    const audit = await t.db.query(
      `SELECT action, actor_role, actor_id, actor_organization_id, details->>'use' AS use FROM audit_event WHERE actor_role = 'LINK' AND actor_id = $1 ORDER BY id`, [link.id]);
    expect(audit.map((a: any) => [a.action, a.use])).toEqual([
      // Two views (in English, then in Indonesian), the decline, then the refusals.
      ['REFERRAL_LINK_VIEWED', null], ['CLIENT_SHARED_READ', null], ['REFERRAL_LINK_VIEWED', null], ['CLIENT_SHARED_READ', null],
      ['REFERRAL_DECLINE', null], ['CLIENT_SHARED_READ', null],
      ['REFERRAL_LINK_REFUSED', 'decline'], ['REFERRAL_LINK_REFUSED', 'accept'], ['REFERRAL_LINK_REFUSED', 'view'],
    ]);
    expect(new Set(audit.map((a: any) => a.actor_organization_id))).toEqual(new Set([hospital]));
  });

  it('accepts through the link with an appointment: the case manager sees ACCEPTED and the link as the actor', async () => {
    const { referralId } = await sentReferral();
    const token = await tokenOf(referralId);
    const appointmentAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const accepted = (await ok(gql(t, ACCEPT, { token, i: { appointmentAt, note: 'Datang ke poli PPT' } }))).acceptReferralByLink;
    expect(accepted).toMatchObject({ id: referralId, status: 'ACCEPTED', appointmentAt, client: { fullName: expect.any(String) } });

    const r = (await ok(gql(t, `query($id: ID!) { referral(id: $id) { status appointmentAt events { toStatus actorKind actorLinkId } } }`, { id: referralId }, cm.token))).referral;
    expect(r).toMatchObject({ status: 'ACCEPTED', appointmentAt });
    expect(r.events.at(-1)).toEqual({ toStatus: 'ACCEPTED', actorKind: 'LINK', actorLinkId: token.split('.')[0] });
    // The same effects as acceptReferral: the case manager is told.
    await eventually(async () => {
      const [n] = await t.db.query(`SELECT 1 FROM user_notification WHERE user_id = $1 AND template = 'referral.accepted' AND data->>'referralId' = $2`, [cm.id, referralId]);
      return n;
    }, 15_000, 100);
    expect((await errorOf(gql(t, ACCEPT, { token, i: {} }))).code).toBe('REFERRAL_LINK_INVALID');
  });

  it('refuses a link after its deadline, one cancelled, and one redirected away (the new provider gets its own)', async () => {
    const late = await sentReferral();
    const lateToken = await tokenOf(late.referralId);
    moveClock(73 * 3_600_000); // past the ROUTINE 72 h deadline, before the expiry job has run
    try {
      expect((await errorOf(view(lateToken))).code).toBe('REFERRAL_LINK_INVALID');
      expect((await errorOf(gql(t, ACCEPT, { token: lateToken, i: {} }))).code).toBe('REFERRAL_LINK_INVALID');
    } finally {
      resetClock();
    }
    expect((await ok(view(lateToken))).referralLink.status).toBe('SENT'); // the Clock back: still within the deadline

    const cancelled = await sentReferral();
    const cancelledToken = await tokenOf(cancelled.referralId);
    await ok(gql(t, `mutation($i: TransitionReferralInput!) { cancelReferral(input: $i) { status } }`, { i: { referralId: cancelled.referralId, reason: 'Klien pindah' } }, cm.token));
    expect((await errorOf(view(cancelledToken))).code).toBe('REFERRAL_LINK_INVALID');

    const moved = await sentReferral();
    const movedToken = await tokenOf(moved.referralId);
    const next = (await ok(gql(t, `mutation($i: RedirectReferralInput!) { redirectReferral(input: $i) { id } }`, { i: { referralId: moved.referralId, serviceId: shelterService, reason: 'Lebih dekat' } }, cm.token))).redirectReferral;
    expect((await errorOf(view(movedToken))).code).toBe('REFERRAL_LINK_INVALID');
    const nextView = (await ok(view(await tokenOf(next.id)))).referralLink;
    expect(nextView).toMatchObject({ id: next.id, status: 'SENT', service: { id: shelterService } });
  });

  it('refuses unknown, forged and malformed tokens and bad input on every link field, with one code', async () => {
    const { referralId } = await sentReferral();
    const genuine = await tokenOf(referralId);
    const forged = `${genuine.split('.')[0]}.${'A'.repeat(43)}`;
    const unknown = tokens.tokenFor(randomUUID());
    // From their own address: these fifteen refusals count against it (the last test shows the block).
    const from = { 'x-forwarded-for': '203.0.113.99' };
    for (const token of [unknown, forged, 'not-a-token', '', 'x'.repeat(500)]) {
      expect((await errorOf(view(token, from))).code).toBe('REFERRAL_LINK_INVALID');
      expect((await errorOf(gql(t, ACCEPT, { token, i: {} }, undefined, from))).code).toBe('REFERRAL_LINK_INVALID');
      expect((await errorOf(gql(t, DECLINE, { token, i: { declineReason: 'OTHER' } }, undefined, from))).code).toBe('REFERRAL_LINK_INVALID');
    }
    // Bad input is refused before anything is written; the link still works.
    expect((await errorOf(gql(t, DECLINE, { token: genuine, i: { declineReason: 'TOO_BUSY' } }))).code).toBe('BAD_USER_INPUT');
    expect((await errorOf(gql(t, ACCEPT, { token: genuine, i: { note: 'x'.repeat(2001) } }))).code).toBe('BAD_USER_INPUT');
    expect((await ok(view(genuine))).referralLink.status).toBe('SENT');
    // Indonesian by default.
    const id = await errorOf(gql(t, LINK, { token: unknown }, undefined, { 'accept-language': '', 'x-forwarded-for': '203.0.113.98' }));
    expect(id.message).toBe('Tautan rujukan ini tidak berlaku: mungkin sudah kedaluwarsa, sudah dijawab, atau ditarik kembali');
  });

  it('blocks an address after too many invalid tokens, as logins are', async () => {
    const from = { 'x-forwarded-for': `198.51.100.${1 + Math.floor(Math.random() * 250)}` };
    const unknown = tokens.tokenFor(randomUUID());
    for (let i = 0; i < 20; i++) expect((await errorOf(gql(t, LINK, { token: unknown }, undefined, from))).code).toBe('REFERRAL_LINK_INVALID');
    const blocked = await errorOf(gql(t, LINK, { token: unknown }, undefined, from));
    expect(blocked.code).toBe('TOO_MANY_REQUESTS');
    // Another address is not blocked.
    expect((await errorOf(gql(t, LINK, { token: unknown }, undefined, { 'x-forwarded-for': '203.0.113.7' }))).code).toBe('REFERRAL_LINK_INVALID');
  });
});
