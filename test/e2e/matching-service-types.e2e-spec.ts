import { errorOf, gql, locatedLocation, ok, startApp, TestApp, userWithToken } from '../support/harness';

/**
 * What help a need asks for, urgency, the category's bounds for an ad-hoc profile, and the language of the
 * reasons, over HTTP. The fixture: a woman of 30 in village 32.77.01.1001 (Kota Cimahi) with the need
 * WANITA_KORBAN_KEKERASAN, and three services of the category: a savings group next door (the best score on
 * every soft criterion, but economic help only), counselling nearby, and a shelter 2 km away open day and night.
 */
describe('matching: service types, urgency, category bounds, language', () => {
  let t: TestApp;
  let admin: string;
  let cm: { id: string; token: string };
  let orgId: string;
  let caseId: string;
  let needId: string;
  const ids: Record<string, string> = {};

  const MATCH = `query($i: MatchInput!) { matchServices(input: $i) {
    candidates { service { name } reasons reasonDetails { code text } }
    excluded { service { name } failedCriteria criteria { code label } reasons } } }`;
  const names = (r: any) => r.candidates.map((c: any) => c.service.name);
  const failed = (r: any) => Object.fromEntries(r.excluded.map((e: any) => [e.service.name, e.failedCriteria]));
  const CAT = 'WANITA_KORBAN_KEKERASAN';

  async function service(name: string, serviceTypes: string[], locationId: string, over: Record<string, unknown> = {}) {
    const d = await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, { i: {
      organizationId: orgId, name, needCategories: [CAT], serviceTypes, areaCodes: ['32.77'], languages: ['id'], locationIds: [locationId], ...over,
    } }, admin));
    ids[name] = d.createService.id;
  }

  beforeAll(async () => {
    t = await startApp();
    admin = (await userWithToken(t, 'ADMIN')).token;
    orgId = (await ok(gql(t, `mutation { createOrganization(input: { name: "Jaringan Perempuan", partnerKind: "LSM", regionCode: "32.77" }) { id } }`, {}, admin))).createOrganization.id;
    await service('savings-group', ['PEMBERDAYAAN_EKONOMI'], await locatedLocation(t, admin, orgId, 'Koperasi', -6.8811, 107.5411), { capacity: { available: 20, maximum: 20 } });
    await service('counselling', ['KONSELING'], await locatedLocation(t, admin, orgId, 'Konseling', -6.8830, 107.5410), { capacity: { available: 5, maximum: 10 } });
    // Open 00:00-24:00 every day: open now whenever the test runs.
    const shelterPlace = await locatedLocation(t, admin, orgId, 'Rumah Aman', -6.8990, 107.5410);
    await ok(gql(t, `mutation($i: SetLocationScheduleInput!) { setLocationSchedule(input: $i) { id } }`, { i: {
      locationId: shelterPlace, schedules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt: '00:00', closesAt: '24:00' })),
    } }, admin));
    await service('shelter', ['RUMAH_PERLINDUNGAN'], shelterPlace);
    cm = await userWithToken(t, 'CASE_MANAGER', { organizationId: orgId });
    const reg = await ok(gql(t, `mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }`, { i: {
      fullName: 'Ibu Uji', birthDate: '1996-02-02', sex: 'FEMALE', regionCode: '32.77.01.1001', latitude: -6.8810, longitude: 107.5410,
    } }, cm.token));
    caseId = (await ok(gql(t, `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`, { i: { clientId: reg.registerClient.client.id, priority: 'ROUTINE' } }, cm.token))).openCase.id;
    needId = (await ok(gql(t, `mutation($c: ID!) { addNeed(input: { caseId: $c, category: "${CAT}" }) { id } }`, { c: caseId }, cm.token))).addNeed.id;
  });
  afterAll(() => t.close());

  it("gives a need its category's default service types, which a case manager can change, refusing unknown codes", async () => {
    const cats = (await ok(gql(t, `{ needCategories { code defaultServiceTypes } }`, {}, cm.token))).needCategories;
    const defaults = cats.find((c: any) => c.code === CAT).defaultServiceTypes;
    expect(defaults).toEqual(expect.arrayContaining(['RUMAH_PERLINDUNGAN', 'VISUM', 'BANTUAN_HUKUM', 'KONSELING']));
    expect(defaults).not.toContain('PEMBERDAYAAN_EKONOMI');
    expect(cats.every((c: any) => c.defaultServiceTypes.length > 0)).toBe(true);
    const NEED = `query($id: ID!) { case(id: $id) { needs { id serviceTypes } } }`;
    const needs = async () => Object.fromEntries((await ok(gql(t, NEED, { id: caseId }, cm.token))).case.needs.map((n: any) => [n.id, n.serviceTypes]));
    expect((await needs())[needId]).toEqual(defaults);

    const ADD = `mutation($i: AddNeedInput!) { addNeed(input: $i) { id serviceTypes } }`;
    const chosen = await ok(gql(t, ADD, { i: { caseId, category: CAT, serviceTypes: ['VISUM', 'BANTUAN_HUKUM'] } }, cm.token));
    expect(chosen.addNeed.serviceTypes).toEqual(['VISUM', 'BANTUAN_HUKUM']);
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM need WHERE case_id = $1`, [caseId]))[0].n;
    await expect(errorOf(gql(t, ADD, { i: { caseId, category: CAT, serviceTypes: ['VISUM', 'SHELTER'] } }, cm.token)))
      .resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.serviceTypes', message: expect.stringContaining('SHELTER') });
    await expect(errorOf(gql(t, ADD, { i: { caseId, category: CAT, serviceTypes: [] } }, cm.token)))
      .resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.serviceTypes' });
    expect((await t.db.query(`SELECT count(*)::int AS n FROM need WHERE case_id = $1`, [caseId]))[0].n).toBe(before);

    const UPDATE = `mutation($i: UpdateNeedInput!) { updateNeed(input: $i) { serviceTypes } }`;
    await expect(errorOf(gql(t, UPDATE, { i: { needId: chosen.addNeed.id, serviceTypes: ['NOPE'] } }, cm.token)))
      .resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.serviceTypes' });
    expect((await needs())[chosen.addNeed.id]).toEqual(['VISUM', 'BANTUAN_HUKUM']);
    const updated = await ok(gql(t, UPDATE, { i: { needId: chosen.addNeed.id, serviceTypes: ['RUMAH_PERLINDUNGAN'] } }, cm.token));
    expect(updated.updateNeed.serviceTypes).toEqual(['RUMAH_PERLINDUNGAN']);
    const r = (await ok(gql(t, MATCH, { i: { needId: chosen.addNeed.id } }, cm.token))).matchServices;
    expect(names(r)).toEqual(['shelter']);
  });

  it('requires a service to offer one of the need\'s service types; the others are near misses that say so', async () => {
    const r = (await ok(gql(t, MATCH, { i: { needId } }, cm.token))).matchServices;
    expect(names(r)).toEqual(['counselling', 'shelter']);
    expect(failed(r)).toEqual({ 'savings-group': ['SERVICE_TYPE_NOT_OFFERED'] });
    // Asked for economic help on this match only, the savings group is the best candidate.
    const widened = (await ok(gql(t, MATCH, { i: { needId, serviceTypes: ['PEMBERDAYAAN_EKONOMI'] } }, cm.token))).matchServices;
    expect(names(widened)).toEqual(['savings-group']);
    await expect(errorOf(gql(t, MATCH, { i: { needId, serviceTypes: ['TABUNGAN'] } }, cm.token)))
      .resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.serviceTypes' });
    // An ad-hoc profile takes the category's defaults, or the types it names.
    const adHoc = { needCategory: CAT, profile: { regionCode: '32.77.01.1001', latitude: -6.881, longitude: 107.541, age: 30, sex: 'FEMALE' } };
    const byDefault = (await ok(gql(t, MATCH, { i: adHoc }, cm.token))).matchServices;
    expect(names(byDefault)).toEqual(['counselling', 'shelter']);
    expect(failed(byDefault)).toEqual({ 'savings-group': ['SERVICE_TYPE_NOT_OFFERED'] });
    const named = (await ok(gql(t, MATCH, { i: { ...adHoc, serviceTypes: ['RUMAH_PERLINDUNGAN'] } }, cm.token))).matchServices;
    expect(names(named)).toEqual(['shelter']);
    expect(failed(named)).toEqual({ 'savings-group': ['SERVICE_TYPE_NOT_OFFERED'], counselling: ['SERVICE_TYPE_NOT_OFFERED'] });
  });

  it('ranks the services open now first for an emergency, and says why', async () => {
    const routine = (await ok(gql(t, MATCH, { i: { needId } }, cm.token))).matchServices;
    expect(names(routine)).toEqual(['counselling', 'shelter']);
    expect(routine.candidates[1].reasonDetails.map((d: any) => d.code)).not.toContain('OPEN_NOW');
    const emergency = (await ok(gql(t, MATCH, { i: { needId, urgency: 'EMERGENCY' } }, cm.token, { 'accept-language': '' }))).matchServices;
    expect(names(emergency)).toEqual(['shelter', 'counselling']);
    expect(emergency.candidates[0].reasonDetails[0]).toEqual({ code: 'OPEN_NOW', text: expect.stringMatching(/^Buka sekarang/) });
    expect(emergency.candidates[1].reasonDetails[0].code).toBe('NOT_OPEN_NOW');
    // The case's priority is the need's urgency when the match does not name one.
    const reg = await ok(gql(t, `mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }`, { i: {
      fullName: 'Ibu Darurat', birthDate: '1991-03-03', sex: 'FEMALE', regionCode: '32.77.01.1001', latitude: -6.8810, longitude: 107.5410,
    } }, cm.token));
    const urgent = (await ok(gql(t, `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`, { i: { clientId: reg.registerClient.client.id, priority: 'EMERGENCY' } }, cm.token))).openCase.id;
    const urgentNeed = (await ok(gql(t, `mutation($c: ID!) { addNeed(input: { caseId: $c, category: "${CAT}" }) { id } }`, { c: urgent }, cm.token))).addNeed.id;
    expect(names((await ok(gql(t, MATCH, { i: { needId: urgentNeed } }, cm.token))).matchServices)).toEqual(['shelter', 'counselling']);
    expect(names((await ok(gql(t, MATCH, { i: { needId: urgentNeed, urgency: 'ROUTINE' } }, cm.token))).matchServices)).toEqual(['counselling', 'shelter']);
    // The pre-limit keeps what the ranking would: with room for one candidate, the open shelter.
    const one = (await ok(gql(t, MATCH, { i: { needId, urgency: 'EMERGENCY', limit: 1 } }, cm.token))).matchServices;
    expect(names(one)).toEqual(['shelter']);
  });

  it("checks an ad-hoc profile against the category's age and sex bounds as addNeed does", async () => {
    const child = { needCategory: 'ANAK_KORBAN_KEKERASAN', profile: { regionCode: '32.77.01.1001', age: 30 } };
    await expect(errorOf(gql(t, MATCH, { i: child }, cm.token)))
      .resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.profile.age', message: expect.stringContaining('below age 18') });
    const born = `${new Date().getUTCFullYear() - 30}-01-01`;
    await expect(errorOf(gql(t, MATCH, { i: { ...child, profile: { regionCode: '32.77.01.1001', birthDate: born } } }, cm.token)))
      .resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.profile.birthDate' });
    await expect(errorOf(gql(t, MATCH, { i: { needCategory: CAT, profile: { regionCode: '32.77.01.1001', sex: 'MALE' } } }, cm.token)))
      .resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.profile.sex', message: expect.stringContaining('women only') });
    // Within the bounds, or with the age and sex unknown, it matches.
    await ok(gql(t, MATCH, { i: { ...child, profile: { regionCode: '32.77.01.1001', age: 12 } } }, cm.token));
    await ok(gql(t, MATCH, { i: { needCategory: CAT, profile: { regionCode: '32.77.01.1001' } } }, cm.token));
  });

  it('explains in Indonesian by default and in English on request, with the same codes', async () => {
    const id = (await ok(gql(t, MATCH, { i: { needId } }, cm.token, { 'accept-language': '' }))).matchServices;
    const en = (await ok(gql(t, MATCH, { i: { needId } }, cm.token, { 'accept-language': 'en-US,en;q=0.9' }))).matchServices;
    expect(id.candidates[0].reasons).toContain('Tersedia 5 tempat');
    expect(en.candidates[0].reasons).toContain('5 places available');
    expect(id.candidates[0].reasonDetails.map((d: any) => d.code)).toEqual(en.candidates[0].reasonDetails.map((d: any) => d.code));
    expect(id.candidates[0].reasonDetails.map((d: any) => d.text)).toEqual(id.candidates[0].reasons);
    expect(id.excluded[0].criteria).toEqual([{ code: 'SERVICE_TYPE_NOT_OFFERED', label: 'tidak menyediakan jenis layanan yang diminta' }]);
    expect(id.excluded[0].reasons).toEqual(['tidak menyediakan jenis layanan yang diminta']);
    expect(en.excluded[0].criteria).toEqual([{ code: 'SERVICE_TYPE_NOT_OFFERED', label: 'does not offer the requested service type' }]);
    expect(en.excluded[0].failedCriteria).toEqual(id.excluded[0].failedCriteria);
  });
});
