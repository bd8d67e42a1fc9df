import { quotaBatch, QuotaStore, UserQuotas } from '../../src/identity/user-quotas';

/** A store as Redis keeps the counts (one window per key from its first operation), with a controllable clock. */
function memoryStore(now: () => number): QuotaStore & { counts: Map<string, { n: number; endsAt: number }>; calls: number; fail: boolean } {
  const store = {
    counts: new Map<string, { n: number; endsAt: number }>(),
    calls: 0,
    fail: false,
    async add(entries: readonly { key: string; weight: number }[], windowMs: number) {
      store.calls++;
      if (store.fail) throw new Error('store down');
      return entries.map(({ key, weight }) => {
        let c = store.counts.get(key);
        if (!c || c.endsAt <= now()) store.counts.set(key, (c = { n: 0, endsAt: now() + windowMs }));
        c.n += weight;
        return { count: c.n, ttlMs: c.endsAt - now() };
      });
    },
  };
  return store;
}

describe('UserQuotas (per-user limits counted in the process, synchronised in batches)', () => {
  let time = 1_000_000;
  const now = () => time;

  it('one process admits exactly the limit in a window, counting weights, and again once the window is over', async () => {
    const store = memoryStore(now);
    const q = new UserQuotas(store, { limit: 20, windowMs: 60_000, batch: quotaBatch(20), syncMs: 50, now });
    expect(await q.consume('u', 10)).toBeNull();
    for (let i = 0; i < 10; i++) expect(await q.consume('u', 1)).toBeNull();
    expect(await q.consume('u', 1)).toBe(60_000);
    expect(await q.consume('other', 1)).toBeNull();
    time += 60_001;
    expect(await q.consume('u', 1)).toBeNull();
    await q.close();
  });

  it('sends counts in batches, not one round trip per operation', async () => {
    const store = memoryStore(now);
    const q = new UserQuotas(store, { limit: 1000, windowMs: 60_000, batch: quotaBatch(1000), syncMs: 50, now });
    for (let i = 0; i < 100; i++) expect(await q.consume(`u${i % 10}`, 1)).toBeNull();
    await q.close();
    expect(store.calls).toBeLessThanOrEqual(10);
    expect([...store.counts.values()].reduce((a, c) => a + c.n, 0)).toBe(100);
  });

  it('several processes on one store admit at least the limit and at most limit + processes x batch', async () => {
    const store = memoryStore(now);
    const limit = 100;
    const processes = Array.from({ length: 3 }, () => new UserQuotas(store, { limit, windowMs: 60_000, batch: quotaBatch(limit), syncMs: 50, now }));
    // All at once (every process's operations interleaved while their synchronisations are in flight).
    const results = await Promise.all(Array.from({ length: 600 }, (_, i) => processes[i % 3].consume('u', 1)));
    const admitted = results.filter((r) => r === null).length;
    expect(admitted).toBeGreaterThanOrEqual(limit);
    expect(admitted).toBeLessThanOrEqual(limit + 3 * quotaBatch(limit));
    await Promise.all(processes.map((p) => p.close()));
    expect(store.counts.get('u')!.n).toBe(admitted);
    for (const p of processes) expect(await p.consume('u', 1)).not.toBeNull();
  });

  it('counts in the process alone while the store cannot be reached (requests are not held up)', async () => {
    const store = memoryStore(now);
    store.fail = true;
    const errors: unknown[] = [];
    const q = new UserQuotas(store, { limit: 5, windowMs: 60_000, batch: 1, syncMs: 50, now }, (err) => errors.push(err));
    for (let i = 0; i < 5; i++) expect(await q.consume('u', 1)).toBeNull();
    expect(await q.consume('u', 1)).not.toBeNull();
    expect(errors.length).toBeGreaterThan(0);
    await q.close();
  });
});
