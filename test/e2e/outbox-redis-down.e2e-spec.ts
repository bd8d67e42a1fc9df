import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { jobId } from '../../src/jobs/job-registry';
import { OutboxRelay, RelayOptions } from '../../src/outbox/outbox-relay';
import { OutboxSink, RedisOutboxSink, relayRedis } from '../../src/outbox/outbox-publisher';
import { OutboxService } from '../../src/outbox/outbox.service';
import type { OutboxRow } from '../../src/outbox/outbox.types';
import { startApp, TestApp } from '../support/harness';
import { clearRedisPrefix, eventually, startWorker, testQueue } from '../support/worker';

/** A port nothing listens on: the relay's view of "Redis is down" (the machine's Redis keeps running). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Counts what reaches Redis through a real sink. */
class CountingSink implements OutboxSink {
  readonly published: string[] = [];
  constructor(private readonly inner: OutboxSink) {}
  async addJobs(rows: OutboxRow[], now: Date) {
    await this.inner.addJobs(rows, now);
    this.published.push(...rows.map((r) => r.id));
  }
  async publishEvents(rows: OutboxRow[]) {
    await this.inner.publishEvents(rows);
    this.published.push(...rows.map((r) => r.id));
  }
  close() {
    return this.inner.close();
  }
}

/**
 * The relay under control of the test (the worker runs jobs but its own relay loop is off): Redis
 * unreachable when the change is written and when the relay first tries; publishing twice; two relays
 * at once.
 */
