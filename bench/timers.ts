/**
 * `npm run bench:referrals -- --timers 1000000 [--timer-rate 1000 --timer-seconds 30 --concurrency 8]`
 *
 * Referral deadlines at scale, the timers alone: every sent referral has two BullMQ delayed jobs (its reminder
 * and its expiry, referral-effects.ts), added by the outbox publisher with the deterministic job id, payload and
 * retry options it gives them (bulkByQueue). This adds --timers expiry timers due days ahead, exactly as the
 * publisher adds them, in a queue of their own under BENCH_REDIS_PREFIX, and reports:
 *  - Redis memory per timer: INFO memory's used_memory before and after, divided by the number of timers;
 *  - lateness with the timers pending: --timer-rate timers per second fall due for --timer-seconds, taken by a
 *    BullMQ worker (concurrency --concurrency) whose processor does nothing but note when it started;
 *    lateness = start - due time. (The expiry's own database work is bench:referrals' subject, not this one's.)
 * The queue is removed at the end.
 */
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { bulkByQueue, jobId } from '../src/jobs/job-registry';
import { loadAverage, log, writeResults } from './bench-kit';
import { redisUrl } from './bench-redis';
import { percentile } from './stats';

const QUEUE = 'referrals-timers-bench';

async function usedMemory(r: IORedis): Promise<number> {
  const info = await r.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

/** The expiry timers of `ids`, as the outbox publisher adds them (name, payload, job id, retry policy), due at `dueAt(i)`. */
function expiryJobs(ids: string[], dueAt: (i: number) => number, now: number) {
  const jobs = ids.map((id, i) => ({
    name: 'referrals.sla-expire' as const,
    data: { referralId: id, version: 2 },
    opts: { jobId: jobId('referral-sla', id, 2, 'expire'), delay: Math.max(0, dueAt(i) - now) },
  }));
  return [...bulkByQueue(jobs).values()][0];
}

export async function timersBench(o: { timers: number; timerRate: number; timerSeconds: number; concurrency: number }): Promise<void> {
  const prefix = process.env.BENCH_REDIS_PREFIX ?? '{rujuk-bench}';
  const connection = new IORedis(redisUrl(), { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE, { connection, prefix });
  await queue.obliterate({ force: true });
  log(`timers: ${o.timers} expiry timers in ${prefix}:${QUEUE}; load ${loadAverage()}`);
  const m0 = await usedMemory(connection);
  const day = 24 * 3600 * 1000;
  const t0 = Date.now();
  const batch = 1000;
  for (let i = 0; i < o.timers; i += batch) {
    const ids = Array.from({ length: Math.min(batch, o.timers - i) }, () => randomUUID());
    // Due 1 to 7 days ahead, spread: pending, as a network's open referrals are.
    await queue.addBulk(expiryJobs(ids, (k) => t0 + day + (((i + k) * 7919) % (6 * day)), Date.now()));
    if ((i + batch) % 100_000 === 0) log(`  ${i + batch} added (${((i + batch) / ((Date.now() - t0) / 1000)).toFixed(0)}/s, load ${loadAverage()})`);
  }
  const addSeconds = (Date.now() - t0) / 1000;
  const m1 = await usedMemory(connection);
  const perTimer = (m1 - m0) / o.timers;
  log(`timers: ${o.timers} added in ${addSeconds.toFixed(1)} s; used_memory ${(m0 / 2 ** 20).toFixed(1)} -> ${(m1 / 2 ** 20).toFixed(1)} MiB: ${perTimer.toFixed(0)} bytes per timer`);
  // Where it goes: one job's hash, and the delayed sorted set's share per member.
  const [sample] = await connection.zrange(`${prefix}:${QUEUE}:delayed`, 0, 0);
  const jobBytes = Number(await connection.call('MEMORY', 'USAGE', `${prefix}:${QUEUE}:${sample}`, 'SAMPLES', '0'));
  const delayedBytes = Number(await connection.call('MEMORY', 'USAGE', `${prefix}:${QUEUE}:delayed`, 'SAMPLES', '0')) / o.timers;
  const jobFields = await connection.hgetall(`${prefix}:${QUEUE}:${sample}`);
  log(`timers: a job's hash ${jobBytes} bytes (fields ${Object.entries(jobFields).map(([k, v]) => `${k}=${v.length}`).join(' ')}), the delayed set ${delayedBytes.toFixed(0)} bytes per member`);

  // Lateness: timerRate/s fall due for timerSeconds, from after they are all added (at the rate measured above).
  const paced = o.timerRate * o.timerSeconds;
  const start = Date.now() + 10_000 + (paced / (o.timers / addSeconds)) * 1500;
  const due = new Map<string, number>();
  const pacedIds = Array.from({ length: paced }, () => randomUUID());
  for (let i = 0; i < paced; i += batch) {
    const ids = pacedIds.slice(i, i + batch);
    const jobs = expiryJobs(ids, (k) => start + ((i + k) * 1000) / o.timerRate, Date.now());
    ids.forEach((id, k) => due.set(id, start + ((i + k) * 1000) / o.timerRate));
    await queue.addBulk(jobs);
  }
  log(`timers: ${paced} more due at ${o.timerRate}/s from ${new Date(start).toISOString()} (${((start - Date.now()) / 1000).toFixed(1)} s from now); worker concurrency ${o.concurrency}`);
  if (Date.now() > start) log('timers: WARNING adding the paced timers took past their first due time; lateness includes that');
  const lateness: number[] = [];
  let done = 0;
  const worker = new Worker(QUEUE, async (job) => {
    const dueAt = due.get((job.data as { referralId: string }).referralId);
    if (dueAt !== undefined) lateness.push(Date.now() - dueAt);
    done++;
  }, { connection: new IORedis(redisUrl(), { maxRetriesPerRequest: null }), prefix, concurrency: o.concurrency });
  const deadline = start + o.timerSeconds * 1000 + 120_000;
  while (done < paced && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    if (Date.now() > start) log(`  ${done}/${paced} taken, load ${loadAverage()}`);
  }
  await worker.close();
  const sorted = [...lateness].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const max = sorted[sorted.length - 1];
  log('');
  log(`timers: ${o.timers} pending; Redis ${perTimer.toFixed(0)} bytes per timer (${((2 * perTimer) / 1024).toFixed(2)} KiB per pending referral: reminder + expiry)`);
  log(`timers: ${sorted.length}/${paced} paced expiries taken at ${o.timerRate}/s: lateness p50 ${p50} ms, p99 ${p99} ms, max ${max} ms; load ${loadAverage()}`);
  log(`${perTimer <= 1024 ? 'MET   ' : 'MISSED'} <= 1 KB of Redis per timer: ${perTimer.toFixed(0)} bytes`);
  log(`${p99 <= 250 && sorted.length === paced ? 'MET   ' : 'MISSED'} lateness p99 <= 250 ms with ${o.timerRate}/s due: ${p99} ms (${sorted.length}/${paced} taken)`);
  const file = writeResults(`timers-${o.timers}`, {
    at: new Date().toISOString(), options: o, addSeconds, usedMemoryBefore: m0, usedMemoryAfter: m1, bytesPerTimer: perTimer, jobBytes, delayedBytes, jobFields,
    lateness: { taken: sorted.length, paced, p50, p99, max }, load: loadAverage(),
  });
  log(`results written to ${file}`);
  log('removing the bench queue');
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
}
