import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';

const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id email name role organizationId regionScope active } }`;
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { token user { id role } } }`;

describe('user management over HTTP', () => {
  let t: TestApp;
  let admin: { id: string; token: string };
  let coordinator: string;
  const orgs: Record<string, string> = {};
  let n = 0;
  const email = () => `user-${++n}-${Date.now()}@test.rujuk`;

  async function org(name: string, partnerKind: string, regionCode: string): Promise<string> {
    const d = await ok(gql(t, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
      i: { name, partnerKind, regionCode },
    }, admin.token));
    return d.createOrganization.id;
  }

  beforeAll(async () => {
    t = await startApp();
    admin = await userWithToken(t, 'ADMIN');
    orgs.dinsos = await org('Dinas Sosial Kota Cimahi', 'DINAS_SOSIAL', '32.77');
    orgs.cimahi = await org('RSUD Cibabat', 'RUMAH_SAKIT', '32.77.03');
    orgs.bandung = await org('LBH Bandung', 'LBH', '32.73');
    coordinator = (await userWithToken(t, 'COORDINATOR', { organizationId: orgs.dinsos, regionScope: '32.77' })).token;
  });
  afterAll(async () => {
    await t.close();
  });

  it('an admin creates a user who can then sign in; the password is never returned', async () => {
    const e = email();
    const d = await ok(gql(t, CREATE_USER, {
      i: { email: e, name: 'Sari', password: 'correct-horse-battery', role: 'CASE_MANAGER', organizationId: orgs.cimahi, regionScope: '32.77' },
    }, admin.token));
    expect(d.createUser).toMatchObject({ email: e, name: 'Sari', role: 'CASE_MANAGER', organizationId: orgs.cimahi, regionScope: '32.77', active: true });
    const login = await ok(gql(t, LOGIN, { i: { email: e.toUpperCase(), password: 'correct-horse-battery' } }));
    expect(login.login.user).toEqual({ id: d.createUser.id, role: 'CASE_MANAGER' });
    const [row] = await t.db.query(`SELECT password_hash FROM user_account WHERE id = $1`, [d.createUser.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('an admin created without a region is national', async () => {
    const d = await ok(gql(t, CREATE_USER, { i: { email: email(), name: 'Admin Dua', password: 'correct-horse-battery', role: 'ADMIN' } }, admin.token));
    expect(d.createUser).toMatchObject({ role: 'ADMIN', organizationId: null, regionScope: null });
  });

  it('a coordinator creates partner staff, scoped to the organisation\'s region by default', async () => {
    const d = await ok(gql(t, CREATE_USER, {
      i: { email: email(), name: 'Staf RS', password: 'correct-horse-battery', role: 'PARTNER_STAFF', organizationId: orgs.cimahi },
    }, coordinator));
    expect(d.createUser).toMatchObject({ role: 'PARTNER_STAFF', organizationId: orgs.cimahi, regionScope: '32.77.03' });
  });

  it('a coordinator may not give partner staff a scope beyond their own region', async () => {
    expect(await errorOf(gql(t, CREATE_USER, {
      i: { email: email(), name: 'Staf', password: 'correct-horse-battery', role: 'PARTNER_STAFF', organizationId: orgs.cimahi, regionScope: '32' },
    }, coordinator))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await errorOf(gql(t, CREATE_USER, {
      i: { email: email(), name: 'Staf', password: 'correct-horse-battery', role: 'PARTNER_STAFF', organizationId: orgs.bandung },
    }, coordinator))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it.each([
    ['a malformed email', { email: 'not-an-email' }, 'input.email'],
    ['a short password', { password: 'short-pw' }, 'input.password'],
    ['an unknown role', { role: 'ROOT' }, null],
    ['a missing organisation for a non-admin role', { organizationId: undefined }, 'input.organizationId'],
    ['an organisation that does not exist', { organizationId: '00000000-0000-4000-8000-000000000000' }, 'input.organizationId'],
    ['an organisation id that is not an id', { organizationId: 'abc' }, 'input.organizationId'],
    ['an unknown region', { regionScope: '99.99' }, 'input.regionScope'],
    ['a malformed region', { regionScope: 'Bandung' }, 'input.regionScope'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_what, change, field) => {
    const input = { email: email(), name: 'Uji', password: 'correct-horse-battery', role: 'CASE_MANAGER', organizationId: orgs.cimahi, ...change };
    const r = await gql(t, CREATE_USER, { i: input }, admin.token);
    const code = r.errors?.[0].extensions?.code;
    if (field === null) {
      // An enum value GraphQL itself does not know is refused before the resolver, by GraphQL's own validation.
      expect(code).toBe('BAD_USER_INPUT');
    } else {
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM user_account WHERE email = $1`, [input.email]);
    expect(count).toBe(0);
  });

  it('refuses a duplicate email (any case) with CONFLICT', async () => {
    const e = email();
    await ok(gql(t, CREATE_USER, { i: { email: e, name: 'A', password: 'correct-horse-battery', role: 'CASE_MANAGER', organizationId: orgs.cimahi } }, admin.token));
    const err = await gql(t, CREATE_USER, { i: { email: e.toUpperCase(), name: 'B', password: 'correct-horse-battery', role: 'CASE_MANAGER', organizationId: orgs.cimahi } }, admin.token);
    expect(err.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.email' });
  });

  it('an admin may not deactivate themselves or change their own role', async () => {
    expect(await errorOf(gql(t, `mutation($id: ID!) { deactivateUser(id: $id) { id } }`, { id: admin.id }, admin.token))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await errorOf(gql(t, `mutation($i: ChangeUserRoleInput!) { changeUserRole(input: $i) { id } }`, {
      i: { userId: admin.id, role: 'CASE_MANAGER' },
    }, admin.token))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a role that needs an organisation cannot be given to a user without one', async () => {
    const d = await ok(gql(t, CREATE_USER, { i: { email: email(), name: 'Admin Tiga', password: 'correct-horse-battery', role: 'ADMIN' } }, admin.token));
    expect(await errorOf(gql(t, `mutation($i: ChangeUserRoleInput!) { changeUserRole(input: $i) { id } }`, {
      i: { userId: d.createUser.id, role: 'COORDINATOR' },
    }, admin.token))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.role' });
  });

  it('unknown users are NOT_FOUND', async () => {
    expect(await errorOf(gql(t, `mutation($id: ID!) { deactivateUser(id: $id) { id } }`, { id: '00000000-0000-4000-8000-000000000000' }, admin.token)))
      .toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists users: admins all, coordinators only organisations in their region, paged', async () => {
    const bandungStaff = await userWithToken(t, 'PARTNER_STAFF', { organizationId: orgs.bandung });
    const all = await ok(gql(t, `{ users(first: 100) { totalCount edges { node { id organizationId } } } }`, {}, admin.token));
    const [{ total }] = await t.db.query(`SELECT count(*)::int AS total FROM user_account`);
    expect(all.users.totalCount).toBe(total);
    expect(all.users.edges.map((e: any) => e.node.id)).toContain(bandungStaff.id);

    const mine = await ok(gql(t, `{ users(first: 100) { totalCount edges { node { id organizationId } } } }`, {}, coordinator));
    const orgsSeen = new Set(mine.users.edges.map((e: any) => e.node.organizationId));
    expect(mine.users.totalCount).toBeGreaterThan(0);
    expect([...orgsSeen].every((o) => o === orgs.dinsos || o === orgs.cimahi)).toBe(true);
    expect(await errorOf(gql(t, `query($o: ID) { users(organizationId: $o) { totalCount } }`, { o: orgs.bandung }, coordinator))).toMatchObject({ code: 'FORBIDDEN' });

    const page1 = await ok(gql(t, `{ users(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`, {}, admin.token));
    const page2 = await ok(gql(t, `query($a: String) { users(first: 2, after: $a) { edges { node { id } } } }`, { a: page1.users.pageInfo.endCursor }, admin.token));
    expect(page1.users.pageInfo.hasNextPage).toBe(true);
    expect(page2.users.edges[0].node.id).not.toBe(page1.users.edges[1].node.id);

    const byOrg = await ok(gql(t, `query($o: ID) { users(organizationId: $o) { totalCount edges { node { id } } } }`, { o: orgs.bandung }, admin.token));
    expect(byOrg.users.edges.map((e: any) => e.node.id)).toEqual([bandungStaff.id]);
  });
});
