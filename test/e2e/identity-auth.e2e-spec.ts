import { JwtService } from '@nestjs/jwt';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { eventually } from '../support/worker';

const ME = `{ me { id role active } }`;

describe('authentication: tokens', () => {
  let t: TestApp;
  let user: { id: string; token: string };
  const secret = process.env.JWT_SECRET!;

  beforeAll(async () => {
    process.env.TRUSTED_PROXIES = 'loopback'; // the test client stands behind a proxy on 127.0.0.1 (X-Forwarded-For)
    t = await startApp();
    user = await userWithToken(t, 'ADMIN');
  });
  afterAll(async () => {
    delete process.env.TRUSTED_PROXIES;
    await t.close();
  });

  const meWith = (token: string) => errorOf(gql(t, ME, {}, token));

  it('accepts the token login issued', async () => {
    const d = await ok(gql(t, ME, {}, user.token));
    expect(d.me).toEqual({ id: user.id, role: 'ADMIN', active: true });
  });

  it('refuses a request without a token', async () => {
    expect(await errorOf(gql(t, ME))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a tampered token (payload changed, signature kept)', async () => {
    const [header, payload, signature] = user.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: '00000000-0000-0000-0000-000000000000' })).toString('base64url');
    expect(await meWith(`${header}.${forged}.${signature}`)).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Invalid token' });
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    expect(await meWith(`${header}.${payload}.${flipped}`)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await new JwtService({ secret }).signAsync(
      { sub: user.id, role: 'ADMIN', iat: now - 120, exp: now - 60 },
      { algorithm: 'HS256', issuer: 'rujuk' },
    );
    expect(await meWith(expired)).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Token expired' });
  });

  it('refuses a token signed with another secret', async () => {
    const wrong = await new JwtService({ secret: 'another-secret-another-secret-0123456789' }).signAsync(
      { sub: user.id, role: 'ADMIN' },
      { algorithm: 'HS256', issuer: 'rujuk', expiresIn: 600 },
    );
    expect(await meWith(wrong)).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Invalid token' });
  });

  it('refuses an unsigned token (alg none) and one from another issuer', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: user.id, role: 'ADMIN', iss: 'rujuk', iat: now, exp: now + 600 })}.`;
    expect(await meWith(unsigned)).toMatchObject({ code: 'UNAUTHENTICATED' });
    const foreign = await new JwtService({ secret }).signAsync({ sub: user.id, role: 'ADMIN' }, { algorithm: 'HS256', issuer: 'someone-else', expiresIn: 600 });
    expect(await meWith(foreign)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('a deactivated user\'s token stops working at once, and works again after reactivation', async () => {
    const org = await ok(gql(t, `mutation { createOrganization(input: { name: "RS Uji", partnerKind: "RUMAH_SAKIT", regionCode: "32.73" }) { id } }`, {}, user.token));
    const staff = await userWithToken(t, 'PARTNER_STAFF', { organizationId: org.createOrganization.id });
    expect((await ok(gql(t, ME, {}, staff.token))).me.active).toBe(true);

    await ok(gql(t, `mutation($id: ID!) { deactivateUser(id: $id) { active } }`, { id: staff.id }, user.token));
    expect(await errorOf(gql(t, ME, {}, staff.token))).toMatchObject({ code: 'UNAUTHENTICATED', message: 'User is not active' });
    // (from a documentation address, so the failure does not count against 127.0.0.1 for later files)
    expect(await errorOf(gql(t, `mutation($i: LoginInput!) { login(input: $i) { token } }`, {
      i: { email: staff.email, password: staff.password },
    }, undefined, { 'x-forwarded-for': `198.51.100.${1 + Math.floor(Math.random() * 250)}` }))).toMatchObject({ code: 'UNAUTHENTICATED' });

    await ok(gql(t, `mutation($id: ID!) { reactivateUser(id: $id) { active } }`, { id: staff.id }, user.token));
    expect((await ok(gql(t, ME, {}, staff.token))).me.active).toBe(true);
  });

  it('a role change takes effect on the next request with the same token', async () => {
    const org = await ok(gql(t, `mutation { createOrganization(input: { name: "LK3 Uji", partnerKind: "LK3", regionCode: "32.73" }) { id } }`, {}, user.token));
    const cm = await userWithToken(t, 'CASE_MANAGER', { organizationId: org.createOrganization.id });
    expect(await errorOf(gql(t, `{ auditTrail(entityType: "User", entityId: "${cm.id}") { totalCount } }`, {}, cm.token))).toMatchObject({ code: 'FORBIDDEN' });
    await ok(gql(t, `mutation($i: ChangeUserRoleInput!) { changeUserRole(input: $i) { role } }`, { i: { userId: cm.id, role: 'SUPERVISOR' } }, user.token));
    const d = await ok(gql(t, `{ auditTrail(entityType: "User", entityId: "${cm.id}") { edges { node { action details } } } }`, {}, cm.token));
    expect(d.auditTrail.edges.map((e: any) => [e.node.action, JSON.parse(e.node.details)])).toEqual(expect.arrayContaining([
      ['LOGIN_SUCCEEDED', {}],
      ['USER_ROLE_CHANGED', { from: 'CASE_MANAGER', to: 'SUPERVISOR' }],
    ]));
  });

  it('a change made outside the API (SQL) applies to the next request, though the user was served from memory', async () => {
    const org = await ok(gql(t, `mutation { createOrganization(input: { name: "Dinsos Uji", partnerKind: "DINAS_SOSIAL", regionCode: "32.73" }) { id } }`, {}, user.token));
    const cm = await userWithToken(t, 'CASE_MANAGER', { organizationId: org.createOrganization.id });
    for (let i = 0; i < 3; i++) expect((await ok(gql(t, ME, {}, cm.token))).me).toEqual({ id: cm.id, role: 'CASE_MANAGER', active: true });

    // NOTIFY reaches the API at commit; allow it the time of a round trip (1 s), not of a cache lifetime.
    await t.db.query(`UPDATE user_account SET role = 'SUPERVISOR' WHERE id = $1`, [cm.id]);
    await eventually(async () => (await gql(t, ME, {}, cm.token)).data?.me?.role === 'SUPERVISOR', 1_000, 20);
    await t.db.query(`UPDATE user_account SET active = false WHERE id = $1`, [cm.id]);
    await eventually(async () => (await errorOf(gql(t, ME, {}, cm.token))).code === 'UNAUTHENTICATED', 1_000, 20);
    expect(await errorOf(gql(t, ME, {}, cm.token))).toMatchObject({ code: 'UNAUTHENTICATED', message: 'User is not active' });
  });
});

