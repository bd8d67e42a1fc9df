import { randomUUID } from 'node:crypto';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { caseWithNeed, createOrg, registerClient } from '../support/factories';

/**
 * The refusals the hostile-input test holds in general, one by one: ids that are not UUIDs and NUL bytes are
 * BAD_USER_INPUT naming the argument; dates must exist (and birth dates be past); search text is text; region
 * codes must be known; a record out of reach is NOT_FOUND naming only the id the caller gave; and a refusal
 * writes nothing.
 */
describe('input rules: refused as bad input, naming the argument, writing nothing', () => {
  let t: TestApp;
  let admin: string;
  let cm: string;
  let otherCm: string;

  beforeAll(async () => {
    t = await startApp();
    admin = (await userWithToken(t, 'ADMIN')).token;
    cm = (await userWithToken(t, 'CASE_MANAGER', { organizationId: await createOrg(t) })).token;
    otherCm = (await userWithToken(t, 'CASE_MANAGER', { organizationId: await createOrg(t) })).token;
  });
  afterAll(() => t?.close());

  const count = async (table: string) => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  it('ids that are not UUIDs, in arguments, input fields and lists, over HTTP', async () => {
    expect(await errorOf(gql(t, `{ client(id: "not-a-uuid") { id } }`, {}, cm))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(await errorOf(gql(t, `query($id: ID!) { case(id: $id) { id } }`, { id: "1' OR '1'='1" }, cm))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const notes = await count('case_note');
    expect(await errorOf(gql(t, `mutation { addCaseNote(caseId: "x", body: "Catatan") { id } }`, {}, cm))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'caseId' });
    expect(await errorOf(gql(t, `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`, {
      i: { clientId: randomUUID(), recipientOrganizationIds: [randomUUID(), 'nope'], categories: ['IDENTITY'], purpose: 'Rujukan', method: 'VERBAL' },
    }, cm))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.recipientOrganizationIds[1]' });
    expect(await count('case_note')).toBe(notes);
  });

  it('a NUL byte in any text', async () => {
    const clients = await count('client');
    expect(await errorOf(gql(t, `mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }`, {
      i: { fullName: 'Ibu\u0000Ani', birthDate: '1990-01-01', sex: 'FEMALE', regionCode: '32.77.01.1001' },
    }, cm))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.fullName', message: expect.stringContaining('NUL') });
    expect(await errorOf(gql(t, `query($s: String) { organizations(search: $s) { totalCount } }`, { s: 'a\u0000' }, cm))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'search' });
    expect(await count('client')).toBe(clients);
  });

  it('impossible dates, and birth dates in the future wherever a birth date is taken', async () => {
    const base = { fullName: 'Ibu Tanggal', sex: 'FEMALE', regionCode: '32.77.01.1001', confirmNotDuplicate: true };
    const REGISTER = `mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }`;
    const clients = await count('client');
    for (const birthDate of ['2023-02-30', '0000-01-01', '2999-01-01']) {
      expect(await errorOf(gql(t, REGISTER, { i: { ...base, birthDate } }, cm))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.birthDate' });
    }
    const member = await errorOf(gql(t, REGISTER, { i: { ...base, birthDate: '1990-01-01', household: [{ fullName: 'Anak', relationship: 'CHILD', birthDate: '2999-01-01' }] } }, cm));
    expect(member).toMatchObject({ code: 'BAD_USER_INPUT', field: expect.stringMatching(/^input\.household.*birthDate$/) });
    expect(await count('client')).toBe(clients);
    const match = await errorOf(gql(t, `query { matchServices(input: { needCategory: "WANITA_KORBAN_KEKERASAN", profile: { birthDate: "2999-01-01", sex: FEMALE, regionCode: "32.77.01.1001" } }) { runId } }`, {}, cm));
    expect(match).toMatchObject({ code: 'BAD_USER_INPUT' });
    const openAt = await gql(t, `query($f: ServiceSearchFilter) { searchServices(filter: $f) { totalCount } }`, { f: { openAt: '2023-02-30T10:00:00Z' } }, cm);
    expect(openAt.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(openAt.errors?.[0].message).toMatch(/openAt.*ISO 8601 instant/);
  });

  it('% and _ in search text are text, not wildcards', async () => {
    await createOrg(t, { name: 'Yayasan 100% Peduli' });
    const all = (await ok(gql(t, `{ organizations { totalCount } }`, {}, admin))).organizations.totalCount;
    expect(all).toBeGreaterThan(1);
    expect((await ok(gql(t, `{ organizations(search: "%") { totalCount edges { node { name } } } }`, {}, admin))).organizations.edges.map((e: any) => e.node.name))
      .toEqual(['Yayasan 100% Peduli']);
    expect((await ok(gql(t, `{ regions(search: "_") { totalCount } }`, {}, admin))).regions.totalCount).toBe(0);
    expect((await ok(gql(t, `{ regions(search: "Cimah") { totalCount } }`, {}, admin))).regions.totalCount).toBeGreaterThan(0);
    const clientId = await registerClient(t, cm, { fullName: 'Ibu Persen' });
    expect((await ok(gql(t, `{ clients(search: "_") { edges { node { id } } } }`, {}, cm))).clients.edges).toEqual([]);
    expect((await ok(gql(t, `{ clients(search: "Persen") { edges { node { id } } } }`, {}, cm))).clients.edges).toEqual([{ node: { id: clientId } }]);
  });

  it('an unknown region code is refused, naming the argument', async () => {
    expect(await errorOf(gql(t, `{ organizations(regionCode: "99.99.99.9999") { totalCount } }`, {}, admin))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
    expect(await errorOf(gql(t, `{ regions(parentCode: "XX.YY") { totalCount } }`, {}, admin))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentCode' });
    expect(await errorOf(gql(t, `{ searchServices(filter: { regionCode: "99.99" }) { totalCount } }`, {}, admin))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.regionCode' });
    expect((await ok(gql(t, `{ regions(parentCode: "32.77") { totalCount } }`, {}, admin))).regions.totalCount).toBeGreaterThan(0);
  });

  it("a record out of reach is NOT_FOUND naming only the given id, never the case's", async () => {
    const { clientId, caseId, needId } = await caseWithNeed(t, cm);
    const match = await errorOf(gql(t, `query($n: ID!) { matchServices(input: { needId: $n }) { runId } }`, { n: needId }, otherCm));
    expect(match).toMatchObject({ code: 'NOT_FOUND', message: `Need ${needId} not found` });
    const referral = await gql(t, `mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }`, { i: { needId, serviceId: randomUUID() } }, otherCm);
    expect(referral.errors?.[0]).toMatchObject({ message: `Need ${needId} not found`, extensions: { code: 'NOT_FOUND' } });
    expect(JSON.stringify([match, referral])).not.toContain(caseId);
    const missing = randomUUID();
    expect(await errorOf(gql(t, `query($n: ID!) { matchServices(input: { needId: $n }) { runId } }`, { n: missing }, otherCm))).toMatchObject({ code: 'NOT_FOUND', message: `Need ${missing} not found` });
    expect(await errorOf(gql(t, `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`, { i: { clientId } }, otherCm))).toMatchObject({ code: 'NOT_FOUND', message: `Client ${clientId} not found` });
  });

  it('without TRUSTED_PROXIES, X-Forwarded-For is not believed: the audit records the peer address', async () => {
    const d = await ok(gql(t, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
      i: { name: `LSM ${randomUUID().slice(0, 8)}`, partnerKind: 'LSM', regionCode: '32.73' },
    }, admin, { 'x-forwarded-for': '198.51.100.99' }));
    const [row] = await t.db.query(`SELECT client_address FROM audit_event WHERE entity_id = $1`, [d.createOrganization.id]);
    expect(row.client_address).toBe('127.0.0.1');
  });
});

describe('input rules in production: no "Did you mean" for enum values either', () => {
  let t: TestApp;
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.NODE_ENV = 'production';
    process.env.DATA_ENCRYPTION_KEY = '00000000000000000000000000000000000000000000000000000000000de305';
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
    process.env.NODE_ENV = saved.NODE_ENV;
    if (saved.DATA_ENCRYPTION_KEY === undefined) delete process.env.DATA_ENCRYPTION_KEY;
  });

  it('masks the suggestion of an enum value, in literals and in variables', async () => {
    const token = (await userWithToken(t, 'ADMIN')).token;
    const literal = await gql(t, `{ regions(level: PROVINC) { totalCount } }`, {}, token);
    const variable = await gql(t, `query($l: RegionLevel) { regions(level: $l) { totalCount } }`, { l: 'PROVINC' }, token);
    for (const r of [literal, variable]) {
      expect(r.errors?.[0].extensions?.code).toMatch(/GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/);
      expect(JSON.stringify(r.errors)).not.toMatch(/Did you mean|PROVINCE/);
    }
  });
});
