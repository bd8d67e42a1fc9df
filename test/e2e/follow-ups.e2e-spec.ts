import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { moveClock, resetClock } from '../../src/common/clock';
import { JobName } from '../../src/jobs/job-registry';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { caseWithNeed, createOrg, createService, staff, TestUser } from '../support/factories';
import { clearRedisPrefix, eventually, startWorker, testQueue } from '../support/worker';

const DAY = 24 * 3600_000;
const HOUR = 3600_000;

/**
 * Follow-ups over HTTP with real Postgres and Redis and the worker running in this process: scheduled in the
 * transactions of the referral transitions, answered by case managers and partners, with consequences; the
 * time-based scans run on the Clock, which the tests move instead of sleeping.
 */
describe('follow-ups over HTTP (worker running)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let queue: Queue;
  let admin: string;
  let lk3: string;
  let hospital: string;
  let cm: TestUser;
  let supervisor: TestUser;
  let hospitalStaff: TestUser;
  let strangerStaff: TestUser;
  let otherCm: TestUser;
  const svc: Record<string, string> = {};

  const F = `id kind status contactTarget dueAt sequence attempts caseId referralId assigneeId providerOrganizationId channel reached result
             notes reassessmentInstrument question statusReason escalatedAt completedAt version contactPlan { allowed suggested advice }`;

  const followUps = async (filter: Record<string, unknown>, token = cm.token) =>
    (await ok(gql(t, `query($f: FollowUpFilter) { followUps(filter: $f, first: 30) { totalCount edges { node { ${F} } } } }`, { f: filter }, token))).followUps;
  const record = (input: Record<string, unknown>, token = cm.token) =>
    gql(t, `mutation($i: RecordFollowUpInput!) { recordFollowUp(input: $i) { needReopened caseFlaggedUnreachable alternatives { id name serviceTypes } followUp { ${F} } } }`, { i: input }, token);
  const transition = (m: string, input: Record<string, unknown>, token: string, type = 'TransitionReferralInput') =>
    ok(gql(t, `mutation($i: ${type}!) { ${m}(input: $i) { id status version } }`, { i: input }, token));

  /** Waits until the referral has a follow-up of this kind (in its transition's commit; the due scan's next checks come from the worker). */
  const waitFor = (referralId: string, kind: string, status = 'PENDING') =>
    eventually(async () => (await followUps({ referralId, kind })).edges.map((e: any) => e.node).find((n: any) => n.status === status), 10_000);

  /** A case with a need, matched (so the referral has alternatives), referred to the hospital and accepted. */
  async function acceptedReferral(opts: { appointmentAt?: string; client?: Record<string, unknown> } = {}) {
    const { caseId, needId, clientId } = await caseWithNeed(t, cm.token, { phone: '0800-0000-1234', ...opts.client });
    const match = await ok(gql(t, `query($n: ID!) { matchServices(input: { needId: $n }) { runId } }`, { n: needId }, cm.token));
    const created = await ok(gql(t, `mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }`, { i: { needId, serviceId: svc.hospital, send: true, matchRunId: match.matchServices.runId } }, cm.token));
    const referralId = created.createReferral.id as string;
    await transition('acceptReferral', { referralId, appointmentAt: opts.appointmentAt }, hospitalStaff.token, 'AcceptReferralInput');
    return { caseId, needId, clientId, referralId };
  }

  async function runJob(name: JobName, data: Record<string, unknown>): Promise<any> {
    const job = await queue.add(name, data, { jobId: `test__${name.replace('.', '_')}__${Math.random().toString(36).slice(2)}` });
    return eventually(async () => ((await job.isCompleted()) ? (await queue.getJob(job.id!))!.returnvalue ?? {} : null), 10_000);
  }

  beforeAll(async () => {
    process.env.OUTBOX_POLL_MS = '100';
    await clearRedisPrefix();
    t = await startApp();
    admin = (await userWithToken(t, 'ADMIN')).token;
    lk3 = await createOrg(t, { partnerKind: 'LK3' });
    hospital = await createOrg(t, { partnerKind: 'RUMAH_SAKIT' });
    const shelterA = await createOrg(t, { partnerKind: 'LSM' });
    const shelterB = await createOrg(t, { partnerKind: 'LSM' });
    const stranger = await createOrg(t, { partnerKind: 'LBH' });
    svc.hospital = await createService(t, admin, hospital, { name: 'hospital-shelter', serviceTypes: ['RUMAH_PERLINDUNGAN'], capacity: { available: 5, maximum: 10 } });
    svc.shelterA = await createService(t, admin, shelterA, { name: 'shelter-a', serviceTypes: ['RUMAH_PERLINDUNGAN'], capacity: { available: 2, maximum: 6 } });
    svc.shelterB = await createService(t, admin, shelterB, { name: 'shelter-b-counselling', serviceTypes: ['KONSELING'] });
    cm = await staff(t, 'CASE_MANAGER', lk3);
    supervisor = await staff(t, 'SUPERVISOR', lk3);
    hospitalStaff = await staff(t, 'PARTNER_STAFF', hospital);
    strangerStaff = await staff(t, 'PARTNER_STAFF', stranger);
    otherCm = await staff(t, 'CASE_MANAGER', await createOrg(t, { partnerKind: 'LK3' }));
    worker = await startWorker();
    queue = testQueue('followups');
  });

  afterEach(() => resetClock());

  afterAll(async () => {
    await queue?.close();
    await worker?.close();
    await t.close();
    delete process.env.OUTBOX_POLL_MS;
  });

  it('schedules the attendance check on the appointment day + 1 in the acceptance\'s commit, for the case manager, with the client contact plan', async () => {
    const appointment = new Date(Date.now() + 5 * DAY);
    const { referralId, caseId } = await acceptedReferral({ appointmentAt: appointment.toISOString() });
    // Written in the acceptance's own transaction: there when the mutation returns, created at the acceptance's time, with its event.
    expect(await t.db.query(
      `SELECT f.kind, f.created_at = r.answered_at AS with_acceptance, (SELECT count(*)::int FROM follow_up_event e WHERE e.follow_up_id = f.id AND e.type = 'CREATED') AS events
         FROM follow_up f JOIN referral r ON r.id = f.referral_id WHERE f.referral_id = $1`, [referralId],
    )).toEqual([{ kind: 'ATTENDANCE_CHECK', with_acceptance: true, events: 1 }]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM outbox_message WHERE topic LIKE 'followups.%' AND payload::text LIKE '%' || $1 || '%'`, [referralId])).toEqual([{ n: 0 }]);
    const task = await waitFor(referralId, 'ATTENDANCE_CHECK');
    expect(task).toMatchObject({ contactTarget: 'CLIENT', caseId, assigneeId: cm.id, sequence: 1, attempts: 0 });
    expect(new Date(task.dueAt).getTime()).toBe(appointment.getTime() + DAY);
    expect(task.contactPlan).toEqual({ allowed: ['PHONE', 'SMS', 'VISIT', 'OFFICE', 'EMAIL'], suggested: 'PHONE', advice: 'Call the client.' });
  });

  it('without an appointment, the attendance check falls due three days after the acceptance', async () => {
    const before = Date.now();
    const { referralId } = await acceptedReferral();
    const task = await waitFor(referralId, 'ATTENDANCE_CHECK');
    const due = new Date(task.dueAt).getTime();
    expect(due).toBeGreaterThanOrEqual(before + 3 * DAY);
    expect(due).toBeLessThanOrEqual(Date.now() + 3 * DAY);
  });

  it('a job delivered twice (or re-published under another id) creates one task', async () => {
    const { referralId } = await acceptedReferral();
    await waitFor(referralId, 'ATTENDANCE_CHECK');
    const [{ version }] = await t.db.query(`SELECT version FROM referral WHERE id = $1`, [referralId]);
    const results = await Promise.all([
      runJob('followups.referrals-changed', { referrals: [{ referralId, version }] }),
      runJob('followups.referrals-changed', { referrals: [{ referralId, version }] }),
    ]);
    expect(results.every((r) => r.created === 0)).toBe(true);
    expect((await followUps({ referralId })).totalCount).toBe(1);
    expect(await t.db.query(`SELECT type FROM follow_up_event WHERE follow_up_id = (SELECT id FROM follow_up WHERE referral_id = $1)`, [referralId])).toEqual([{ type: 'CREATED' }]);
  });

  it('NOT_ATTENDED reopens the need and offers the next alternatives of the same service type', async () => {
    const { referralId, needId, caseId } = await acceptedReferral();
    const task = await waitFor(referralId, 'ATTENDANCE_CHECK');
    const d = await ok(record({ followUpId: task.id, channel: 'PHONE', reached: true, result: 'NOT_ATTENDED', notes: 'Tidak datang' }));
    expect(d.recordFollowUp.followUp).toMatchObject({ status: 'DONE', result: 'NOT_ATTENDED', reached: true, channel: 'PHONE', attempts: 1 });
    expect(d.recordFollowUp.needReopened).toBe(true);
    expect(d.recordFollowUp.alternatives.map((s: any) => s.name)).toEqual(['shelter-a']);
    const kase = await ok(gql(t, `query($id: ID!) { case(id: $id) { needs { id status } } }`, { id: caseId }, cm.token));
    expect(kase.case.needs.find((n: any) => n.id === needId).status).toBe('OPEN');
    const events = await t.db.query(`SELECT type, from_status, to_status, actor_id, actor_kind, result FROM follow_up_event WHERE follow_up_id = $1 ORDER BY id`, [task.id]);
    expect(events).toEqual([
      { type: 'CREATED', from_status: null, to_status: 'PENDING', actor_id: null, actor_kind: 'SYSTEM', result: null },
      { type: 'DONE', from_status: 'PENDING', to_status: 'DONE', actor_id: cm.id, actor_kind: 'CASE_MANAGER', result: 'NOT_ATTENDED' },
    ]);
    // Done is done: a second answer is refused, naming the rule.
    expect(await errorOf(record({ followUpId: task.id, channel: 'PHONE', reached: true, result: 'ATTENDED' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.followUpId' });
  });

  it('a provider check appears in the partner organisation’s view only, and the partner’s answer completes it', async () => {
    const { referralId } = await acceptedReferral();
    await transition('startReferral', { referralId }, hospitalStaff.token);
    const task = await waitFor(referralId, 'PROVIDER_CHECK');
    expect(new Date(task.dueAt).getTime()).toBeGreaterThan(Date.now() + 13 * DAY);
    const theirs = await followUps({ referralId }, hospitalStaff.token);
    expect(theirs.edges.map((e: any) => e.node)).toEqual([expect.objectContaining({
      id: task.id, kind: 'PROVIDER_CHECK', question: 'Did the client attend, and is the service being received?', caseId: null, assigneeId: null, contactPlan: null,
    })]);
    expect((await followUps({}, strangerStaff.token)).totalCount).toBe(0);
    expect(await errorOf(record({ followUpId: task.id, channel: 'PARTNER_IN_RUJUK', reached: true, result: 'SERVICE_RECEIVED' }, strangerStaff.token))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await errorOf(record({ followUpId: task.id, channel: 'PHONE', reached: true, result: 'SERVICE_RECEIVED' }, hospitalStaff.token))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.channel' });
    const d = await ok(record({ followUpId: task.id, channel: 'PARTNER_IN_RUJUK', reached: true, result: 'SERVICE_RECEIVED', notes: 'Hadir setiap minggu' }, hospitalStaff.token));
    expect(d.recordFollowUp.followUp).toMatchObject({ status: 'DONE', result: 'SERVICE_RECEIVED', channel: 'PARTNER_IN_RUJUK' });
    const [ev] = await t.db.query(`SELECT actor_id, actor_kind FROM follow_up_event WHERE follow_up_id = $1 AND type = 'DONE'`, [task.id]);
    expect(ev).toEqual({ actor_id: hospitalStaff.id, actor_kind: 'PARTNER' });
    const mine = (await followUps({ referralId, kind: 'PROVIDER_CHECK' })).edges[0].node;
    expect(mine).toMatchObject({ status: 'DONE', notes: 'Hadir setiap minggu', caseId: expect.any(String) });
  });

  it('completion cancels the pending checks and schedules the outcome check at +30 days on the baseline’s instrument', async () => {
    const { referralId, caseId } = await acceptedReferral();
    // Follow-ups follow the referral's state when their job runs: a referral already started by then gets no
    // attendance check. This scenario needs one pending, so it waits for it before starting.
    const attendance = await waitFor(referralId, 'ATTENDANCE_CHECK');
    await ok(gql(t, `mutation($i: RecordAssessmentInput!) { recordAssessment(input: $i) { id } }`, { i: {
      caseId, instrument: 'PMKS-RISK', instrumentVersion: '1', baseline: true, items: [{ code: 'SAFETY', score: 2 }],
    } }, cm.token));
    await transition('startReferral', { referralId }, hospitalStaff.token);
    const provider = await waitFor(referralId, 'PROVIDER_CHECK');
    await transition('completeReferral', { referralId, outcome: 'NEED_MET' }, hospitalStaff.token, 'CompleteReferralInput');
    const outcome = await waitFor(referralId, 'OUTCOME_CHECK');
    const [{ closed_at }] = await t.db.query(`SELECT closed_at FROM referral WHERE id = $1`, [referralId]);
    expect(new Date(outcome.dueAt).getTime()).toBe(new Date(closed_at).getTime() + 30 * DAY);
    expect(outcome).toMatchObject({ contactTarget: 'CLIENT', reassessmentInstrument: 'PMKS-RISK' });
    const all = (await followUps({ referralId })).edges.map((e: any) => e.node);
    expect(all.find((n: any) => n.id === provider.id)).toMatchObject({ status: 'CANCELLED', statusReason: 'referral completed' });
    expect(all.find((n: any) => n.id === attendance.id)).toMatchObject({ status: 'CANCELLED', statusReason: 'referral completed' });
  });

  it('a cancelled (or redirected) referral cancels its pending follow-ups', async () => {
    const { referralId } = await acceptedReferral();
    await waitFor(referralId, 'ATTENDANCE_CHECK');
    await ok(gql(t, `mutation($i: RedirectReferralInput!) { redirectReferral(input: $i) { id } }`, { i: { referralId, serviceId: svc.shelterA, reason: 'Lebih dekat' } }, cm.token));
    const cancelled = await waitFor(referralId, 'ATTENDANCE_CHECK', 'CANCELLED');
    expect(cancelled.statusReason).toBe('referral redirected');
  });

  it('a referral declined before acceptance has its pending follow-ups cancelled in the same commit, each with its event', async () => {
    const { caseId, needId } = await caseWithNeed(t, cm.token, { phone: '0800-0000-1234' });
    const created = await ok(gql(t, `mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }`, { i: { needId, serviceId: svc.hospital, send: true } }, cm.token));
    const referralId = created.createReferral.id as string;
    const dueAt = new Date(Date.now() + 2 * DAY).toISOString();
    const custom = await ok(gql(t, `mutation($i: ScheduleFollowUpInput!) { scheduleFollowUp(input: $i) { id status } }`, { i: { caseId, referralId, kind: 'CUSTOM', contactTarget: 'PROVIDER', dueAt } }, cm.token));
    expect(custom.scheduleFollowUp.status).toBe('PENDING');
    await transition('declineReferral', { referralId, declineReason: 'CLIENT_UNREACHABLE' }, hospitalStaff.token, 'DeclineReferralInput');
    // No waiting: read straight after the decline's commit.
    const [task] = (await followUps({ referralId })).edges.map((e: any) => e.node);
    expect(task).toMatchObject({ id: custom.scheduleFollowUp.id, status: 'CANCELLED', statusReason: 'referral declined' });
    expect(await t.db.query(`SELECT type, actor_kind FROM follow_up_event WHERE follow_up_id = $1 ORDER BY id`, [task.id])).toEqual([
      { type: 'CREATED', actor_kind: 'CASE_MANAGER' }, { type: 'CANCELLED', actor_kind: 'SYSTEM' },
    ]);
  });

  it('closing the case cancels what is pending', async () => {
    const { referralId, caseId } = await acceptedReferral();
    const task = await waitFor(referralId, 'ATTENDANCE_CHECK');
    const custom = await ok(gql(t, `mutation($i: ScheduleFollowUpInput!) { scheduleFollowUp(input: $i) { id status } }`, { i: {
      caseId, kind: 'CUSTOM', contactTarget: 'CLIENT', dueAt: new Date(Date.now() + 7 * DAY).toISOString(), notes: 'Kunjungan rumah',
    } }, cm.token));
    // The accepted referral is still open: the case closes by force (its referral is cancelled by the system too).
    await ok(gql(t, `mutation($i: CloseCaseInput!) { closeCase(input: $i) { id } }`, { i: { caseId, reason: 'GOALS_MET', note: 'Kebutuhan terpenuhi', force: true } }, cm.token));
    const ids = await eventually(async () => {
      const rows = (await followUps({ caseId })).edges.map((e: any) => e.node);
      return rows.every((n: any) => n.status === 'CANCELLED') ? rows : null;
    });
    expect(ids.map((n: any) => n.id).sort()).toEqual([task.id, custom.scheduleFollowUp.id].sort());
    expect(ids.every((n: any) => n.statusReason === 'case closed')).toBe(true);
  });

  it('safe contact: no call or SMS to a number marked unsafe; the task says how to reach the client instead', async () => {
    const { referralId } = await acceptedReferral({ client: { safeContact: true, safeContactNote: 'Hubungi lewat kakaknya di pasar', contactPreference: 'PHONE' } });
    const task = await waitFor(referralId, 'ATTENDANCE_CHECK');
    expect(task.contactPlan.allowed).toEqual(['VISIT', 'OFFICE', 'EMAIL']);
    expect(task.contactPlan.suggested).toBe('OFFICE');
    expect(task.contactPlan.advice).toContain('Hubungi lewat kakaknya di pasar');
    for (const channel of ['PHONE', 'SMS']) {
      const e = await errorOf(record({ followUpId: task.id, channel, reached: false }));
      expect(e).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.channel' });
      expect(e.message).toContain('Safe contact');
    }
    expect((await ok(record({ followUpId: task.id, channel: 'VISIT', reached: true, result: 'ATTENDED' }))).recordFollowUp.followUp.status).toBe('DONE');
  });

  it('three unreached attempts in a row flag the case; reaching the client clears it', async () => {
    const { referralId, caseId } = await acceptedReferral();
    const task = await waitFor(referralId, 'ATTENDANCE_CHECK');
    const flags: boolean[] = [];
    for (let i = 0; i < 3; i++) flags.push((await ok(record({ followUpId: task.id, channel: 'PHONE', reached: false }))).recordFollowUp.caseFlaggedUnreachable);
    expect(flags).toEqual([false, false, true]);
    const [k] = await t.db.query(`SELECT unreachable_since FROM client_case WHERE id = $1`, [caseId]);
    expect(k.unreachable_since).not.toBeNull();
    expect(await t.db.query(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1 AND type = 'CLIENT_UNREACHABLE'`, [caseId])).toEqual([{ n: 1 }]);
    const load = await ok(gql(t, `{ caseload { caseManagerId openCases overdueFollowUps referralsAwaitingAnswer oldestWaitingSince unreachableCases } }`, {}, supervisor.token));
    expect(load.caseload.find((e: any) => e.caseManagerId === cm.id).unreachableCases).toBeGreaterThanOrEqual(1);
    const done = await ok(record({ followUpId: task.id, channel: 'VISIT', reached: true, result: 'ATTENDED' }));
    expect(done.recordFollowUp.followUp.attempts).toBe(4);
    expect((await t.db.query(`SELECT unreachable_since FROM client_case WHERE id = $1`, [caseId]))[0].unreachable_since).toBeNull();
  });

  it('an overdue follow-up is announced when due and escalated to the supervisors once, after the grace period', async () => {
    const { referralId } = await acceptedReferral({ appointmentAt: new Date(Date.now() + DAY).toISOString() });
    const task = await waitFor(referralId, 'ATTENDANCE_CHECK');
    const notices = async (template: string) => t.db.query(`SELECT payload FROM outbox_message WHERE topic = $1 AND payload->'data'->>'followUpId' = $2`, [template, task.id]);
    moveClock(2 * DAY + HOUR); // due (appointment + 1 day), not yet past the 48 h grace
    const dueNotices = async () => t.db.query(`SELECT payload FROM outbox_message WHERE topic = 'followup.due' AND payload->'recipient'->>'userId' = $1`, [cm.id]);
    const noticesBefore = (await dueNotices()).length;
    await runJob('followups.due-scan', {});
    const [{ notified_at: announcedAt }] = await t.db.query(`SELECT notified_at FROM follow_up WHERE id = $1`, [task.id]);
    expect(announcedAt).not.toBeNull();
    const told = await dueNotices();
    expect(told.length).toBe(noticesBefore + 1); // one message for the case manager's tasks due in this scan
    expect(Number(told.at(-1).payload.data.count)).toBeGreaterThanOrEqual(1);
    expect(await notices('followup.overdue')).toHaveLength(0);
    const overdue = await followUps({ overdue: true, assignedToMe: true });
    expect(overdue.edges.map((e: any) => e.node.id)).toContain(task.id);
    moveClock(2 * DAY); // beyond the grace period
    await runJob('followups.due-scan', {});
    await runJob('followups.due-scan', {});
    moveClock(DAY);
    await runJob('followups.due-scan', {});
    const escalations = await notices('followup.overdue');
    expect(escalations).toHaveLength(1);
    expect(escalations[0].payload.recipient).toEqual({ organizationId: lk3, role: 'SUPERVISOR' });
    expect((await t.db.query(`SELECT notified_at FROM follow_up WHERE id = $1`, [task.id]))[0].notified_at).toEqual(announcedAt); // announced once
    expect(await t.db.query(`SELECT count(*)::int AS n FROM follow_up_event WHERE follow_up_id = $1 AND type = 'ESCALATED'`, [task.id])).toEqual([{ n: 1 }]);
    const stored = await eventually(async () => (await ok(gql(t, `{ notifications(first: 50) { edges { node { template } } } }`, {}, supervisor.token))).notifications.edges.find((e: any) => e.node.template === 'followup.overdue'));
    expect(stored).toBeDefined();
    const mine = (await followUps({ referralId })).edges[0].node;
    expect(mine.escalatedAt).not.toBeNull();
  });

  it('a case quiet for 30 days gets one STALE_CASE task, however often the scan runs', async () => {
    const { caseId } = await caseWithNeed(t, cm.token);
    moveClock(29 * DAY);
    await runJob('followups.stale-scan', {});
    expect((await followUps({ caseId, kind: 'STALE_CASE' })).totalCount).toBe(0);
    moveClock(2 * DAY);
    await runJob('followups.stale-scan', {});
    await runJob('followups.stale-scan', {});
    const stale = await followUps({ caseId, kind: 'STALE_CASE' });
    expect(stale.totalCount).toBe(1);
    expect(stale.edges[0].node).toMatchObject({ status: 'PENDING', contactTarget: 'CLIENT', assigneeId: cm.id });
  });

  it('a provider check that falls due asks the partner and schedules the next one 14 days later', async () => {
    const { referralId } = await acceptedReferral();
    await transition('startReferral', { referralId }, hospitalStaff.token);
    const first = await waitFor(referralId, 'PROVIDER_CHECK');
    moveClock(15 * DAY);
    await runJob('followups.due-scan', {});
    const checks = (await followUps({ referralId, kind: 'PROVIDER_CHECK' }, hospitalStaff.token)).edges.map((e: any) => e.node);
    expect(checks.map((c: any) => c.sequence)).toEqual([1, 2]);
    expect(new Date(checks[1].dueAt).getTime()).toBe(new Date(first.dueAt).getTime() + 14 * DAY);
    const asked = await t.db.query(`SELECT payload FROM outbox_message WHERE topic = 'followup.provider-question' AND payload->'data'->>'followUpId' = $1`, [first.id]);
    expect(asked.map((a: any) => a.payload.recipient)).toEqual([{ organizationId: hospital }]);
  });

  describe('mutations and queries: success and refusal', () => {
    let caseId: string;
    beforeAll(async () => {
      caseId = (await caseWithNeed(t, cm.token)).caseId;
    });

    it('scheduleFollowUp: the case side schedules; another organisation gets NOT_FOUND; STALE_CASE and a provider contact without referral are refused', async () => {
      const dueAt = new Date(Date.now() + 2 * DAY).toISOString();
      const d = await ok(gql(t, `mutation($i: ScheduleFollowUpInput!) { scheduleFollowUp(input: $i) { ${F} } }`, { i: { caseId, kind: 'REASSESSMENT', contactTarget: 'CLIENT', dueAt } }, cm.token));
      expect(d.scheduleFollowUp).toMatchObject({ kind: 'REASSESSMENT', status: 'PENDING', assigneeId: cm.id, dueAt });
      const s = (i: Record<string, unknown>, token = cm.token) => errorOf(gql(t, `mutation($i: ScheduleFollowUpInput!) { scheduleFollowUp(input: $i) { id } }`, { i: { caseId, contactTarget: 'CLIENT', dueAt, kind: 'CUSTOM', ...i } }, token));
      expect(await s({}, otherCm.token)).toMatchObject({ code: 'NOT_FOUND' });
      expect(await s({ kind: 'STALE_CASE' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.kind' });
      expect(await s({ contactTarget: 'PROVIDER' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.referralId' });
      expect(await s({}, hospitalStaff.token)).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('rescheduleFollowUp and cancelFollowUp: the case side only, pending only', async () => {
      const dueAt = new Date(Date.now() + 2 * DAY).toISOString();
      const { scheduleFollowUp: f } = await ok(gql(t, `mutation($i: ScheduleFollowUpInput!) { scheduleFollowUp(input: $i) { id } }`, { i: { caseId, kind: 'CUSTOM', contactTarget: 'CLIENT', dueAt } }, cm.token));
      const later = new Date(Date.now() + 9 * DAY).toISOString();
      const moved = await ok(gql(t, `mutation($i: RescheduleFollowUpInput!) { rescheduleFollowUp(input: $i) { dueAt version } }`, { i: { followUpId: f.id, dueAt: later, reason: 'Klien di luar kota' } }, supervisor.token));
      expect(moved.rescheduleFollowUp).toEqual({ dueAt: later, version: 2 });
      expect(await errorOf(gql(t, `mutation($i: RescheduleFollowUpInput!) { rescheduleFollowUp(input: $i) { id } }`, { i: { followUpId: f.id, dueAt: later, reason: 'x' } }, otherCm.token))).toMatchObject({ code: 'NOT_FOUND' });
      expect(await errorOf(gql(t, `mutation($i: RescheduleFollowUpInput!) { rescheduleFollowUp(input: $i) { id } }`, { i: { followUpId: f.id, dueAt: later, reason: '' } }, cm.token))).toMatchObject({ code: 'BAD_USER_INPUT' });
      const c = await ok(gql(t, `mutation($i: CancelFollowUpInput!) { cancelFollowUp(input: $i) { status statusReason } }`, { i: { followUpId: f.id, reason: 'Tidak perlu lagi' } }, cm.token));
      expect(c.cancelFollowUp).toEqual({ status: 'CANCELLED', statusReason: 'Tidak perlu lagi' });
      expect(await errorOf(gql(t, `mutation($i: CancelFollowUpInput!) { cancelFollowUp(input: $i) { id } }`, { i: { followUpId: f.id, reason: 'lagi' } }, cm.token))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.followUpId' });
      const events = await t.db.query(`SELECT type, actor_id FROM follow_up_event WHERE follow_up_id = $1 ORDER BY id`, [f.id]);
      expect(events).toEqual([{ type: 'CREATED', actor_id: cm.id }, { type: 'RESCHEDULED', actor_id: supervisor.id }, { type: 'CANCELLED', actor_id: cm.id }]);
      await expect(t.db.query(`UPDATE follow_up_event SET reason = 'x' WHERE follow_up_id = $1`, [f.id])).rejects.toThrow(/append-only/);
    });

    it('followUps: filters and bounds; coordinators are refused', async () => {
      const mine = await followUps({ caseId, assignedToMe: true });
      expect(mine.totalCount).toBeGreaterThanOrEqual(1);
      expect((await followUps({ caseId }, otherCm.token)).totalCount).toBe(0);
      const coordinator = await staff(t, 'COORDINATOR', lk3);
      expect(await errorOf(gql(t, `{ followUps { totalCount } }`, {}, coordinator.token))).toMatchObject({ code: 'FORBIDDEN' });
      expect((await gql(t, `{ followUps(first: 101) { totalCount } }`, {}, cm.token)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const soon = await followUps({ dueBefore: new Date(Date.now() + 3 * DAY).toISOString(), caseId });
      expect(soon.edges.every((e: any) => new Date(e.node.dueAt).getTime() < Date.now() + 3 * DAY)).toBe(true);
    });

    it('caseload: per case manager for supervisors; case managers are refused', async () => {
      const d = await ok(gql(t, `{ caseload { caseManagerId name openCases overdueFollowUps referralsAwaitingAnswer oldestWaitingSince unreachableCases } }`, {}, supervisor.token));
      const entry = d.caseload.find((e: any) => e.caseManagerId === cm.id);
      expect(entry.openCases).toBeGreaterThanOrEqual(1);
      expect(d.caseload.find((e: any) => e.caseManagerId === otherCm.id)).toBeUndefined();
      expect(await errorOf(gql(t, `{ caseload { caseManagerId } }`, {}, cm.token))).toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});
