import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { EventBus, CHANNELS, PUB_SUB } from '../../src/redis/pubsub';
import { createOrg } from '../support/factories';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { eventually } from '../support/eventually';
import { collect, untilSubscribed } from '../support/ws-client';

const ME = `{ me { id email role } }`;
const MY = `subscription { myNotifications { id template } }`;

interface Session { cookie: string; setCookie: string; csrfToken: string; body: any; status: number }

/** The web console's cookie session over real HTTP: sign-in, CSRF, restore, sign-out, WebSocket. */
describe('console session: httpOnly cookie with CSRF protection', () => {
  let t: TestApp;
  const sockets: Client[] = [];

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.dispose()));
    await t.close();
  });

  async function signIn(email: string, password: string): Promise<Session> {
    const res = await fetch(`${t.url}/auth/session`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify({ email, password }),
    });
    const setCookie = res.headers.getSetCookie()[0] ?? '';
    const body = (await res.json()) as any;
    return { cookie: setCookie.split(';')[0], setCookie, csrfToken: body.csrfToken, body, status: res.status };
  }

  /** A /graphql POST as the console sends it: the cookie, and the CSRF header when given. */
  async function gqlCookie(query: string, cookie: string, csrf?: string, extra: Record<string, string> = {}) {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en', cookie, ...(csrf !== undefined ? { 'x-csrf-token': csrf } : {}), ...extra },
      body: JSON.stringify({ query }),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  function browserSocket(cookie: string, params: Record<string, unknown>, origin = 'http://localhost:3000'): Client {
    class CookieSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie }, origin });
      }
    }
    const c = createClient({ url: `${t.url.replace('http', 'ws')}/graphql`, webSocketImpl: CookieSocket, connectionParams: params, retryAttempts: 0, lazy: true });
    sockets.push(c);
    return c;
  }

  it('sign-in sets an httpOnly SameSite=Strict cookie and answers the user and a CSRF token; me works with cookie + CSRF', async () => {
    const u = await userWithToken(t, 'CASE_MANAGER', { organizationId: await createOrg(t) });
    const s = await signIn(u.email, u.password);
    expect(s.status).toBe(200);
    expect(s.body).toEqual({
      user: { id: u.id, name: expect.any(String), email: u.email, role: 'CASE_MANAGER', organizationId: expect.any(String) },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
    });
    expect(s.setCookie).toMatch(/^rujuk_session=[^;]+; Max-Age=28800; Path=\/; HttpOnly; SameSite=Strict$/);
    // Not Secure: PUBLIC_APP_URL is http in tests (SESSION_COOKIE_SECURE defaults to an https PUBLIC_APP_URL).
    const me = await gqlCookie(ME, s.cookie, s.csrfToken);
    expect(me.status).toBe(200);
    expect(me.body.data.me).toEqual({ id: u.id, email: u.email, role: 'CASE_MANAGER' });
  });

  it('refuses a cookie without or with a wrong CSRF header with 403 CSRF_TOKEN_INVALID; a bearer needs none and wins over a cookie', async () => {
    const u = await userWithToken(t, 'ADMIN');
    const s = await signIn(u.email, u.password);
    for (const csrf of [undefined, '', 'x'.repeat(43), s.csrfToken.slice(0, -1)]) {
      const r = await gqlCookie(ME, s.cookie, csrf);
      expect(r.status).toBe(403);
      expect(r.body.errors[0].extensions.code).toBe('CSRF_TOKEN_INVALID');
      expect(r.body.data).toBeUndefined();
    }
    // Another session's CSRF token does not fit this one.
    const other = await signIn(u.email, u.password);
    expect((await gqlCookie(ME, s.cookie, other.csrfToken)).status).toBe(403);
    // Bearer requests work as before, with or without a cookie beside them.
    expect((await ok(gql(t, ME, {}, u.token))).me.id).toBe(u.id);
    expect((await ok(gql(t, ME, {}, u.token, { cookie: s.cookie }))).me.id).toBe(u.id);
    // A public operation from a browser with a stale (invalid) cookie still works.
    const login = await gqlCookie(`mutation { login(input: { email: "${u.email}", password: "${u.password}" }) { user { id } } }`, 'rujuk_session=garbage');
    expect(login.body.data.login.user.id).toBe(u.id);
  });

  it('GET /auth/session restores the session and its CSRF token; 401 without a cookie', async () => {
    const u = await userWithToken(t, 'PARTNER_STAFF', { organizationId: await createOrg(t, { partnerKind: 'RUMAH_SAKIT' }) });
    const s = await signIn(u.email, u.password);
    const res = await fetch(`${t.url}/auth/session`, { headers: { cookie: s.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as any;
    expect(body.user).toEqual(s.body.user);
    expect(body.csrfToken).toBe(s.csrfToken);
    const none = await fetch(`${t.url}/auth/session`, { headers: { 'accept-language': 'en' } });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ code: 'UNAUTHENTICATED', message: 'Not signed in' });
  });

  it('sign-out needs the CSRF header, clears the cookie and revokes the session: the old cookie (or its token as a bearer) is refused', async () => {
    const u = await userWithToken(t, 'CASE_MANAGER', { organizationId: await createOrg(t) });
    const s = await signIn(u.email, u.password);
    const keep = await signIn(u.email, u.password); // another tab/device: unaffected
    const noCsrf = await fetch(`${t.url}/auth/session`, { method: 'DELETE', headers: { cookie: s.cookie } });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as any).code).toBe('CSRF_TOKEN_INVALID');
    expect((await gqlCookie(ME, s.cookie, s.csrfToken)).status).toBe(200);

    const out = await fetch(`${t.url}/auth/session`, { method: 'DELETE', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(/^rujuk_session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/);

    const after = await gqlCookie(ME, s.cookie, s.csrfToken);
    expect(after.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(after.body.errors[0].message).toBe('Session signed out');
    const token = decodeURIComponent(s.cookie.split('=')[1]);
    expect(await errorOf(gql(t, ME, {}, token))).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Session signed out' });
    expect((await fetch(`${t.url}/auth/session`, { headers: { cookie: s.cookie } })).status).toBe(401);
    // The other session still works.
    expect((await gqlCookie(ME, keep.cookie, keep.csrfToken)).body.data.me.id).toBe(u.id);
    // Signing out without a session is harmless.
    expect((await fetch(`${t.url}/auth/session`, { method: 'DELETE' })).status).toBe(204);
  });

  it('refuses a wrong password with 401 and the login mutation\'s code and message; bad input names the field', async () => {
    const u = await userWithToken(t, 'ADMIN');
    const s = await signIn(u.email, 'wrong-password');
    expect(s.status).toBe(401);
    expect(s.body).toEqual({ code: 'UNAUTHENTICATED', message: 'Wrong email or password' });
    expect(s.setCookie).toBe('');
    const bad = await signIn('not-an-email', 'x');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    // Indonesian by default.
    const res = await fetch(`${t.url}/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: u.email, password: 'wrong' }) });
    expect(res.status).toBe(401);
  });

  it('a deactivated user\'s cookie is refused at once', async () => {
    const admin = await userWithToken(t, 'ADMIN');
    const u = await userWithToken(t, 'CASE_MANAGER', { organizationId: await createOrg(t) });
    const s = await signIn(u.email, u.password);
    await ok(gql(t, `mutation($id: ID!) { deactivateUser(id: $id) { active } }`, { id: u.id }, admin.token));
    const r = await gqlCookie(ME, s.cookie, s.csrfToken);
    expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await fetch(`${t.url}/auth/session`, { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('the CSV reports accept the cookie (GET, no CSRF header needed)', async () => {
    const u = await userWithToken(t, 'ADMIN');
    const s = await signIn(u.email, u.password);
    const res = await fetch(`${t.url}/reports/referrals.csv`, { headers: { cookie: s.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    await res.text();
    expect((await fetch(`${t.url}/reports/referrals.csv`)).status).toBe(401);
  });

  it('a WebSocket signed in by the cookie plus csrfToken receives events; without or with a wrong csrfToken, or from another origin, it is refused', async () => {
    const u = await userWithToken(t, 'ADMIN');
    const s = await signIn(u.email, u.password);
    const sub = collect(browserSocket(s.cookie, { csrfToken: s.csrfToken }), MY);
    await untilSubscribed([CHANNELS.userNotifications(u.id)]);
    await t.app.get<EventBus>(PUB_SUB).publish(CHANNELS.userNotifications(u.id), {
      notificationId: 'n-cookie', template: 'referral.accepted', data: {}, occurredAt: new Date(0).toISOString(),
    });
    await eventually(async () => sub.items.length === 1, 8000);
    expect(sub.items[0].myNotifications).toEqual({ id: 'n-cookie', template: 'referral.accepted' });
    sub.stop();

    for (const [params, origin] of [[{}, undefined], [{ csrfToken: 'wrong' }, undefined], [{ csrfToken: s.csrfToken }, 'https://evil.example']] as const) {
      const refused = collect(browserSocket(s.cookie, params, origin), MY);
      await refused.done;
      expect(refused.items).toEqual([]);
      expect(String((refused.errors[0] as { code?: number }).code)).toBe('4403');
    }
  });
});
