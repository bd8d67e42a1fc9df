import { INestApplicationContext } from '@nestjs/common';
import { CancelForClosedCaseJob } from '../../src/referrals/jobs/cancel-for-closed-case.job';
import { errorOf, gql, ok, startApp, TestApp } from '../support/harness';
import {
  addNeed, caseWithNeed, createOrg, createReferral, createService, openCase, recordConsent, registerClient, staff, TestUser,
} from '../support/factories';
import { clearRedisPrefix, eventually, startWorker } from '../support/worker';

/**
 * The loop after acceptance, in the cases feature: reassessment against the baseline (assessmentChange), goal
 * evaluation (evaluateGoal), closure with a reason code (closeCase: refused while referrals are open unless
 * forced, when the referrals feature's job cancels them), reopening (reopenCase), and one case walked through
 * every stage with its timeline read in order.
 */
describe('case evaluation, closure and reopening over HTTP', () => {
  let t: TestApp;
  let admin: TestUser;
  let cm: TestUser;
  let otherOrgCm: TestUser;
  let partner: TestUser;
  let hospital: string;
  let service: string;

  const CLOSE = `mutation($i: CloseCaseInput!) { closeCase(input: $i) { id stage closedAt closureReason closureNote } }`;
  const REOPEN = `mutation($c: ID!, $n: String!) { reopenCase(caseId: $c, note: $n) { id stage closedAt closureReason closureNote } }`;
  const EVALUATE = `mutation($i: EvaluateGoalInput!) { evaluateGoal(input: $i) { id status attainment evaluatedAt evaluatedBy } }`;
  const CHANGE = `query($a: ID, $c: ID) { assessmentChange(assessmentId: $a, caseId: $c) {
    baselineId assessmentId instrument baselineTotal total totalDelta items { code baseline current delta } } }`;
  const ASSESS = `mutation($i: RecordAssessmentInput!) { recordAssessment(input: $i) { id baseline comparison { totalDelta } } }`;
  const SET_GOALS = `mutation($i: SetGoalsInput!) { setGoals(input: $i) { id status attainment } }`;
  const REFERRAL = (m: string, type: string) => `mutation($i: ${type}!) { ${m}(input: $i) { id status } }`;
  const TIMELINE = `query($id: ID!) { case(id: $id) { stage events { type fromState toState code reason goalId actorId at } } }`;
  const goal = (description: string) => ({ term: 'SHORT', description, evaluationCriteria: 'Dinilai bersama klien', targetDate: '2027-06-30' });
  const statusOf = async (referralId: string) => (await ok(gql(t, `query($id: ID!) { referral(id: $id) { status } }`, { id: referralId }, cm.token))).referral.status;

  beforeAll(async () => {
    await clearRedisPrefix();
    t = await startApp();
    admin = await staff(t, 'ADMIN', null);
    const lk3 = await createOrg(t, { name: 'LK3 Cimahi' });
    cm = await staff(t, 'CASE_MANAGER', lk3, '32.77');
    otherOrgCm = await staff(t, 'CASE_MANAGER', await createOrg(t, { name: 'LK3 Lain' }), '32.77');
    hospital = await createOrg(t, { name: 'RSUD Cimahi', partnerKind: 'RUMAH_SAKIT' });
    partner = await staff(t, 'PARTNER_STAFF', hospital);
    service = await createService(t, admin.token, hospital, { name: 'Layanan Psikososial RSUD', capacity: { available: 5, maximum: 10 } });
  });
  afterAll(() => t.close());

  it('walks one case through every stage and reads its timeline in order', async () => {
    // Intake: registration, case, need, consent.
    const clientId = await registerClient(t, cm.token, { fullName: 'Ibu Siklus Lengkap' });
    const caseId = await openCase(t, cm.token, clientId, { note: 'Datang sendiri ke LK3' });
    const needId = await addNeed(t, cm.token, caseId);
    const stage = (to: string) => ok(gql(t, `mutation($i: SetCaseStageInput!) { setCaseStage(input: $i) { stage } }`, { i: { caseId, stage: to } }, cm.token));
    // Assessment with a baseline.
    await stage('ASSESSMENT');
    const items = (safety: number, support: number) => [{ code: 'safety', score: safety }, { code: 'support', score: support }];
    const baseline = (await ok(gql(t, ASSESS, { i: { caseId, instrument: 'SWB', instrumentVersion: '1', baseline: true, items: items(1, 2) } }, cm.token))).recordAssessment;
    // Planning with goals.
    await stage('PLANNING');
    const goals = (await ok(gql(t, SET_GOALS, { i: { caseId, goals: [goal('Tempat tinggal aman'), goal('Dukungan psikososial')] } }, cm.token))).setGoals;
    // Intervention by referral: consent, match, send, the partner accepts, starts, completes.
    await stage('INTERVENTION');
    await recordConsent(t, cm.token, clientId, caseId);
    const match = (await ok(gql(t, `query($i: MatchInput!) { matchServices(input: $i) { runId candidates { service { id } } } }`, { i: { needId } }, cm.token))).matchServices;
    expect(match.candidates.map((c: any) => c.service.id)).toContain(service);
    const referralId = await createReferral(t, cm.token, needId, service, { matchRunId: match.runId });
    await ok(gql(t, REFERRAL('acceptReferral', 'AcceptReferralInput'), { i: { referralId, appointmentAt: '2027-01-05T02:00:00Z' } }, partner.token));
    await ok(gql(t, REFERRAL('startReferral', 'TransitionReferralInput'), { i: { referralId } }, partner.token));
    await ok(gql(t, REFERRAL('completeReferral', 'CompleteReferralInput'), { i: { referralId, outcome: 'NEED_MET' } }, partner.token));
    // Monitoring: the contact is recorded as a case note.
    await stage('MONITORING');
    await ok(gql(t, `mutation($c: ID!, $b: String!) { addCaseNote(caseId: $c, body: $b) { id } }`, { c: caseId, b: 'Telepon klien: layanan diterima, merasa lebih aman' }, cm.token));
    // Reassessment on the baseline's instrument, and the change against the baseline.
    const again = (await ok(gql(t, ASSESS, { i: { caseId, instrument: 'SWB', instrumentVersion: '1', items: items(4, 3) } }, cm.token))).recordAssessment;
    const change = (await ok(gql(t, CHANGE, { c: caseId }, cm.token))).assessmentChange;
    expect(change).toEqual({
      baselineId: baseline.id, assessmentId: again.id, instrument: 'SWB', baselineTotal: 3, total: 7, totalDelta: 4,
      items: [{ code: 'safety', baseline: 1, current: 4, delta: 3 }, { code: 'support', baseline: 2, current: 3, delta: 1 }],
    });
    // Evaluation of the goals.
    await stage('EVALUATION');
    await ok(gql(t, EVALUATE, { i: { goalId: goals[0].id, attainment: 'ACHIEVED', note: 'Tinggal di rumah aman' } }, cm.token));
    await ok(gql(t, EVALUATE, { i: { goalId: goals[1].id, attainment: 'PARTLY' } }, cm.token));
    // Termination.
    const closed = (await ok(gql(t, CLOSE, { i: { caseId, reason: 'GOALS_MET', note: 'Tujuan tercapai' } }, cm.token))).closeCase;
    expect(closed).toMatchObject({ stage: 'CLOSED', closureReason: 'GOALS_MET', closureNote: 'Tujuan tercapai' });

    const { events } = (await ok(gql(t, TIMELINE, { id: caseId }, cm.token))).case;
    expect(events.map((e: any) => [e.type, e.toState])).toEqual([
      ['CASE_OPENED', 'INTAKE'],
      ['NEED_ADDED', 'OPEN'],
      ['STAGE_CHANGED', 'ASSESSMENT'],
      ['BASELINE_RECORDED', null],
      ['STAGE_CHANGED', 'PLANNING'],
      ['GOALS_SET', null],
      ['STAGE_CHANGED', 'INTERVENTION'],
      ['NEED_STATUS_CHANGED', 'REFERRED'],
      ['NEED_STATUS_CHANGED', 'BEING_SERVED'],
      ['NEED_STATUS_CHANGED', 'MET'],
      ['STAGE_CHANGED', 'MONITORING'],
      ['NOTE_ADDED', null],
      ['REASSESSMENT_RECORDED', null],
      ['STAGE_CHANGED', 'EVALUATION'],
      ['GOAL_EVALUATED', 'ACHIEVED'],
      ['GOAL_EVALUATED', 'PARTLY'],
      ['CASE_CLOSED', 'CLOSED'],
    ]);
    const times = events.map((e: any) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(events.find((e: any) => e.type === 'GOAL_EVALUATED')).toMatchObject({ goalId: goals[0].id, code: 'ACHIEVED', reason: 'Tinggal di rumah aman', actorId: cm.id });
    expect(events.at(-1)).toMatchObject({ fromState: 'EVALUATION', code: 'GOALS_MET', reason: 'Tujuan tercapai', actorId: cm.id });
  });

  describe('assessmentChange and the baseline instrument', () => {
    it('gives the change of a named reassessment, or null for a case without one; refuses a baseline, both or neither id', async () => {
      const caseId = await openCase(t, cm.token, await registerClient(t, cm.token));
      expect((await ok(gql(t, CHANGE, { c: caseId }, cm.token))).assessmentChange).toBeNull();
      const base = (await ok(gql(t, ASSESS, { i: { caseId, instrument: 'SWB', instrumentVersion: '1', baseline: true, items: [{ code: 'a', score: 2 }] } }, cm.token))).recordAssessment;
      const first = (await ok(gql(t, ASSESS, { i: { caseId, instrument: 'SWB', instrumentVersion: '1', items: [{ code: 'a', score: 3 }] } }, cm.token))).recordAssessment;
      await ok(gql(t, ASSESS, { i: { caseId, instrument: 'SWB', instrumentVersion: '1', items: [{ code: 'a', score: 5 }] } }, cm.token));
      expect((await ok(gql(t, CHANGE, { a: first.id }, cm.token))).assessmentChange).toMatchObject({ assessmentId: first.id, baselineId: base.id, totalDelta: 1 });
      expect((await ok(gql(t, CHANGE, { c: caseId }, cm.token))).assessmentChange).toMatchObject({ totalDelta: 3 });
      await expect(errorOf(gql(t, CHANGE, { a: base.id }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'assessmentId' });
      await expect(errorOf(gql(t, CHANGE, {}, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'assessmentId' });
      await expect(errorOf(gql(t, CHANGE, { a: first.id, c: caseId }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'assessmentId' });
      await expect(errorOf(gql(t, CHANGE, { a: first.id }, otherOrgCm.token))).resolves.toMatchObject({ code: 'NOT_FOUND' });
      await expect(errorOf(gql(t, CHANGE, { c: caseId }, partner.token))).resolves.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('refuses a reassessment on another instrument than the baseline, or before any baseline, writing nothing', async () => {
      const caseId = await openCase(t, cm.token, await registerClient(t, cm.token));
      const reassess = (instrument: string) => errorOf(gql(t, ASSESS, { i: { caseId, instrument, instrumentVersion: '1', items: [{ code: 'a', score: 1 }] } }, cm.token));
      await expect(reassess('SWB')).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.instrument', message: expect.stringContaining('no baseline') });
      await ok(gql(t, ASSESS, { i: { caseId, instrument: 'SWB', instrumentVersion: '1', baseline: true, items: [{ code: 'a', score: 2 }] } }, cm.token));
      await expect(reassess('PHQ-9')).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.instrument', message: expect.stringContaining('(SWB)') });
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM assessment WHERE case_id = $1`, [caseId]);
      expect(n).toBe(1);
    });
  });

  describe('evaluateGoal', () => {
    it('records attainment as an append-only case event each time; setGoals cannot evaluate, and setting a goal ACTIVE clears it', async () => {
      const caseId = await openCase(t, cm.token, await registerClient(t, cm.token));
      const [g] = (await ok(gql(t, SET_GOALS, { i: { caseId, goals: [goal('Anak kembali sekolah')] } }, cm.token))).setGoals;
      const first = (await ok(gql(t, EVALUATE, { i: { goalId: g.id, attainment: 'NOT_ACHIEVED', note: 'Belum terdaftar' } }, cm.token))).evaluateGoal;
      expect(first).toMatchObject({ id: g.id, status: 'EVALUATED', attainment: 'NOT_ACHIEVED', evaluatedBy: cm.id, evaluatedAt: expect.any(String) });
      await ok(gql(t, EVALUATE, { i: { goalId: g.id, attainment: 'PARTLY' } }, cm.token));
      const { events } = (await ok(gql(t, TIMELINE, { id: caseId }, cm.token))).case;
      expect(events.filter((e: any) => e.type === 'GOAL_EVALUATED').map((e: any) => [e.goalId, e.fromState, e.code, e.reason])).toEqual([
        [g.id, null, 'NOT_ACHIEVED', 'Belum terdaftar'],
        [g.id, 'NOT_ACHIEVED', 'PARTLY', null],
      ]);
      await expect(errorOf(gql(t, SET_GOALS, { i: { caseId, goals: [{ ...goal('Anak kembali sekolah'), id: g.id, status: 'EVALUATED' }] } }, cm.token)))
        .resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.goals[0].status' });
      const kept = (await ok(gql(t, SET_GOALS, { i: { caseId, goals: [{ ...goal('Anak kembali ke sekolah'), id: g.id }] } }, cm.token))).setGoals;
      expect(kept).toEqual([{ id: g.id, status: 'EVALUATED', attainment: 'PARTLY' }]);
      const reset = (await ok(gql(t, SET_GOALS, { i: { caseId, goals: [{ ...goal('Anak kembali ke sekolah'), id: g.id, status: 'ACTIVE' }] } }, cm.token))).setGoals;
      expect(reset).toEqual([{ id: g.id, status: 'ACTIVE', attainment: null }]);
    });

    it('refuses a cancelled goal, an unknown goal, other organisations and a closed case', async () => {
      const caseId = await openCase(t, cm.token, await registerClient(t, cm.token));
      const [g, cancelled] = (await ok(gql(t, SET_GOALS, { i: { caseId, goals: [goal('Pekerjaan tetap'), { ...goal('Pindah rumah'), status: 'CANCELLED' }] } }, cm.token))).setGoals;
      await expect(errorOf(gql(t, EVALUATE, { i: { goalId: cancelled.id, attainment: 'ACHIEVED' } }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.goalId' });
      await expect(errorOf(gql(t, EVALUATE, { i: { goalId: '00000000-0000-4000-8000-000000000000', attainment: 'ACHIEVED' } }, cm.token))).resolves.toMatchObject({ code: 'NOT_FOUND' });
      for (const who of [otherOrgCm, partner]) {
        await expect(errorOf(gql(t, EVALUATE, { i: { goalId: g.id, attainment: 'ACHIEVED' } }, who.token))).resolves.toMatchObject({ code: 'NOT_FOUND' });
      }
      await ok(gql(t, CLOSE, { i: { caseId, reason: 'CLIENT_REQUEST' } }, cm.token));
      await expect(errorOf(gql(t, EVALUATE, { i: { goalId: g.id, attainment: 'ACHIEVED' } }, cm.token))).resolves.toMatchObject({ code: 'CONFLICT' });
      const [row] = await t.db.query(`SELECT status, attainment FROM goal WHERE id = $1`, [g.id]);
      expect(row).toEqual({ status: 'ACTIVE', attainment: null });
    });
  });

  describe('closeCase and reopenCase', () => {
    it('refuses to close while referrals are open, naming them, and leaves the case and referrals as they were', async () => {
      const { caseId, needId } = await caseWithNeed(t, cm.token);
      const referralId = await createReferral(t, cm.token, needId, service);
      const err = await errorOf(gql(t, CLOSE, { i: { caseId, reason: 'CLIENT_UNREACHABLE' } }, cm.token));
      expect(err).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.force' });
      expect(err.message).toContain(`${referralId} (SENT, Layanan Psikososial RSUD)`);
      await expect(errorOf(gql(t, CLOSE, { i: { caseId, reason: 'CLIENT_UNREACHABLE', force: true } }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.note' });
      const view = (await ok(gql(t, TIMELINE, { id: caseId }, cm.token))).case;
      expect(view.stage).toBe('INTAKE');
      expect(view.events.map((e: any) => e.type)).not.toContain('CASE_CLOSED');
      expect(await statusOf(referralId)).toBe('SENT');
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM outbox_message WHERE topic = 'referrals.cancel-for-closed-case'`);
      expect(n).toBe(0);
    });

    it('refuses setCaseStage to or from CLOSED, a case already closed, a reopen of an open case, and other organisations', async () => {
      const caseId = await openCase(t, cm.token, await registerClient(t, cm.token));
      const STAGE = `mutation($i: SetCaseStageInput!) { setCaseStage(input: $i) { stage } }`;
      await expect(errorOf(gql(t, STAGE, { i: { caseId, stage: 'CLOSED' } }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'stage' });
      await expect(errorOf(gql(t, REOPEN, { c: caseId, n: 'Kembali' }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'caseId' });
      await ok(gql(t, CLOSE, { i: { caseId, reason: 'DECEASED' } }, cm.token));
      await expect(errorOf(gql(t, CLOSE, { i: { caseId, reason: 'DECEASED' } }, cm.token))).resolves.toMatchObject({ code: 'CONFLICT' });
      await expect(errorOf(gql(t, STAGE, { i: { caseId, stage: 'PLANNING' } }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'stage' });
      await expect(errorOf(gql(t, REOPEN, { c: caseId, n: '  ' }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
      for (const who of [otherOrgCm, partner]) {
        await expect(errorOf(gql(t, REOPEN, { c: caseId, n: 'Kembali' }, who.token))).resolves.toMatchObject({ code: 'NOT_FOUND' });
      }
    });

    it('reopens a closed case at ASSESSMENT, records it, and closes it again', async () => {
      const caseId = await openCase(t, cm.token, await registerClient(t, cm.token));
      await ok(gql(t, CLOSE, { i: { caseId, reason: 'OTHER', note: 'Klien menikah dan pindah' } }, cm.token));
      const reopened = (await ok(gql(t, REOPEN, { c: caseId, n: 'Klien kembali, kekerasan terulang' }, cm.token))).reopenCase;
      expect(reopened).toEqual({ id: caseId, stage: 'ASSESSMENT', closedAt: null, closureReason: null, closureNote: null });
      await ok(gql(t, `mutation($c: ID!) { addCaseNote(caseId: $c, body: "Asesmen ulang dijadwalkan") { id } }`, { c: caseId }, cm.token));
      await ok(gql(t, CLOSE, { i: { caseId, reason: 'REFERRED_ELSEWHERE', note: 'Ditangani P2TP2A' } }, cm.token));
      const { events } = (await ok(gql(t, TIMELINE, { id: caseId }, cm.token))).case;
      expect(events.map((e: any) => [e.type, e.fromState, e.toState, e.code, e.reason])).toEqual([
        ['CASE_OPENED', null, 'INTAKE', null, null],
        ['CASE_CLOSED', 'INTAKE', 'CLOSED', 'OTHER', 'Klien menikah dan pindah'],
        ['CASE_REOPENED', 'CLOSED', 'ASSESSMENT', null, 'Klien kembali, kekerasan terulang'],
        ['NOTE_ADDED', null, null, null, null],
        ['CASE_CLOSED', 'ASSESSMENT', 'CLOSED', 'REFERRED_ELSEWHERE', 'Ditangani P2TP2A'],
      ]);
      const audit = await t.db.query(`SELECT action FROM audit_event WHERE entity_id = $1 AND action LIKE 'CASE_%' ORDER BY id`, [caseId]);
      expect(audit.map((a: any) => a.action)).toEqual(['CASE_OPENED', 'CASE_CLOSED', 'CASE_REOPENED', 'CASE_NOTE_ADDED', 'CASE_CLOSED']);
    });

    describe('forced: the job delivered by hand (relay off)', () => {
      let worker: INestApplicationContext;
      beforeAll(async () => {
        process.env.OUTBOX_RELAY_ENABLED = 'false';
        worker = await startWorker();
      });
      afterAll(async () => {
        await worker.close();
        delete process.env.OUTBOX_RELAY_ENABLED;
      });

      it('queues one job with the closure; delivered twice it cancels once; after a reopen it does nothing', async () => {
        const job = worker.get(CancelForClosedCaseJob);
        const a = await caseWithNeed(t, cm.token);
        const sent = await createReferral(t, cm.token, a.needId, service);
        await ok(gql(t, CLOSE, { i: { caseId: a.caseId, reason: 'CLIENT_UNREACHABLE', force: true, note: 'Tiga kali tidak bisa dihubungi' } }, cm.token));
        const rows = await t.db.query(`SELECT payload FROM outbox_message WHERE topic = 'referrals.cancel-for-closed-case' AND payload->>'caseId' = $1`, [a.caseId]);
        expect(rows).toEqual([{ payload: { caseId: a.caseId } }]);
        await expect(job.handle({ caseId: a.caseId })).resolves.toEqual({ cancelled: [sent] });
        await expect(job.handle({ caseId: a.caseId })).resolves.toEqual({ cancelled: [] });
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM referral_event WHERE referral_id = $1 AND to_status = 'CANCELLED'`, [sent]);
        expect(n).toBe(1);

        const b = await caseWithNeed(t, cm.token);
        const kept = await createReferral(t, cm.token, b.needId, service);
        await ok(gql(t, CLOSE, { i: { caseId: b.caseId, reason: 'CLIENT_REQUEST', force: true, note: 'Klien minta berhenti' } }, cm.token));
        await ok(gql(t, REOPEN, { c: b.caseId, n: 'Klien berubah pikiran' }, cm.token));
        await expect(job.handle({ caseId: b.caseId })).resolves.toEqual({ cancelled: [] });
        expect(await statusOf(kept)).toBe('SENT');
      });
    });

    describe('forced, with the worker and its relay running', () => {
      let worker: INestApplicationContext;
      beforeAll(async () => {
        process.env.OUTBOX_POLL_MS = '100';
        worker = await startWorker();
      });
      afterAll(() => worker.close());

      it('closes the case and the system cancels its open referrals ("case closed"), leaving finished ones alone', async () => {
        const { caseId, needId } = await caseWithNeed(t, cm.token);
        const secondNeed = await addNeed(t, cm.token, caseId);
        const sent = await createReferral(t, cm.token, needId, service);
        const draft = await createReferral(t, cm.token, secondNeed, service, { send: false });
        await ok(gql(t, REFERRAL('acceptReferral', 'AcceptReferralInput'), { i: { referralId: sent } }, partner.token));
        const other = await caseWithNeed(t, cm.token);
        const declined = await createReferral(t, cm.token, other.needId, service);
        await ok(gql(t, REFERRAL('declineReferral', 'DeclineReferralInput'), { i: { referralId: declined, declineReason: 'CLIENT_DECLINED' } }, partner.token));

        const closed = (await ok(gql(t, CLOSE, { i: { caseId, reason: 'MOVED', force: true, note: 'Pindah ke Medan, rujukan dibatalkan' } }, cm.token))).closeCase;
        expect(closed).toMatchObject({ stage: 'CLOSED', closureReason: 'MOVED' });
        await eventually(async () => (await statusOf(sent)) === 'CANCELLED' && (await statusOf(draft)) === 'CANCELLED');

        const events = await t.db.query(`SELECT referral_id, actor_kind, actor_id, reason FROM referral_event WHERE to_status = 'CANCELLED' AND referral_id = ANY($1) ORDER BY referral_id`, [[sent, draft]]);
        expect(events).toEqual([sent, draft].sort().map((id) => ({ referral_id: id, actor_kind: 'SYSTEM', actor_id: null, reason: 'case closed' })));
        const timeline = (await ok(gql(t, TIMELINE, { id: caseId }, cm.token))).case.events;
        const closedAt = timeline.findIndex((e: any) => e.type === 'CASE_CLOSED');
        expect(timeline[closedAt]).toMatchObject({ code: 'MOVED', reason: 'Pindah ke Medan, rujukan dibatalkan', actorId: cm.id });
        const cancelledEvent = timeline.find((e: any) => e.type === 'REFERRALS_CANCELLED');
        expect(cancelledEvent).toMatchObject({ actorId: null, code: 'MOVED' });
        expect(cancelledEvent.reason).toContain(`${sent} (was ACCEPTED)`);
        expect(cancelledEvent.reason).toContain(`${draft} (was DRAFT)`);
        expect(timeline.indexOf(cancelledEvent)).toBeGreaterThan(closedAt);
        expect(await statusOf(declined)).toBe('DECLINED');
      });
    });
  });
});
