/**
 * `npm run bench:referrals -- --timers 1000000 [--timer-rate 1000 --timer-seconds 30 --timer-sweepers 1]`
 *
 * Referral deadlines at scale, the timers alone: every sent referral is one member of the `referral-deadlines`
 * timer set (its id, due at its reminder, then at its deadline), added by the outbox relay with TimerSet.schedule.
 * This adds --timers members due 1-7 days ahead, as the relay adds them, under BENCH_REDIS_PREFIX, and reports:
 *  - Redis memory per pending timer: INFO memory's used_memory before and after, divided by the number added;
 *    and MEMORY USAGE of the set per member;
 *  - lateness with the timers pending: --timer-rate members per second fall due for --timer-seconds, taken by
 *    --timer-sweepers of the worker's sweepers (TimerSetSweeper with the worker's settings: batches of
 *    REFERRAL_EXPIRY_BATCH_SIZE, two at once, polling every REFERRAL_TIMER_POLL_MS) whose handler does nothing but
 *    note when it was handed each member; lateness = handed - due. (The expiry's own database work is
 *    bench:referrals' subject, not this one's; `bench:referrals -- --pending N` runs it with N members pending.)
 *  - CPU per timer taken: this process (the sweepers) and Redis (INFO cpu), over the paced window.
 * The set is removed at the end.
 */
import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { TimerSet } from '../src/jobs/timer-set';
import { TimerSetSweeper } from '../src/jobs/timer-set-sweeper';
import { loadAverage, log, writeResults } from './bench-kit';
import { redisUrl } from './bench-redis';
import { percentile } from './stats';

