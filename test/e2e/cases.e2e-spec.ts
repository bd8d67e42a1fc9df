import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';

/** Clients, cases, needs, assessments, goals and consent over HTTP, as a case manager works. */
describe('cases over HTTP', () => {
  let t: TestApp;
  let cm: { id: string; token: string };
  let otherOrgCm: { token: string };
  let partner: { token: string };
  let orgId: string;

  const REGISTER = `mutation($i: RegisterClientInput!) { registerClient(input: $i) {
    client { id fullName age hasNik nikMasked birthDateEstimated household { fullName relationship } }
    possibleDuplicates { id fullName } } }`;
  const base = { fullName: 'Siti Rahmawati', birthDate: '1994-03-12', sex: 'FEMALE', regionCode: '32.77.01.1001', languages: ['id', 'su'] };

  beforeAll(async () => {
    t = await startApp();
    const [lk3] = await t.db.query(`INSERT INTO organization (name, partner_kind, region_code) VALUES ('LK3 Cimahi', 'LK3', '32.77') RETURNING id`);
    const [other] = await t.db.query(`INSERT INTO organization (name, partner_kind, region_code) VALUES ('LK3 Bandung', 'LK3', '32.73') RETURNING id`);
    const [rs] = await t.db.query(`INSERT INTO organization (name, partner_kind, region_code) VALUES ('RSUD', 'RUMAH_SAKIT', '32.77') RETURNING id`);
    orgId = lk3.id;
    cm = await userWithToken(t, 'CASE_MANAGER', { organizationId: lk3.id, regionScope: '32.77' });
    otherOrgCm = await userWithToken(t, 'CASE_MANAGER', { organizationId: other.id });
    partner = await userWithToken(t, 'PARTNER_STAFF', { organizationId: rs.id });
  });
  afterAll(() => t.close());

  it('detects a duplicate NIK (CONFLICT with the existing id) and never returns the NIK', async () => {
    const first = await ok(gql(t, REGISTER, { i: { ...base, nik: '3277015203940001', household: [{ fullName: 'Budi', relationship: 'SPOUSE' }] } }, cm.token));
    const client = first.registerClient.client;
    expect(client).toMatchObject({ hasNik: true, nikMasked: '************0001', birthDateEstimated: false, household: [{ fullName: 'Budi', relationship: 'SPOUSE' }] });
    const dup = await gql(t, REGISTER, { i: { ...base, fullName: 'Someone Else', nik: '3277015203940001' } }, cm.token);
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', existingClientId: client.id, field: 'input.nik' });
    const [row] = await t.db.query(`SELECT nik_ciphertext, nik_hash FROM client WHERE id = $1`, [client.id]);
    expect(row.nik_ciphertext).not.toContain('3277015203940001');
    expect(row.nik_hash).not.toContain('3277015203940001');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM client`);
    expect(n).toBe(1);
  });

  it('warns of the same name and birth date in the same regency, and registers when overridden', async () => {
    const warned = await ok(gql(t, REGISTER, { i: { ...base, fullName: '  siti  RAHMAWATI ', regionCode: '32.77.02.1001' } }, cm.token));
    expect(warned.registerClient.client).toBeNull();
    expect(warned.registerClient.possibleDuplicates).toHaveLength(1);
    const elsewhere = await ok(gql(t, REGISTER, { i: { ...base, regionCode: '32.73.20.1001' } }, cm.token));
    expect(elsewhere.registerClient.possibleDuplicates).toEqual([]);
    expect(elsewhere.registerClient.client).not.toBeNull();
    const forced = await ok(gql(t, REGISTER, { i: { ...base, regionCode: '32.77.02.1001', confirmNotDuplicate: true } }, cm.token));
    expect(forced.registerClient.client.id).toBeDefined();
    expect(forced.registerClient.possibleDuplicates).toHaveLength(1);
  });

  it('rejects a malformed NIK naming the field, and stores nothing', async () => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM client`))[0].n;
    await expect(errorOf(gql(t, REGISTER, { i: { ...base, fullName: 'X Y', nik: '32770152039' } }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.nik' });
    expect((await t.db.query(`SELECT count(*)::int AS n FROM client`))[0].n).toBe(before);
  });

  async function newCase(input: Record<string, unknown>): Promise<{ clientId: string; caseId: string }> {
    const r = await ok(gql(t, REGISTER, { i: { ...base, confirmNotDuplicate: true, ...input } }, cm.token));
    const c = await ok(gql(t, `mutation($i: OpenCaseInput!) { openCase(input: $i) { id stage } }`, { i: { clientId: r.registerClient.client.id, priority: 'URGENT' } }, cm.token));
    expect(c.openCase.stage).toBe('INTAKE');
    return { clientId: r.registerClient.client.id, caseId: c.openCase.id };
  }

  const ADD_NEED = `mutation($i: AddNeedInput!) { addNeed(input: $i) { id status category indicators } }`;

  it('checks a need category against the client age: [5, 18) admits 17 and excludes 18', async () => {
    const today = new Date();
    const yearsAgo = (y: number, dayShift = 0) => new Date(Date.UTC(today.getUTCFullYear() - y, today.getUTCMonth(), today.getUTCDate() + dayShift)).toISOString().slice(0, 10);
    const adult = await newCase({ fullName: 'Adult Person', birthDate: yearsAgo(30) });
    await expect(errorOf(gql(t, ADD_NEED, { i: { caseId: adult.caseId, category: 'ANAK_TERLANTAR' } }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.category' });
    const eighteen = await newCase({ fullName: 'Just Eighteen', birthDate: yearsAgo(18) });
    await expect(errorOf(gql(t, ADD_NEED, { i: { caseId: eighteen.caseId, category: 'ANAK_TERLANTAR' } }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT' });
    const seventeen = await newCase({ fullName: 'Still Seventeen', birthDate: yearsAgo(18, 1) });
    const need = await ok(gql(t, ADD_NEED, { i: { caseId: seventeen.caseId, category: 'ANAK_TERLANTAR' } }, cm.token));
    expect(need.addNeed.status).toBe('OPEN');
    expect(need.addNeed.indicators).toContain('parents poor or unable');
    const male = await newCase({ fullName: 'Male Adult', birthDate: yearsAgo(30), sex: 'MALE' });
    await expect(errorOf(gql(t, ADD_NEED, { i: { caseId: male.caseId, category: 'WANITA_KORBAN_KEKERASAN' } }, cm.token))).resolves.toMatchObject({ field: 'input.category' });
  });

  it('returns reassessment deltas against the baseline per item and in total', async () => {
    const { caseId } = await newCase({ fullName: 'Assessed Client', birthDate: '1990-01-01' });
    const REC = `mutation($i: RecordAssessmentInput!) { recordAssessment(input: $i) { id baseline total comparison { totalDelta items { code baseline current delta } } } }`;
    const base0 = await ok(gql(t, REC, { i: { caseId, instrument: 'SWB', instrumentVersion: '1', baseline: true, items: [{ code: 'safety', score: 2 }, { code: 'housing', score: 1 }] } }, cm.token));
    expect(base0.recordAssessment).toMatchObject({ baseline: true, total: 3, comparison: null });
    const again = await ok(gql(t, REC, { i: { caseId, instrument: 'SWB', instrumentVersion: '1', items: [{ code: 'safety', score: 4 }, { code: 'housing', score: 0.5 }] } }, cm.token));
    expect(again.recordAssessment.comparison).toEqual({
      totalDelta: 1.5,
      items: [{ code: 'safety', baseline: 2, current: 4, delta: 2 }, { code: 'housing', baseline: 1, current: 0.5, delta: -0.5 }],
    });
    await expect(errorOf(gql(t, REC, { i: { caseId, instrument: 'SWB', instrumentVersion: '1', baseline: true, items: [{ code: 'safety', score: 1 }] } }, cm.token))).resolves.toMatchObject({ code: 'CONFLICT' });
  });

  it('records goals, consent and stage changes as case events; others cannot see the case', async () => {
    const { clientId, caseId } = await newCase({ fullName: 'Goal Client', birthDate: '1985-05-05' });
    const goals = await ok(gql(t, `mutation($i: SetGoalsInput!) { setGoals(input: $i) { id term status } }`, { i: { caseId, goals: [
      { term: 'SHORT', description: 'Safe housing this month', evaluationCriteria: 'Placed in a shelter', targetDate: '2026-12-31' },
      { term: 'LONG', description: 'Living independently', evaluationCriteria: 'Own income and housing', targetDate: '2027-12-31' },
    ] } }, cm.token));
    expect(goals.setGoals).toHaveLength(2);
    await ok(gql(t, `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id categories } }`, { i: { clientId, caseId, categories: ['IDENTITY', 'NEEDS_SUMMARY'], purpose: 'Referral to shelter', method: 'WRITTEN' } }, cm.token));
    await ok(gql(t, `mutation($i: SetCaseStageInput!) { setCaseStage(input: $i) { stage } }`, { i: { caseId, stage: 'ASSESSMENT' } }, cm.token));
    await expect(errorOf(gql(t, `mutation($i: SetCaseStageInput!) { setCaseStage(input: $i) { stage } }`, { i: { caseId, stage: 'EVALUATION' } }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'stage' });
    const view = await ok(gql(t, `query($id: ID!) { case(id: $id) { stage client { fullName } goals { term } consents { categories } events { type fromState toState actorId } } }`, { id: caseId }, cm.token));
    expect(view.case.events.map((e: any) => e.type)).toEqual(['CASE_OPENED', 'GOALS_SET', 'STAGE_CHANGED']);
    expect(view.case.events[2]).toMatchObject({ fromState: 'INTAKE', toState: 'ASSESSMENT', actorId: cm.id });
    expect(view.case.consents).toEqual([{ categories: ['IDENTITY', 'NEEDS_SUMMARY'] }]);
    for (const token of [otherOrgCm.token, partner.token]) {
      await expect(errorOf(gql(t, `query($id: ID!) { case(id: $id) { id } }`, { id: caseId }, token))).resolves.toMatchObject({ code: 'NOT_FOUND' });
      await expect(errorOf(gql(t, `query($id: ID!) { client(id: $id) { id } }`, { id: clientId }, token))).resolves.toMatchObject({ code: 'NOT_FOUND' });
    }
    await expect(errorOf(gql(t, REGISTER, { i: base }, partner.token))).resolves.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('audits every read of a client record', async () => {
    const { clientId } = await newCase({ fullName: 'Audited Client', birthDate: '1980-02-02' });
    const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'CLIENT_READ'`, [clientId]))[0].n;
    const before = await count();
    await ok(gql(t, `query($id: ID!) { client(id: $id) { id } }`, { id: clientId }, cm.token));
    expect(await count()).toBe(before + 1);
    const [row] = await t.db.query(`SELECT actor_id, entity_organization_id FROM audit_event WHERE entity_id = $1 AND action = 'CLIENT_READ' ORDER BY at DESC LIMIT 1`, [clientId]);
    expect(row).toEqual({ actor_id: cm.id, entity_organization_id: orgId });
    const listed = async () => (await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'CLIENT_LISTED'`, [clientId]))[0].n;
    const beforeList = await listed();
    const page = await ok(gql(t, `{ clients(search: "Audited Client") { edges { node { id } } } }`, {}, cm.token));
    expect(page.clients.edges.map((e: any) => e.node.id)).toContain(clientId);
    expect(await listed()).toBe(beforeList + 1);
  });
});
