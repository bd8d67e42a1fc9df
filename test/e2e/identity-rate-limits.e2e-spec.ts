import { eventually } from '../support/eventually';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';

/**
 * Rate limits with short windows: 3 failed logins per account (12 per address) within 2 seconds, and
 * 20 operations per user per minute. Config is read when the app is created, so the env is set first.
 * Client addresses are simulated with X-Forwarded-For (trusted here from loopback: TRUSTED_PROXIES=loopback).
 */
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { token } }`;
let octet = Math.floor(Math.random() * 200);
const freshAddress = () => `203.0.113.${(octet++ % 250) + 1}`;

describe('rate limits (Redis)', () => {
  let t: TestApp;

  const login = (email: string, password: string, address: string) =>
    gql(t, LOGIN, { i: { email, password } }, undefined, { 'x-forwarded-for': address });

  beforeAll(async () => {
    process.env.LOGIN_MAX_FAILURES = '3';
    process.env.LOGIN_WINDOW_SECONDS = '2';
    process.env.RATE_LIMIT_PER_MINUTE = '20';
    process.env.TRUSTED_PROXIES = 'loopback';
    t = await startApp(); // (clears rate-limit counters left by earlier files)
  });
  afterAll(async () => {
    await t.close();
    delete process.env.LOGIN_MAX_FAILURES;
    delete process.env.LOGIN_WINDOW_SECONDS;
    delete process.env.RATE_LIMIT_PER_MINUTE;
    delete process.env.TRUSTED_PROXIES;
  });

  it('blocks an account after repeated failures, even with the right password, and lets it through after the window', async () => {
    const user = await userWithToken(t, 'ADMIN');
    const address = freshAddress();
    for (let i = 0; i < 3; i++) {
      expect(await errorOf(login(user.email, 'wrong-password', address))).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    const blocked = await login(user.email, user.password, address);
    expect(blocked.errors?.[0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) });
    expect(blocked.data?.login ?? null).toBeNull();
    // The account is blocked from any address.
    expect(await errorOf(login(user.email.toUpperCase(), user.password, freshAddress()))).toMatchObject({ code: 'TOO_MANY_REQUESTS' });

    // Polled (the check only reads the counters): let through once the 2-second window is over.
    const token = await eventually(async () => (await login(user.email, user.password, address)).data?.login?.token, 6_000, 200);
    expect(token).toEqual(expect.any(String));
  });

  it('a successful login clears the account\'s failures', async () => {
    const user = await userWithToken(t, 'ADMIN');
    const address = freshAddress();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 2; i++) {
        expect(await errorOf(login(user.email, 'wrong-password', address))).toMatchObject({ code: 'UNAUTHENTICATED' });
      }
      await ok(login(user.email, user.password, address));
    }
  });

  it('blocks an address after many failures across accounts, leaving other addresses alone', async () => {
    const user = await userWithToken(t, 'ADMIN');
    const address = freshAddress();
    for (let i = 0; i < 12; i++) {
      expect(await errorOf(login(`nobody-${i}-${Date.now()}@test.rujuk`, 'guess-guess', address))).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect(await errorOf(login(user.email, user.password, address))).toMatchObject({
      code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/address/),
    });
    await ok(login(user.email, user.password, freshAddress()));
  });

  it('limits each user\'s operations per minute, counting every operation of a batch', async () => {
    const a = await userWithToken(t, 'ADMIN');
    const b = await userWithToken(t, 'ADMIN');
    const batch = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.token}` },
      body: JSON.stringify(Array.from({ length: 10 }, () => ({ query: '{ me { id } }' }))),
    });
    expect(batch.status).toBe(200);
    for (let i = 0; i < 10; i++) await ok(gql(t, `{ me { id } }`, {}, a.token));
    const refused = await errorOf(gql(t, `{ me { id } }`, {}, a.token));
    expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    // Another user is not affected.
    await ok(gql(t, `{ me { id } }`, {}, b.token));
  });
});
