import { seedDemoNetwork } from '../../scripts/seed-demo';
import { DEMO_NETWORK, DEMO_PASSWORD, DEMO_USERS } from '../../scripts/demo-network/network';
import { gql, ok, startApp, TestApp } from '../support/harness';

/**
 * The demo network loads through the directory services (so it obeys every validation rule), can be
 * loaded twice without duplicates, and is usable over GraphQL with the printed demo logins.
 */
describe('demo network seed (npm run seed:demo)', () => {
  let t: TestApp;
  let first: Awaited<ReturnType<typeof seedDemoNetwork>>;

  const SEARCH = `query($f: ServiceSearchFilter, $first: Int) { searchServices(filter: $f, first: $first) {
    totalCount edges { node { name organization { name } locations { name confidential addressHidden addressLine latitude regionCode } } } } }`;

  const login = async (email: string, password = DEMO_PASSWORD): Promise<string> =>
    (await ok(gql(t, `mutation($i: LoginInput!) { login(input: $i) { token } }`, { i: { email, password } }))).login.token;

  beforeAll(async () => {
    t = await startApp();
    first = await seedDemoNetwork(t.app);
  }, 60_000);
  afterAll(async () => t?.close());

  it('creates every organisation, location and service of the data file, and one user per role', async () => {
    const services = DEMO_NETWORK.reduce((n, o) => n + o.services.length, 0);
    const locations = DEMO_NETWORK.reduce((n, o) => n + o.locations.length, 0);
    expect(first.organizations).toEqual({ created: DEMO_NETWORK.length, existing: 0 });
    expect(first.locations).toEqual({ created: locations, existing: 0 });
    expect(first.services).toEqual({ created: services, existing: 0 });
    expect(DEMO_NETWORK.length).toBeGreaterThanOrEqual(40);
    const [counts] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM organization) AS orgs, (SELECT count(*)::int FROM service) AS services,
              (SELECT count(DISTINCT partner_kind)::int FROM organization) AS kinds,
              (SELECT count(*)::int FROM location WHERE confidential) AS confidential`,
    );
    expect(counts).toEqual({ orgs: DEMO_NETWORK.length, services, kinds: 11, confidential: 3 });
    const roles: { role: string }[] = await t.db.query(`SELECT DISTINCT role FROM user_account ORDER BY role`);
    expect(roles.map((r) => r.role)).toEqual(['ADMIN', 'CASE_MANAGER', 'COORDINATOR', 'PARTNER_STAFF', 'SUPERVISOR']);
  });

  it('backdates some verifications past the staleness window so the stale job has work', async () => {
    const [{ stale }] = await t.db.query(`SELECT count(*)::int AS stale FROM service WHERE verified_at < now() - interval '180 days'`);
    expect(stale).toBe(first.staleOnCreate);
    expect(stale).toBeGreaterThanOrEqual(5);
  });

  it('a second run creates nothing and changes nothing', async () => {
    const before = await t.db.query(`SELECT id, version, verified_at FROM service ORDER BY id`);
    const again = await seedDemoNetwork(t.app);
    expect(again.organizations.created + again.locations.created + again.services.created).toBe(0);
    expect(again.organizations.existing).toBe(DEMO_NETWORK.length);
    expect(again.logins.every((l) => !l.created)).toBe(true);
    expect(await t.db.query(`SELECT id, version, verified_at FROM service ORDER BY id`)).toEqual(before);
    const [{ users }] = await t.db.query(`SELECT count(*)::int AS users FROM user_account`);
    expect(users).toBe(DEMO_USERS.length + 1);
  });

  it('a demo case manager finds providers for an abused child in a Cimahi village, shelters without their address', async () => {
    const token = await login('manajer.kasus@rujuk.example.org');
    const d = await ok(gql(t, SEARCH, { f: { needCategories: ['ANAK_KORBAN_KEKERASAN'], regionCode: '32.77.02.1001' }, first: 50 }, token));
    const byName = new Map<string, any>(d.searchServices.edges.map((e: any) => [e.node.name, e.node]));
    expect(byName.has('Pengaduan dan Penyidikan Kekerasan terhadap Perempuan dan Anak')).toBe(true); // Unit PPA, area 32.77
    expect(byName.has('Perlindungan Sementara Anak')).toBe(true); // RPSA, area 32 (province)
    expect(byName.has('Pemeriksaan Anak Korban Kekerasan Seksual')).toBe(false); // Bandung only
    expect(byName.has('Rumah Aman Perempuan dan Anak Korban Kekerasan')).toBe(true);
    // The shelter's own record, on its own (one service per request keeps this independent of list batching).
    const [{ id: orgId }] = await t.db.query(`SELECT id FROM organization WHERE name = 'Yayasan Rumah Teduh Perempuan'`);
    const own = await ok(gql(t, SEARCH, { f: { organizationId: orgId, serviceTypes: ['RUMAH_PERLINDUNGAN'] }, first: 5 }, token));
    expect(own.searchServices.edges.map((e: any) => e.node.locations)).toEqual([[
      expect.objectContaining({ confidential: true, addressHidden: true, addressLine: null, latitude: null, regionCode: '32.77' }),
    ]]);
  });

  it("the shelter's own partner staff see their safe house's address", async () => {
    const token = await login('rumah.aman@rujuk.example.org');
    const [{ id: orgId }] = await t.db.query(`SELECT id FROM organization WHERE name = 'Yayasan Rumah Teduh Perempuan'`);
    const d = await ok(gql(t, SEARCH, { f: { organizationId: orgId, serviceTypes: ['RUMAH_PERLINDUNGAN'] }, first: 5 }, token));
    expect(d.searchServices.edges.map((e: any) => e.node.locations)).toEqual([[
      expect.objectContaining({ confidential: true, addressHidden: false, regionCode: '32.77.03.1004', latitude: -6.842 }),
    ]]);
  });
});
