import { MicroBatcher } from '../../src/jobs/micro-batcher';

/** The micro-batcher that gathers SLA expiry jobs into one transaction per batch. */
describe('MicroBatcher', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs a batch when it is full, and the rest after the wait, each caller getting its own outcome', async () => {
    const batches: number[][] = [];
    const b = new MicroBatcher<number, string>(async (items) => {
      batches.push(items);
      return items.map((i) => (i === 3 ? new Error('three') : `ok ${i}`));
    }, { maxSize: 3, maxWaitMs: 20 });
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map((i) => b.add(i)));
    expect(batches).toEqual([[1, 2, 3], [4]]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual(['ok 1', 'ok 2', 'three', 'ok 4']);
  });

  it('fails every item of a batch whose run throws, and keeps going with the next batch', async () => {
    let calls = 0;
    const b = new MicroBatcher<number, number>(async (items) => {
      if (calls++ === 0) throw new Error('deadlock');
      return items;
    }, { maxSize: 2, maxWaitMs: 0 });
    await expect(Promise.all([b.add(1), b.add(2)])).rejects.toThrow('deadlock');
    await expect(b.add(5)).resolves.toBe(5);
  });

  it('a single item is a batch of one after the wait', async () => {
    const b = new MicroBatcher<string, string>(async (items) => items.map((i) => i.toUpperCase()), { maxSize: 100, maxWaitMs: 5 });
    await expect(b.add('a')).resolves.toBe('A');
  });

  it('runs at most maxConcurrent batches at once; what falls due meanwhile goes in the next batch, up to maxSize', async () => {
    jest.useFakeTimers();
    const batches: number[][] = [];
    const release: (() => void)[] = [];
    let running = 0;
    let most = 0;
    const b = new MicroBatcher<number, number>(async (items) => {
      batches.push(items);
      running++;
      most = Math.max(most, running);
      await new Promise<void>((r) => release.push(r));
      running--;
      return items;
    }, { maxSize: 3, maxWaitMs: 1, maxConcurrent: 1 });
    const first = b.add(1);
    await jest.advanceTimersByTimeAsync(10);
    expect(batches).toEqual([[1]]);
    // Due while the first runs: they wait, gathering (4 items: a full batch of 3, then 1).
    const rest = [2, 3, 4, 5].map((i) => b.add(i));
    await jest.advanceTimersByTimeAsync(10);
    expect(batches).toEqual([[1]]);
    release.shift()!();
    await expect(first).resolves.toBe(1);
    await jest.advanceTimersByTimeAsync(5);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    release.shift()!();
    await jest.advanceTimersByTimeAsync(5);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
    release.shift()!();
    await expect(Promise.all(rest)).resolves.toEqual([2, 3, 4, 5]);
    expect(most).toBe(1);
  });

  it('a failed batch frees its place for the next', async () => {
    let calls = 0;
    const b = new MicroBatcher<number, number>(async (items) => {
      if (calls++ === 0) throw new Error('deadlock');
      return items;
    }, { maxSize: 10, maxWaitMs: 1, maxConcurrent: 1 });
    const failed = b.add(1);
    const next = b.add(2);
    await expect(failed).rejects.toThrow('deadlock');
    await expect(next).rejects.toThrow('deadlock'); // same batch
    await expect(b.add(3)).resolves.toBe(3);
  });
});
