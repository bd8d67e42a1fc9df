import { quotaBatch } from '../../src/identity/user-quotas';
import { errorOf, gql, startApp, TestApp, userWithToken } from '../support/harness';

/**
 * Two API instances sharing Redis stand for two API processes: each counts a user's operations itself and
 * synchronises with Redis in batches (user-quotas.ts), so together they admit at least the limit and at most
 * the limit plus one batch per process, and once synchronised both refuse.
 */
describe('per-user rate limit across API processes', () => {
  const limit = 100;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    process.env.RATE_LIMIT_PER_MINUTE = String(limit);
    a = await startApp();
    b = await startApp();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    delete process.env.RATE_LIMIT_PER_MINUTE;
  });

  it('admits between the limit and the limit + 2 batches of a user\'s operations sent to both at once, then both refuse', async () => {
    const user = await userWithToken(a, 'ADMIN');
    const results = await Promise.all(Array.from({ length: 160 }, (_, i) => gql(i % 2 ? a : b, `{ me { id } }`, {}, user.token)));
    const admitted = results.filter((r) => !r.errors && r.data?.me?.id === user.id).length;
    const refused = results.filter((r) => r.errors?.[0]?.extensions?.code === 'TOO_MANY_REQUESTS').length;
    expect(admitted + refused).toBe(160);
    expect(admitted).toBeGreaterThanOrEqual(limit);
    expect(admitted).toBeLessThanOrEqual(limit + 2 * quotaBatch(limit));
    for (const t of [a, b]) expect(await errorOf(gql(t, `{ me { id } }`, {}, user.token))).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });
});
