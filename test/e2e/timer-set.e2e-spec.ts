import IORedis from 'ioredis';
import { TimerSet } from '../../src/jobs/timer-set';
import { TimerSetProcessor, TimerSetSweeper } from '../../src/jobs/timer-set-sweeper';
import { clearRedisPrefix, eventually } from '../support/worker';

/**
 * A timer set in real Redis (timer-set.ts) and its sweeper (timer-set-sweeper.ts), with a handler that notes what
 * it is given: members taken once when due, in batches; early or later ones put back; a claim whose process died
 * taken back after its lease; a failed batch tried again with each member alone.
 */
describe('timer sets', () => {
  let redis: IORedis;
  let set: TimerSet;
  const sweepers: TimerSetSweeper[] = [];

  const sweep = (handler: TimerSetProcessor, over: Partial<ConstructorParameters<typeof TimerSetSweeper>[2]> = {}) => {
    const s = new TimerSetSweeper(set, handler, { batchSize: 10, concurrency: 2, pollMs: 10, leaseMs: 2_000, retryMs: 50, ...over });
    sweepers.push(s);
    s.start();
    return s;
  };

  beforeAll(async () => {
    await clearRedisPrefix();
    redis = new IORedis(process.env.REDIS_URL!);
  });

  beforeEach(async () => {
    await clearRedisPrefix();
    set = new TimerSet(redis, process.env.REDIS_PREFIX!, 'referral-deadlines');
  });

  afterEach(async () => {
    await Promise.all(sweepers.splice(0).map((s) => s.stop()));
  });

  afterAll(() => redis.disconnect());

  it('keeps the earlier time when a member is scheduled twice, and tells which members are pending', async () => {
    const now = Date.now();
    await set.schedule([{ member: 'a', at: new Date(now + 60_000) }, { member: 'b', at: new Date(now + 60_000) }]);
    await set.schedule([{ member: 'a', at: new Date(now + 30_000) }, { member: 'b', at: new Date(now + 90_000) }]);
    expect((await set.dueAt('a'))?.getTime()).toBe(now + 30_000);
    expect((await set.dueAt('b'))?.getTime()).toBe(now + 60_000);
    expect(await set.pending(['a', 'b', 'c'])).toEqual([true, true, false]);
    expect(await set.size()).toBe(2);
  });

  it('hands each due member to the handler once, in batches, and puts back what the handler says is not done', async () => {
    const now = Date.now();
    await set.schedule(Array.from({ length: 25 }, (_, i) => ({ member: `m${i}`, at: new Date(now - 1000 + i) })));
    await set.schedule([{ member: 'later', at: new Date(now + 60_000) }]);
    const batches: string[][] = [];
    sweep({
      handleDue: async (members) => {
        batches.push(members);
        // m0 is not done: its next deadline is in a minute.
        return new Map(members.filter((m) => m === 'm0').map((m) => [m, new Date(now + 60_000)]));
      },
    });
    await eventually(async () => batches.flat().length >= 25 || null, 5_000, 20);
    await eventually(async () => (await redis.zcard(set.claimedKey)) === 0 || null, 5_000, 20);
    expect(batches.flat().sort()).toEqual(Array.from({ length: 25 }, (_, i) => `m${i}`).sort());
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(10);
    expect((await set.dueAt('m0'))?.getTime()).toBe(now + 60_000);
    expect(await set.pending(['m0', 'm1', 'later'])).toEqual([true, false, true]);
  });

  it('takes back the claims of a process that died once their lease lapsed', async () => {
    await set.schedule([{ member: 'x', at: new Date(Date.now() - 10) }]);
    // A sweeper claimed it and died: its claim holds for 300 ms.
    const { members } = await set.claim(Date.now(), 10, Date.now() + 300);
    expect(members).toEqual(['x']);
    expect(await set.pending(['x'])).toEqual([true]);
    const seen: number[] = [];
    const started = Date.now();
    sweep({ handleDue: async () => (seen.push(Date.now() - started), new Map()) });
    await eventually(async () => seen.length === 1 || null, 5_000, 20);
    expect(seen[0]).toBeGreaterThanOrEqual(250);
    await eventually(async () => (await set.pending(['x']))[0] === false || null, 5_000, 20);
  });

  it('tries the members of a failed batch again, each alone, so one bad member does not hold back the others', async () => {
    const now = Date.now();
    await set.schedule(['a', 'bad', 'c'].map((member) => ({ member, at: new Date(now - 10) })));
    const calls: string[][] = [];
    const done = new Set<string>();
    sweep({
      handleDue: async (members) => {
        calls.push(members);
        if (members.includes('bad')) throw new Error('bad member');
        for (const m of members) done.add(m);
        return new Map();
      },
    });
    await eventually(async () => (done.has('a') && done.has('c') && calls.filter((c) => c.length === 1 && c[0] === 'bad').length >= 2) || null, 5_000, 20);
    expect(calls[0].sort()).toEqual(['a', 'bad', 'c']);
    expect(calls.slice(1).every((c) => c.length === 1)).toBe(true);
    expect(await set.pending(['a', 'bad', 'c'])).toEqual([false, true, false]);
  });
});
