import { stopApi } from '../../src/health/shutdown-drain';
import { eventually } from '../support/eventually';
import { startApp, TestApp, userWithToken } from '../support/harness';

/** A stopping API (stopApi, as main.ts calls it on SIGTERM; SHUTDOWN_DRAIN_SECONDS) drains before it closes. */
describe('a stopping API', () => {
  let t: TestApp;
  let stopped = false;

  beforeAll(async () => {
    process.env.SHUTDOWN_DRAIN_SECONDS = '1';
    try {
      t = await startApp();
    } finally {
      delete process.env.SHUTDOWN_DRAIN_SECONDS;
    }
  });
  afterAll(async () => {
    if (!stopped) await t.close();
  });

  it('turns unready, answers what still comes with Connection: close and its login limiter, then closes', async () => {
    const { token } = await userWithToken(t, 'ADMIN');
    const me = () => fetch(`${t.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ me { id } }' }),
      signal: AbortSignal.timeout(5000),
    });
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    const before = await me();
    expect(before.headers.get('connection')).not.toBe('close');

    const closing = stopApi(t.app).then(() => (stopped = true));
    await eventually(async () => (await fetch(`${t.url}/readyz`)).status === 503, 5_000);
    const during = await me();
    expect(during.status).toBe(200);
    expect(((await during.json()) as { data: { me: { id: string } } }).data.me.id).toBeTruthy();
    expect(during.headers.get('connection')).toBe('close');
    // The login limiter's Redis closes after the server, not before: a sign-in while draining is judged on its
    // password, not refused as when the limiter is unreachable.
    const login = await fetch(`${t.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(input: { email: "nobody@rujuk.invalid", password: "wrong-password" }) { token } }' }),
    });
    const refusal = ((await login.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code;
    expect(refusal).toBe('UNAUTHENTICATED');

    await closing;
    await expect(fetch(`${t.url}/readyz`)).rejects.toThrow();
  });
});