describe('outbox: Redis unavailable, repeated and concurrent relays', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let outbox: OutboxService;
  let queue: Queue;
  /** Delayed jobs are reconciled timers: these tests use the cancellations of a closed case that does not exist (they run and do nothing). */
  let timers: Queue;
  const options: RelayOptions = { batchSize: 500, retryBaseMs: 300, retryMaxMs: 5000 };
  const sinks: OutboxSink[] = [];
  const goodSink = () => {
    const s = new RedisOutboxSink(relayRedis(process.env.REDIS_URL!), process.env.REDIS_PREFIX!);
    sinks.push(s);
    return s;
  };

  beforeAll(async () => {
    process.env.OUTBOX_RELAY_ENABLED = 'false';
    await clearRedisPrefix();
    t = await startApp();
    worker = await startWorker();
    outbox = t.app.get(OutboxService);
    queue = testQueue('outbox');
    timers = testQueue('referrals');
  });

  afterAll(async () => {
    await Promise.all(sinks.map((s) => s.close()));
    await queue?.close();
    await timers?.close();
    await worker?.close();
    await t?.close();
    delete process.env.OUTBOX_RELAY_ENABLED;
  });

  const row = async (id: string) =>
    (await t.db.query(`SELECT attempts, last_error AS "lastError", sent_at AS "sentAt", deliver_after AS "deliverAfter" FROM outbox_message WHERE id = $1`, [id]))[0];

  it('keeps the message while Redis is unreachable, then schedules it to fire no earlier than runAt', async () => {
    const down = new RedisOutboxSink(relayRedis(`redis://127.0.0.1:${await closedPort()}`), process.env.REDIS_PREFIX!);
    sinks.push(down);
    const downRelay = new OutboxRelay(t.db, down, options);

    const id = jobId('test-down', randomUUID());
    const runAt = new Date(Date.now() + 2500);
    const rowId = (await t.db.transaction((tx) =>
      outbox.add(tx, { kind: 'job', name: 'referrals.cancel-for-closed-case', payload: { caseId: randomUUID() }, jobId: id, runAt }),
    ))!;
    expect(rowId).toEqual(expect.any(String)); // the write succeeded without Redis

    const failedAt = Date.now();
    const r1 = await downRelay.relayOnce();
    expect(Date.now() - failedAt).toBeLessThan(2000); // fails fast, does not hang holding the rows
    expect(r1).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
    const after = await row(rowId);
    expect(after).toMatchObject({ attempts: 1, sentAt: null });
    expect(after.lastError).toEqual(expect.any(String));
    expect(new Date(after.deliverAfter).getTime()).toBeGreaterThan(Date.now() - 100); // backed off
    expect(await timers.getJob(id)).toBeUndefined();

    // A relay that can reach Redis again, once the backoff has passed.
    const up = new OutboxRelay(t.db, goodSink(), options);
    const r2 = await eventually(async () => {
      const r = await up.relayOnce();
      return r.sent ? r : null;
    }, 5000, 100);
    expect(r2).toMatchObject({ sent: 1, failed: 0 });
    expect(await row(rowId)).toMatchObject({ attempts: 2, lastError: null, sentAt: expect.any(Date) });

    const job = await eventually(async () => {
      const j = await timers.getJob(id);
      return j?.finishedOn ? j : null;
    }, 8000);
    expect(job.processedOn).toBeGreaterThanOrEqual(runAt.getTime());
  });

  it('fires at once when the relay publishes after runAt has passed', async () => {
    const id = jobId('test-late', randomUUID());
    const runAt = new Date(Date.now() - 60_000);
    await t.db.transaction((tx) => outbox.add(tx, { kind: 'job', name: 'referrals.cancel-for-closed-case', payload: { caseId: randomUUID() }, jobId: id, runAt }));
    const published = Date.now();
    await new OutboxRelay(t.db, goodSink(), options).relayOnce();
    const job = await eventually(async () => {
      const j = await timers.getJob(id);
      return j?.finishedOn ? j : null;
    }, 5000);
    expect(job.processedOn! - published).toBeLessThan(2000);
  });

  it('has one effect when the same message is relayed twice', async () => {
    const id = jobId('test-twice', randomUUID());
    const rowId = (await t.db.transaction((tx) => outbox.add(tx, { kind: 'job', name: 'outbox.prune', payload: {}, jobId: id })))!;
    const relay = new OutboxRelay(t.db, goodSink(), options);
    await relay.relayOnce();
    await eventually(async () => (await queue.getJob(id))?.finishedOn, 5000);
    // As if the relay had died after publishing and before recording it: the row is relayed again.
    await t.db.query(`UPDATE outbox_message SET sent_at = NULL WHERE id = $1`, [rowId]);
    expect(await relay.relayOnce()).toMatchObject({ sent: 1 });
    // A job relayed after it, finished, is the sign that a second copy would have been queued and run by now.
    const sentinel = jobId('test-twice', randomUUID());
    await t.db.transaction((tx) => outbox.add(tx, { kind: 'job', name: 'outbox.prune', payload: {}, jobId: sentinel }));
    await relay.relayOnce();
    await eventually(async () => (await queue.getJob(sentinel))?.finishedOn, 5000);
    const jobs = (await queue.getJobs(['completed', 'waiting', 'active', 'delayed'])).filter((j) => j.id === id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].attemptsMade).toBe(1);
  });

  it('two relays at once publish every row exactly once', async () => {
    const n = 3000;
    const channel = `test.${randomUUID()}`;
    await t.db.transaction((tx) =>
      outbox.addMany(tx, Array.from({ length: n }, (_, i) => ({ kind: 'event' as const, channel, payload: { i } }))),
    );
    const a = new CountingSink(goodSink());
    const b = new CountingSink(goodSink());
    const small = { ...options, batchSize: 200 };
    const drain = async (relay: OutboxRelay) => {
      for (;;) if ((await relay.relayOnce()).claimed === 0) return;
    };
    const started = Date.now();
    await Promise.all([drain(new OutboxRelay(t.db, a, small)), drain(new OutboxRelay(t.db, b, small))]);
    const ms = Date.now() - started;
    const all = [...a.published, ...b.published];
    expect(all).toHaveLength(n);
    expect(new Set(all).size).toBe(n);
    expect(a.published.length).toBeGreaterThan(0);
    expect(b.published.length).toBeGreaterThan(0);
    const [{ unsent }] = await t.db.query(`SELECT count(*)::int AS unsent FROM outbox_message WHERE sent_at IS NULL`);
    expect(unsent).toBe(0);
    process.stdout.write(`two relays: ${n} event rows in ${ms} ms (${Math.round((n / ms) * 1000)} rows/s)\n`);
  });
});
