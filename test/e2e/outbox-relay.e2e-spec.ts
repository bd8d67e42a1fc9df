import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { jobId } from '../../src/jobs/job-registry';
import { OutboxService } from '../../src/outbox/outbox.service';
import { startApp, TestApp } from '../support/harness';
import { clearRedisPrefix, eventually, startWorker, testQueue, testTimerSet } from '../support/worker';

/**
 * The outbox with the real worker running its relay loop: what a committed transaction writes is
 * published and runs at its time; what a rolled-back one writes never existed.
 * The job used is the real `outbox.prune` (its effect: an old sent row disappears).
 */
describe('outbox: transactional write, relay in the worker, job runs', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let outbox: OutboxService;
  let queue: Queue;

  beforeAll(async () => {
    process.env.OUTBOX_POLL_MS = '5000'; // long: the tests see NOTIFY waking the relay, not the poll
    await clearRedisPrefix();
    t = await startApp();
    worker = await startWorker();
    outbox = t.app.get(OutboxService);
    queue = testQueue('outbox');
  });

  afterAll(async () => {
    await queue?.close();
    await worker?.close();
    await t?.close();
  });

  const exists = async (id: string) => (await t.db.query(`SELECT 1 FROM outbox_message WHERE id = $1`, [id])).length > 0;

  it('publishes a committed message and the job runs no earlier than runAt', async () => {
    // A delayed job is a timer the reconciler can rebuild (the outbox refuses a delayed job of any other kind):
    // the cancellations of a closed case that does not exist, which run and do nothing.
    const id = jobId('test-reminder', randomUUID());
    const runAt = new Date(Date.now() + 1500);
    const written = Date.now();
    const rowId = await t.db.transaction((tx) =>
      outbox.add(tx, { kind: 'job', name: 'referrals.cancel-for-closed-case', payload: { caseId: randomUUID() }, jobId: id, runAt }));
    expect(rowId).toEqual(expect.any(String));

    // Woken by NOTIFY at commit, the relay publishes well before its 5 s poll.
    const sent = await eventually(async () => {
      const [r] = await t.db.query(`SELECT sent_at, attempts, last_error FROM outbox_message WHERE id = $1`, [rowId]);
      return r?.sent_at ? r : null;
    }, 4000);
    expect(new Date(sent.sent_at).getTime() - written).toBeLessThan(2000);
    expect(sent).toMatchObject({ attempts: 1, last_error: null });
    const referrals = testQueue('referrals');
    try {
      expect(await (await referrals.getJob(id))!.getState()).toBe('delayed'); // not yet: the job waits for runAt
      const job = await eventually(async () => {
        const j = await referrals.getJob(id);
        return j?.finishedOn ? j : null;
      }, 8000);
      expect(job.name).toBe('referrals.cancel-for-closed-case');
      expect(job.processedOn).toBeGreaterThanOrEqual(runAt.getTime());
      expect(job.returnvalue).toEqual({ cancelled: [] });
    } finally {
      await referrals.close();
    }
  });

  it('refuses a delayed job that is not a reconciled timer (a Redis wipe would lose it)', async () => {
    await expect(
      t.db.transaction((tx) => outbox.add(tx, { kind: 'job', name: 'outbox.prune', payload: {}, jobId: jobId('test-delayed', randomUUID()), runAt: new Date(Date.now() + 60_000) })),
    ).rejects.toThrow(/not a reconciled timer/);
  });

  it('queues nothing for a transaction that rolled back', async () => {
    const id = jobId('test-rollback', randomUUID());
    await expect(
      t.db.transaction(async (tx) => {
        await outbox.add(tx, { kind: 'job', name: 'outbox.prune', payload: {}, jobId: id });
        throw new Error('business rule failed after the outbox write');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await t.db.query(`SELECT 1 FROM outbox_message WHERE dedupe_key = $1`, [`job:${id}`])).toHaveLength(0);

    // A later committed message is relayed: the relay has run since, and still nothing for the rolled-back one.
    const later = jobId('test-after-rollback', randomUUID());
    await t.db.transaction((tx) => outbox.add(tx, { kind: 'job', name: 'outbox.prune', payload: {}, jobId: later }));
    await eventually(async () => queue.getJob(later), 4000);
    expect(await queue.getJob(id)).toBeUndefined();
  });

  it('stores one row for the same job added twice, and refuses to write outside a transaction', async () => {
    const id = jobId('test-dedupe', randomUUID());
    const first = await t.db.transaction((tx) => outbox.add(tx, { kind: 'job', name: 'outbox.prune', payload: {}, jobId: id }));
    const second = await t.db.transaction((tx) => outbox.add(tx, { kind: 'job', name: 'outbox.prune', payload: {}, jobId: id }));
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    expect(await t.db.query(`SELECT 1 FROM outbox_message WHERE dedupe_key = $1`, [`job:${id}`])).toHaveLength(1);
    await expect(outbox.add(t.db.manager, { kind: 'job', name: 'outbox.prune', payload: {}, jobId: jobId('x', randomUUID()) }))
      .rejects.toThrow('open transaction');
  });

  it('publishes a committed timer into its timer set at its time, keeping the earlier time when added again, and refuses an unknown set', async () => {
    const member = randomUUID(); // a referral that does not exist: when it falls due, the handler finds nothing to do
    const runAt = new Date(Date.now() + 3_600_000);
    const timers = testTimerSet('referral-deadlines');
    try {
      const rowId = await t.db.transaction((tx) => outbox.add(tx, { kind: 'timer', set: 'referral-deadlines', member, runAt }));
      expect(rowId).toEqual(expect.any(String));
      expect(await t.db.transaction((tx) => outbox.add(tx, { kind: 'timer', set: 'referral-deadlines', member, runAt }))).toBeNull(); // the same timer again
      const due = await eventually(async () => timers.dueAt(member), 4000);
      expect(due.getTime()).toBe(runAt.getTime());
      await t.db.transaction((tx) => outbox.add(tx, { kind: 'timer', set: 'referral-deadlines', member, runAt: new Date(runAt.getTime() + 60_000) }));
      await t.db.transaction((tx) => outbox.add(tx, { kind: 'timer', set: 'referral-deadlines', member, runAt: new Date(runAt.getTime() - 60_000) }));
      await eventually(async () => ((await timers.dueAt(member))?.getTime() === runAt.getTime() - 60_000) || null, 4000);
      const [row] = await t.db.query(`SELECT kind, topic, payload, run_at AS "runAt", sent_at AS "sentAt" FROM outbox_message WHERE id = $1`, [rowId]);
      expect(row).toMatchObject({ kind: 'TIMER', topic: 'referral-deadlines', payload: { member }, runAt, sentAt: expect.any(Date) });
      await expect(t.db.transaction((tx) => outbox.add(tx, { kind: 'timer', set: 'no-such-set' as 'referral-deadlines', member, runAt })))
        .rejects.toThrow('unknown timer set "no-such-set"');
    } finally {
      timers.close();
    }
  });

  it('refuses job ids BullMQ cannot take', async () => {
    await expect(t.db.transaction((tx) => outbox.add(tx, { kind: 'job', name: 'outbox.prune', payload: {}, jobId: 'a:b' })))
      .rejects.toThrow("without ':'");
    await expect(t.db.transaction((tx) => outbox.add(tx, { kind: 'job', name: 'outbox.prune', payload: {}, jobId: '12345' })))
      .rejects.toThrow('not all digits');
  });
});