async function usedMemory(r: IORedis): Promise<number> {
  const info = await r.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

/** Redis's CPU seconds so far (user + system, all its threads). */
export async function redisCpuSeconds(r: IORedis): Promise<number> {
  const info = await r.info('cpu');
  return Number(/used_cpu_user:([\d.]+)/.exec(info)![1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)![1]);
}

/** Adds `count` members due 1-7 days ahead, spread (pending, as a network's open referrals are), 1,000 per call. */
export async function addPendingTimers(set: TimerSet, count: number, progress = false): Promise<number> {
  const day = 24 * 3600 * 1000;
  const t0 = Date.now();
  const batch = 1000;
  for (let i = 0; i < count; i += batch) {
    const n = Math.min(batch, count - i);
    await set.schedule(Array.from({ length: n }, (_, k) => ({ member: randomUUID(), at: new Date(t0 + day + (((i + k) * 7919) % (6 * day))) })));
    if (progress && (i + batch) % 100_000 === 0) log(`  ${i + batch} added (${((i + batch) / ((Date.now() - t0) / 1000)).toFixed(0)}/s, load ${loadAverage()})`);
  }
  return (Date.now() - t0) / 1000;
}

export async function timersBench(o: { timers: number; timerRate: number; timerSeconds: number; timerSweepers: number }): Promise<void> {
  const prefix = process.env.BENCH_REDIS_PREFIX ?? '{rujuk-bench}';
  const connection = new IORedis(redisUrl(), { maxRetriesPerRequest: null });
  const set = new TimerSet(connection, prefix, 'referral-deadlines');
  await connection.del(set.key, set.claimedKey);
  const batchSize = Number(process.env.REFERRAL_EXPIRY_BATCH_SIZE ?? 100);
  const pollMs = Number(process.env.REFERRAL_TIMER_POLL_MS ?? 50);
  log(`timers: ${o.timers} pending deadline timers in ${set.key}; load ${loadAverage()}`);
  const m0 = await usedMemory(connection);
  const addSeconds = await addPendingTimers(set, o.timers, true);
  const m1 = await usedMemory(connection);
  const perTimer = (m1 - m0) / o.timers;
  const setBytes = Number(await connection.call('MEMORY', 'USAGE', set.key, 'SAMPLES', '0')) / o.timers;
  log(`timers: ${o.timers} added in ${addSeconds.toFixed(1)} s (${(o.timers / addSeconds).toFixed(0)}/s); used_memory ${(m0 / 2 ** 20).toFixed(1)} -> ${(m1 / 2 ** 20).toFixed(1)} MiB: ${perTimer.toFixed(0)} bytes per timer (the set: ${setBytes.toFixed(0)} bytes per member); load ${loadAverage()}`);

  // Lateness: timerRate/s fall due for timerSeconds, from a little after they are all added.
  const paced = o.timerRate * o.timerSeconds;
  const start = Date.now() + 10_000 + (paced / (o.timers / addSeconds)) * 1500;
  const due = new Map<string, number>();
  const pacedTimers = Array.from({ length: paced }, (_, i) => ({ member: randomUUID(), at: new Date(start + (i * 1000) / o.timerRate) }));
  for (const t of pacedTimers) due.set(t.member, t.at.getTime());
  for (let i = 0; i < paced; i += 1000) await set.schedule(pacedTimers.slice(i, i + 1000));
  log(`timers: ${paced} more due at ${o.timerRate}/s from ${new Date(start).toISOString()} (${((start - Date.now()) / 1000).toFixed(1)} s from now); ${o.timerSweepers} sweeper(s), batches of ${batchSize}, 2 at once, polling every ${pollMs} ms`);
  if (Date.now() > start) log('timers: WARNING adding the paced timers took past their first due time; lateness includes that');

  const lateness: number[] = [];
  let batches = 0;
  const sweeperConnections: IORedis[] = [];
  const sweepers = Array.from({ length: o.timerSweepers }, () => {
    const own = new TimerSet(sweeperConnections[sweeperConnections.push(new IORedis(redisUrl(), { maxRetriesPerRequest: null })) - 1], prefix, 'referral-deadlines');
    return new TimerSetSweeper(own, {
      handleDue: async (members) => {
        const at = Date.now();
        batches++;
        for (const m of members) {
          const d = due.get(m);
          if (d !== undefined) lateness.push(at - d);
        }
        return new Map();
      },
    }, { batchSize, concurrency: 2, pollMs, leaseMs: 8000, retryMs: 1000 });
  });
  while (Date.now() < start - 1000) await new Promise((r) => setTimeout(r, 200));
  const cpu0 = process.cpuUsage();
  const redisCpu0 = await redisCpuSeconds(connection);
  for (const s of sweepers) s.start();
  const deadline = start + o.timerSeconds * 1000 + 120_000;
  while (lateness.length < paced && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    if (Date.now() > start) log(`  ${lateness.length}/${paced} taken, load ${loadAverage()}`);
  }
  const cpu = process.cpuUsage(cpu0);
  const redisCpu = (await redisCpuSeconds(connection)) - redisCpu0;
  await Promise.all(sweepers.map((s) => s.stop()));
  for (const c of sweeperConnections) c.disconnect();
  const sorted = [...lateness].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const max = sorted[sorted.length - 1];
  const cpuMsPerTimer = { sweepers: (cpu.user + cpu.system) / 1000 / Math.max(1, sorted.length), redis: (redisCpu * 1000) / Math.max(1, sorted.length) };
  log('');
  log(`timers: ${o.timers} pending; Redis ${perTimer.toFixed(0)} bytes per pending referral (one member: its reminder, then its deadline)`);
  log(`timers: ${sorted.length}/${paced} paced timers taken at ${o.timerRate}/s in ${batches} batches: lateness p50 ${p50} ms, p99 ${p99} ms, max ${max} ms; load ${loadAverage()}`);
  log(`timers: CPU per timer taken: sweepers ${cpuMsPerTimer.sweepers.toFixed(3)} ms, Redis ${cpuMsPerTimer.redis.toFixed(3)} ms`);
  log(`${perTimer <= 1024 ? 'MET   ' : 'MISSED'} <= 1 KB of Redis per timer: ${perTimer.toFixed(0)} bytes`);
  log(`${p99 <= 250 && sorted.length === paced ? 'MET   ' : 'MISSED'} lateness p99 <= 250 ms with ${o.timerRate}/s due: ${p99} ms (${sorted.length}/${paced} taken)`);
  const file = writeResults(`timers-${o.timers}`, {
    at: new Date().toISOString(), options: o, batchSize, pollMs, addSeconds, usedMemoryBefore: m0, usedMemoryAfter: m1, bytesPerTimer: perTimer, setBytesPerMember: setBytes,
    lateness: { taken: sorted.length, paced, batches, p50, p99, max }, cpuMsPerTimer, load: loadAverage(),
  });
  log(`results written to ${file}`);
  log('removing the bench timer set');
  await connection.del(set.key, set.claimedKey);
  connection.disconnect();
}
