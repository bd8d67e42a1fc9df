/**
 * `npm run bench:referrals [-- --referrals 100000 --services 20000 --workers 2 --concurrency 8 --expire-rate 1000
 *                            --deadline 20 --calibrate 5 --raw-jobs 100000 --worker-pool-size 10 --skip-build --db rujuk_bench_referrals
 *                            --worker-root /path/to/other/checkout --pace-margin-pct 130 --pending 0]`
 * `npm run bench:referrals -- --timers 1000000 [--timer-rate 1000 --timer-seconds 30 --timer-sweepers 1]`: only the
 *    timers at scale (timers.ts): Redis memory per pending deadline, and timer lateness with --timer-rate/s due.
 * `--pending N`: before the workers start, N more members (random ids, due 1-7 days ahead) in the deadlines' timer
 *    set, so the expiries run with N other deadlines pending.
 *
 * 1. Its own database (rujuk_bench_referrals, dropped and recreated each run, migrated) with the synthetic directory of bench:search
 *    (synthetic-directory.ts via bench-kit.ts), and, in bulk SQL, one case manager per sending organisation and per
 *    referral a client eligible for the chosen service (area, age, sex, category), an open ROUTINE case, an open
 *    need asking for the service's types and a consent. Services are drawn skewed (random()^3), so a few services receive many referrals.
 * 2. Starts --workers real worker processes (`node dist/src/worker.js`, production mode, LOG_LEVEL=warn) under the
 *    bench's own Redis prefix: the outbox relay and every job handler run as they do in production.
 * 3. Creates and sends --referrals referrals THROUGH THE SERVICE LAYER (ReferralLifecycleService.create with send, in a
 *    Nest application context of the referral modules), --concurrency at a time, as their case managers.
 *    Deadlines: the first --calibrate % are sent with a fixed --deadline (s) and expire while the rest are being
 *    created; they also measure the creation rate. The others get acceptance deadlines paced at --expire-rate per
 *    second, starting after the estimated end of creation (the bench's config object answers the ROUTINE deadline;
 *    the service computes acceptBy = sentAt + deadline as always). So the workers face expiries due at
 *    --expire-rate/s, which is what the targets are about. --expire-rate 0: every referral gets --deadline.
 * 4. Waits until every referral has expired and the notifications they set off were attempted, then reads from the database: created+sent/s, outbox rows relayed/s
 *    and their lag, expiries/s, lateness of each expiry (EXPIRED event time - acceptBy) p50/p95/p99/max, the
 *    expiry notifications' deliveries (outcome, attempted how long after the expiry), the CPU ms per paced expiry of
 *    the workers, the database backends and Redis (from /proc, a figure that holds on a shared machine), and checks
 *    that every referral expired exactly once (one EXPIRED event each), no SLA job failed and no deadline timer is
 *    left claimed.
 *    While it runs, the referral tables are ANALYZEd every 10 s, standing in for autovacuum where it is off.
 * 5. The ceiling, in the same run with the workers stopped: raw BullMQ under a separate prefix, --raw-jobs no-op jobs
 *    added with addBulk (delay 0, the SLA retry options) and processed at concurrency 10 and 100.
 * Writes bench/results/referrals-<n>.json.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { AuditModule } from '../src/audit/audit.module';
import { APP_CONFIG, AppConfig, loadConfig } from '../src/config/app-config';
import { AppConfigModule } from '../src/config/app-config.module';
import { DatabaseModule } from '../src/database/database.module';
import type { Viewer } from '../src/common/viewer';
import { QUEUES, RETRY } from '../src/jobs/job-registry';
import { OutboxModule } from '../src/outbox/outbox.module';
import { NotifierModule } from '../src/notifications/notifier.module';
import { ReferralLifecycleService } from '../src/referrals/referral-lifecycle.service';
import { ReferralsCoreModule } from '../src/referrals/referrals-core.module';
import {
  apiEnv, buildApi, databaseCpuMs, databaseUrl, ensureDatabase, ensureDirectory, loadAverage, log, machineDescription, parseFlags,
  processCpuMs, ROOT, writeResults,
} from './bench-kit';
import { clearRedisPrefix, redisUrl } from './bench-redis';
import { addPendingTimers, timersBench } from './timers';
import { TimerSet } from '../src/jobs/timer-set';

const DEFAULTS = {
  referrals: 100_000, services: 20_000, workers: 2, concurrency: 8, expireRate: 1000, deadline: 20, calibrate: 5,
  rawJobs: 100_000, workerPoolSize: 10, poolSize: 12, caseManagers: 200, skipBuild: false,
  db: 'rujuk_bench_referrals', stallSeconds: 120, workerRoot: '', paceMarginPct: 130,
  /** With --timers N, only the timers at scale (timers.ts): N pending deadlines, memory and lateness. */
  timers: 0, timerRate: 1000, timerSeconds: 30, timerSweepers: 1,
  /** Deadlines of other referrals pending in the timer set while the bench's expire (random ids, days ahead). */
  pending: 0,
};
type Options = typeof DEFAULTS;

const PREFIX = '{rujuk-bench-referrals}';
const RAW_PREFIX = '{rujuk-bench-referrals-raw}';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secondsSince = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

interface Planned { n: number; needId: string; serviceId: string; userId: string; organizationId: string }

/** Cases, clients, needs and consents for `count` referrals, each eligible for its service. */
async function prepare(pg: Client, o: Options): Promise<Planned[]> {
  const t0 = process.hrtime.bigint();
  await pg.query(
    `INSERT INTO user_account (email, name, password_hash, role, organization_id)
     SELECT 'bench-cm-' || i || '@rujuk.invalid', 'Bench Case Manager ' || i, '!no-login', 'CASE_MANAGER', id
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM organization
              WHERE active AND partner_kind IN ('DINAS_SOSIAL', 'LK3') ORDER BY id LIMIT $1) o`,
    [o.caseManagers],
  );
  await pg.query(`
    CREATE TABLE bench_svc AS
    SELECT row_number() OVER (ORDER BY s.id) - 1 AS i, s.id, s.need_categories[1] AS category, s.area_codes[1] AS region_code,
           coalesce(s.minimum_age, s.maximum_age, 30) AS age, coalesce(s.sex, 'F') AS sex, s.service_types
      FROM service s JOIN organization o ON o.id = s.organization_id AND o.active
     WHERE s.status = 'ACTIVE' AND s.accepts_referrals AND cardinality(s.need_categories) > 0 AND cardinality(s.area_codes) > 0
       AND s.deadline_routine_minutes IS NULL`);
  const { rows: [{ services }] } = await pg.query(`SELECT count(*)::int AS services FROM bench_svc`);
  await pg.query(
    `CREATE TABLE bench_ref AS
     WITH picks AS MATERIALIZED (SELECT g AS n, floor(power(random(), 3) * $2::int)::int AS si FROM generate_series(1, $1::int) g),
          cm AS (SELECT id, organization_id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS total FROM user_account)
     SELECT p.n, gen_random_uuid() AS client_id, gen_random_uuid() AS case_id, gen_random_uuid() AS need_id,
            s.id AS service_id, s.category, s.service_types, s.region_code, s.age, s.sex, cm.id AS user_id, cm.organization_id,
            NULL::uuid AS referral_id, NULL::text AS phase
       FROM picks p JOIN bench_svc s ON s.i = p.si JOIN cm ON cm.i = p.n % cm.total`,
    [o.referrals, services],
  );
  await pg.query(`ALTER TABLE bench_ref ADD PRIMARY KEY (n)`);
  await pg.query(`
    INSERT INTO client (id, organization_id, full_name, name_key, birth_date, sex, region_code, regency_code, created_by)
    SELECT client_id, organization_id, 'Klien Bench ' || n, 'klien bench ' || n,
           (current_date - make_interval(years => age) - interval '100 days')::date, sex, region_code, left(region_code, 5), user_id
      FROM bench_ref`);
  await pg.query(`
    INSERT INTO client_case (id, client_id, organization_id, case_manager_id, stage, priority)
    SELECT case_id, client_id, organization_id, user_id, 'INTERVENTION', 'ROUTINE' FROM bench_ref`);
  // The need asks for the help the chosen service offers (a need's service types are a hard criterion).
  await pg.query(`INSERT INTO need (id, case_id, category, service_types, severity) SELECT need_id, case_id, category, service_types, 'MODERATE' FROM bench_ref`);
  await pg.query(`
    INSERT INTO consent (client_id, case_id, categories, purpose, method, given_at, recorded_by)
    SELECT client_id, case_id, ARRAY['IDENTITY', 'NEEDS_SUMMARY'], 'rujukan layanan', 'VERBAL', now(), user_id FROM bench_ref`);
  await pg.query(`VACUUM ANALYZE user_account, client, client_case, need, consent, referral, referral_event, outbox_message`);
  const { rows } = await pg.query(
    `SELECT n, need_id AS "needId", service_id AS "serviceId", user_id AS "userId", organization_id AS "organizationId" FROM bench_ref ORDER BY n`,
  );
  const { rows: [skew] } = await pg.query(
    `SELECT count(DISTINCT service_id)::int AS services, max(c)::int AS busiest FROM (SELECT service_id, count(*) OVER (PARTITION BY service_id) AS c FROM bench_ref) x`,
  );
  log(`prepared ${rows.length} clients/cases/needs/consents for ${skew.services} of ${services} eligible services (busiest service: ${skew.busiest} referrals) in ${secondsSince(t0).toFixed(1)} s`);
  return rows;
}

function workerEnv(o: Options): NodeJS.ProcessEnv {
  return {
    ...apiEnv({ port: 3919, db: o.db, poolSize: o.workerPoolSize }),
    REDIS_PREFIX: PREFIX,
    REFERRAL_DEADLINE_ROUTINE_SECONDS: String(o.deadline),
  };
}

/**
 * BENCH_WORKER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the workers (written when they stop).
 * --worker-root runs the workers of another build (e.g. a git worktree of an earlier commit, built) for a comparison.
 */
function startWorkers(o: Options): ChildProcess[] {
  const nodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return Array.from({ length: o.workers }, () =>
    spawn(process.execPath, [...nodeArgs, join(o.workerRoot || ROOT, 'dist/src/worker.js')], { cwd: ROOT, env: workerEnv(o), stdio: ['ignore', 'inherit', 'inherit'] }),
  );
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(workers.map(async (w) => {
    if (w.exitCode !== null) return;
    w.kill('SIGTERM');
    await new Promise((r) => w.once('exit', r));
  }));
}

@Module({ imports: [AppConfigModule, DatabaseModule.forRoot('api'), OutboxModule, NotifierModule, AuditModule, ReferralsCoreModule] })
class BenchReferralsModule {}

interface CreationResult { seconds: number; created: number; errors: number; firstError?: string; pacedFrom: number | null; pacedStartsAt: string | null }

/**
 * Where PostgreSQL runs with autovacuum off (as on these machines), the referral tables keep the statistics of
 * when they were empty, and plans cached in long-lived connections (the foreign-key check of every
 * referral_event insert) scan referral from end to end as it grows: creation fell from 65 to 37/s over a 100k
 * run. This stands in for autovacuum's ANALYZE while the bench runs (an ANALYZE also makes the cached plans
 * that use the table be planned again).
 */
function analyzeWhileRunning(o: Options): () => Promise<void> {
  const client = new Client({ connectionString: databaseUrl(o.db) });
  let chain: Promise<unknown> = client.connect();
  const timer = setInterval(() => {
    chain = chain
      .then(async () => {
        const at = new Date();
        await client.query(`ANALYZE referral, referral_event, need, outbox_message, notification_delivery`);
        analyzeRuns.push({ at: at.toISOString(), ms: Date.now() - at.getTime() });
      })
      .catch((err) => log(`  ANALYZE failed: ${(err as Error).message}`));
  }, 10_000);
  return async () => {
    clearInterval(timer);
    await chain.catch(() => undefined);
    await client.end();
  };
}

/** When each ANALYZE of analyzeWhileRunning started and how long it took (for the lateness timeline). */
const analyzeRuns: { at: string; ms: number }[] = [];

/**
 * Creates and sends every planned referral through ReferralLifecycleService.create, `concurrency` at a time. The
 * ROUTINE deadline of the context's config is answered per send (see the file comment).
 */
async function createReferrals(o: Options, plan: Planned[], pg: Client): Promise<CreationResult> {
  Object.assign(process.env, { ...workerEnv(o), DATABASE_POOL_SIZE: String(o.poolSize) });
  const app = await NestFactory.createApplicationContext(BenchReferralsModule, { logger: ['error', 'warn'] });
  const lifecycle = app.get(ReferralLifecycleService);
  const config = app.get<AppConfig>(APP_CONFIG);
  const calibrate = o.expireRate > 0 ? Math.max(1, Math.ceil((plan.length * o.calibrate) / 100)) : plan.length;
  const start = Date.now();
  let sends = 0;
  let pacedT0: number | null = null;
  Object.defineProperty(config.referrals.deadlineSeconds, 'ROUTINE', {
    get: () => {
      const k = sends++;
      if (k < calibrate) return o.deadline;
      const now = Date.now();
      if (pacedT0 === null) {
        // Creation rate so far; the paced deadlines start when the rest should be created, with --pace-margin-pct (130: 30%)
        // and 15 s to spare (a loaded machine's creation rate can fall by half: more margin keeps the paced
        // deadlines, and the CPU window, after the last send).
        const rate = k / ((now - start) / 1000);
        pacedT0 = now + ((plan.length - k) / rate) * 10 * o.paceMarginPct + 15_000;
        log(`  calibrated on ${k} sends: ${rate.toFixed(0)} referrals/s; the remaining ${plan.length - k} fall due at ${o.expireRate}/s from ${new Date(pacedT0).toISOString()}`);
      }
      return Math.max(5, (pacedT0 + ((k - calibrate) / o.expireRate) * 1000 - now) / 1000);
    },
  });
  const ids: string[] = new Array(plan.length);
  const phase: string[] = new Array(plan.length);
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = process.hrtime.bigint();
  const progress = setInterval(() => log(`  created+sent ${next} (${(next / secondsSince(t0)).toFixed(0)}/s), load ${loadAverage()}`), 15_000);
  await Promise.all(Array.from({ length: o.concurrency }, async () => {
    while (next < plan.length) {
      const i = next++;
      const p = plan[i];
      const viewer: Viewer = { id: p.userId, email: `bench-cm@rujuk.invalid`, role: 'CASE_MANAGER', organizationId: p.organizationId, regionScope: null };
      try {
        const r = await lifecycle.create(viewer, { needId: p.needId, serviceId: p.serviceId, urgency: 'ROUTINE', send: true });
        ids[i] = r.id;
        phase[i] = r.acceptBy!.getTime() - r.sentAt!.getTime() === o.deadline * 1000 ? 'fixed' : 'paced';
      } catch (err) {
        errors++;
        firstError ??= (err as Error).message;
      }
    }
  }));
  const seconds = secondsSince(t0);
  clearInterval(progress);
  await app.close();
  await pg.query(
    `UPDATE bench_ref b SET referral_id = x.id, phase = x.phase FROM unnest($1::int[], $2::uuid[], $3::text[]) AS x(n, id, phase) WHERE b.n = x.n`,
    [plan.map((p) => p.n).filter((_, i) => ids[i]), ids.filter(Boolean), phase.filter((_, i) => ids[i])],
  );
  return { seconds, created: plan.length - errors, errors, firstError, pacedFrom: o.expireRate > 0 ? calibrate : null, pacedStartsAt: pacedT0 ? new Date(pacedT0).toISOString() : null };
}

/**
 * Waits until every created referral has its EXPIRED event, or for --stall-seconds no expiry happened while some
 * were overdue (before the paced deadlines begin nothing is due, and waiting is expected).
 */
async function waitForExpiries(o: Options, pg: Client, created: number): Promise<number> {
  let last = -1;
  let lastMove = Date.now();
  for (;;) {
    const { rows: [{ expired, overdue, unsent }] } = await pg.query(
      `SELECT (SELECT count(*)::int FROM referral_event WHERE action = 'expire') AS expired,
              (SELECT count(*)::int FROM referral WHERE status = 'SENT' AND accept_by < now()) AS overdue,
              (SELECT count(*)::int FROM outbox_message WHERE sent_at IS NULL) AS unsent`,
    );
    if (expired >= created) return expired;
    if (expired !== last || overdue === 0) {
      last = expired;
      lastMove = Date.now();
    } else if (Date.now() - lastMove > o.stallSeconds * 1000) {
      log(`  no expiry for ${o.stallSeconds} s with ${overdue} overdue: stopping with ${expired} of ${created}`);
      return expired;
    }
    log(`  expired ${expired} of ${created}; overdue ${overdue}; outbox rows unsent ${unsent}; load ${loadAverage()}`);
    await sleep(5_000);
  }
}

/**
 * Waits until the notifications the expiries set off are dispatched and attempted (no outbox row unsent, no
 * delivery pending that was never attempted), or --stall-seconds pass.
 */
async function waitForDeliveries(o: Options, pg: Client): Promise<void> {
  const until = Date.now() + o.stallSeconds * 1000;
  for (;;) {
    const { rows: [{ unsent, pending }] } = await pg.query(
      `SELECT (SELECT count(*)::int FROM outbox_message WHERE sent_at IS NULL) AS unsent,
              (SELECT count(*)::int FROM notification_delivery WHERE status = 'PENDING' AND attempts = 0) AS pending`,
    );
    if (unsent === 0 && pending === 0) return;
    if (Date.now() > until) {
      log(`  still ${unsent} outbox rows unsent and ${pending} deliveries never attempted after ${o.stallSeconds} s: not waiting longer`);
      return;
    }
    log(`  waiting for notifications: outbox rows unsent ${unsent}, deliveries not yet attempted ${pending}; load ${loadAverage()}`);
    await sleep(2_000);
  }
}

/** Deliveries of the expiry notifications: how many, their outcome, and how long after the expiry they were attempted. */
const DELIVERY_SQL = `
  SELECT d.status, count(*)::int AS deliveries,
         percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM d.updated_at - d.occurred_at)) AS lag,
         max(extract(epoch FROM d.updated_at - d.occurred_at)) AS max_lag
    FROM notification_delivery d WHERE d.template = 'referral.expired' GROUP BY d.status ORDER BY d.status`;

/** CPU time used so far by the workers, the bench database's backends and Redis, in ms (from /proc). */
interface CpuSnapshot { workers: number; db: Map<number, number>; redis: number }

/** The Redis server of REDIS_URL (its command line names its port; other Redis servers may run on the machine). */
function redisPid(): number {
  const port = new URL(redisUrl()).port || '6379';
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.startsWith('redis-server') && cmdline.includes(`:${port}`)) return Number(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  return NaN;
}

function cpuSnapshot(o: Options, workers: ChildProcess[]): CpuSnapshot {
  return { workers: workers.reduce((ms, w) => ms + processCpuMs(w.pid!), 0), db: databaseCpuMs(o.db), redis: processCpuMs(redisPid()) };
}

/**
 * CPU ms per paced expiry between two snapshots: the worker processes, the database backends (those alive at the
 * end, from the start or from their start), and Redis (shared with anything else using it on the machine).
 */
function cpuPerExpiry(a: CpuSnapshot, b: CpuSnapshot, expiries: number): { workers: number; db: number; redis: number } {
  let db = 0;
  for (const [pid, ms] of b.db) db += ms - (a.db.get(pid) ?? 0);
  return { workers: (b.workers - a.workers) / expiries, db: db / expiries, redis: (b.redis - a.redis) / expiries };
}

const LATENESS_SQL = `
  SELECT b.phase, count(*)::int AS expiries,
         percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM e.at - r.accept_by)) AS p,
         max(extract(epoch FROM e.at - r.accept_by)) AS max, min(extract(epoch FROM e.at - r.accept_by)) AS min,
         extract(epoch FROM max(e.at) - min(e.at)) AS span, extract(epoch FROM max(r.accept_by) - min(r.accept_by)) AS due_span,
         min(r.accept_by) AS first_due
    FROM referral_event e JOIN referral r ON r.id = e.referral_id JOIN bench_ref b ON b.referral_id = r.id
   WHERE e.action = 'expire'
   GROUP BY b.phase ORDER BY b.phase`;

/**
 * Lateness of the paced expiries per second of their due time (acceptBy), relative to the first paced deadline:
 * when in the window the late ones fall (at the start, at the end, periodically).
 */
const TIMELINE_SQL = `
  SELECT floor(extract(epoch FROM r.accept_by - min(r.accept_by) OVER ()))::int AS s, r.accept_by, extract(epoch FROM e.at - r.accept_by) AS late
    FROM referral_event e JOIN referral r ON r.id = e.referral_id JOIN bench_ref b ON b.referral_id = r.id
   WHERE e.action = 'expire' AND b.phase = 'paced'`;
const TIMELINE_BUCKETS_SQL = `
  SELECT s, count(*)::int AS n, min(accept_by) AS due_from,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY late) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY late) AS p99, max(late) AS max
    FROM (${TIMELINE_SQL}) t GROUP BY s ORDER BY s`;

/** Expiries per wall-clock second while they were due (the busiest second and the mean over the paced window). */
const PEAK_SQL = `
  SELECT max(c)::int AS peak FROM (SELECT date_trunc('second', e.at), count(*) AS c FROM referral_event e WHERE e.action = 'expire' GROUP BY 1) x`;

const OUTBOX_SQL = `
  SELECT kind, count(*)::int AS rows, count(sent_at)::int AS sent,
         percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at)) AS lag,
         max(extract(epoch FROM sent_at - created_at)) AS max_lag
    FROM outbox_message GROUP BY kind ORDER BY kind`;

const OUTBOX_RATE_SQL = `
  SELECT count(*)::int AS rows, extract(epoch FROM max(sent_at) - min(sent_at)) AS span,
         (SELECT max(c) FROM (SELECT date_trunc('second', sent_at), count(*) AS c FROM outbox_message WHERE sent_at IS NOT NULL GROUP BY 1) x)::int AS peak
    FROM outbox_message WHERE sent_at IS NOT NULL`;

const IDEMPOTENCE_SQL = `
  SELECT count(*)::int AS referrals,
         count(*) FILTER (WHERE x.expired = 1)::int AS expired_once,
         count(*) FILTER (WHERE x.expired > 1)::int AS expired_twice_or_more,
         count(*) FILTER (WHERE x.expired = 0)::int AS never_expired,
         count(*) FILTER (WHERE x.status <> 'EXPIRED')::int AS not_in_expired_status
    FROM (SELECT r.id, r.status, count(e.id) FILTER (WHERE e.to_status = 'EXPIRED') AS expired
            FROM referral r LEFT JOIN referral_event e ON e.referral_id = r.id GROUP BY r.id, r.status) x`;

async function slaQueueCounts(): Promise<Record<string, number>> {
  const q = new Queue(QUEUES.referrals, { connection: new IORedis(redisUrl(), { maxRetriesPerRequest: null }), prefix: PREFIX });
  const counts = await q.getJobCounts('completed', 'failed', 'delayed', 'wait', 'active');
  await q.close();
  await (q.opts.connection as IORedis).quit();
  return counts;
}

interface RawResult { jobs: number; addSeconds: number; addPerSec: number; concurrency: number; processSeconds: number; processPerSec: number }

/** BullMQ alone: addBulk of no-op jobs (delay 0, SLA retry options), then a worker that does nothing with them. */
async function rawBullmq(jobs: number, concurrency: number): Promise<RawResult> {
  await clearRedisPrefix(RAW_PREFIX);
  const connection = new IORedis(redisUrl(), { maxRetriesPerRequest: null });
  const queue = new Queue('bench-noop', { connection, prefix: RAW_PREFIX });
  const opts = { ...RETRY.sla, delay: 0 };
  const a0 = process.hrtime.bigint();
  for (let i = 0; i < jobs; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, jobs - i) }, (_, j) => ({
      name: 'referrals.sla-expire', data: { referralId: `raw-${i + j}`, version: 2 }, opts: { ...opts, jobId: `raw__${i + j}` },
    })));
  }
  const addSeconds = secondsSince(a0);
  let done = 0;
  const p0 = process.hrtime.bigint();
  const workerConnection = new IORedis(redisUrl(), { maxRetriesPerRequest: null });
  const finished = new Promise<void>((resolve) => {
    const worker = new Worker('bench-noop', async () => undefined, { connection: workerConnection, prefix: RAW_PREFIX, concurrency });
    worker.on('completed', () => {
      if (++done === jobs) void worker.close().then(() => resolve());
    });
  });
  await finished;
  const processSeconds = secondsSince(p0);
  await queue.close();
  connection.disconnect();
  workerConnection.disconnect();
  await clearRedisPrefix(RAW_PREFIX);
  return { jobs, addSeconds, addPerSec: jobs / addSeconds, concurrency, processSeconds, processPerSec: jobs / processSeconds };
}

const f1 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(Number(v)) ? '-' : Number(v).toFixed(3));

async function main(): Promise<void> {
  const o = parseFlags(process.argv.slice(2), DEFAULTS);
  if (o.timers) return timersBench(o);
  if (!/^rujuk_(bench|perf)_referrals[a-z0-9_]*$/.test(o.db)) throw new Error('--db must start with rujuk_bench_referrals');
  if (o.referrals < 1) throw new Error('--referrals must be at least 1');
  const machine = machineDescription();
  log(`bench:referrals on ${machine}; load ${loadAverage()}`);
  // A fresh database each run: the audit trail is append-only (no TRUNCATE), and every run starts from zero.
  const admin = new Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${o.db} WITH (FORCE)`);
  await admin.end();
  await ensureDatabase(o.db);
  const pg = new Client({ connectionString: databaseUrl(o.db) });
  await pg.connect();
  await ensureDirectory(pg, o.db, o.services, true);
  const plan = await prepare(pg, o);
  const pgVersion = (await pg.query(`SHOW server_version`)).rows[0].server_version as string;
  if (!o.skipBuild) buildApi();
  await clearRedisPrefix(PREFIX);
  const timerRedis = new IORedis(redisUrl(), { maxRetriesPerRequest: null });
  const deadlines = new TimerSet(timerRedis, PREFIX, 'referral-deadlines');
  if (o.pending) {
    log(`adding ${o.pending} pending deadline timers (due 1-7 days ahead) to ${deadlines.key}`);
    const seconds = await addPendingTimers(deadlines, o.pending, true);
    log(`  added in ${seconds.toFixed(1)} s; load ${loadAverage()}`);
  }

  const loads: Record<string, string> = { start: loadAverage() };
  log(`starting ${o.workers} worker process(es) (dist/src/worker.js, pool ${o.workerPoolSize}, prefix ${PREFIX})`);
  const workers = startWorkers(o);
  const stopAnalyzing = analyzeWhileRunning(o);
  let creation: CreationResult;
  let expired: number;
  let slaCounts: Record<string, number>;
  let timerCounts: { pending: number; claimed: number };
  let cpu: { toExpired: ReturnType<typeof cpuPerExpiry>; toDelivered: ReturnType<typeof cpuPerExpiry> } | null;
  try {
    await sleep(3_000);
    if (workers.some((w) => w.exitCode !== null)) throw new Error('a worker process exited at start');
    log(`creating and sending ${plan.length} referrals through ReferralLifecycleService.create, ${o.concurrency} at a time`);
    creation = await createReferrals(o, plan, pg);
    loads.afterCreation = loadAverage();
    log(`created+sent ${creation.created} in ${creation.seconds.toFixed(1)} s (${(creation.created / creation.seconds).toFixed(0)}/s), ${creation.errors} errors${creation.firstError ? `: ${creation.firstError}` : ''}`);
    // CPU from when the paced deadlines begin (the fixed ones are done by then) to the last expiry, and on to the
    // last delivery attempt.
    if (creation.pacedStartsAt) await sleep(Math.max(0, new Date(creation.pacedStartsAt).getTime() - Date.now()));
    const cpuAtPacedStart = cpuSnapshot(o, workers);
    expired = await waitForExpiries(o, pg, creation.created);
    loads.afterExpiries = loadAverage();
    const cpuAtExpired = cpuSnapshot(o, workers);
    await waitForDeliveries(o, pg);
    loads.afterDeliveries = loadAverage();
    const paced = creation.created - (creation.pacedFrom ?? 0);
    cpu = creation.pacedStartsAt
      ? { toExpired: cpuPerExpiry(cpuAtPacedStart, cpuAtExpired, paced), toDelivered: cpuPerExpiry(cpuAtPacedStart, cpuSnapshot(o, workers), paced) }
      : null;
    await sleep(2_000);
    slaCounts = await slaQueueCounts();
    timerCounts = { pending: await timerRedis.zcard(deadlines.key), claimed: await timerRedis.zcard(deadlines.claimedKey) };
  } finally {
    await stopWorkers(workers);
    await stopAnalyzing();
  }

  const lateness = (await pg.query(LATENESS_SQL)).rows;
  const [{ peak }] = (await pg.query(PEAK_SQL)).rows;
  const outbox = (await pg.query(OUTBOX_SQL)).rows;
  const [outboxRate] = (await pg.query(OUTBOX_RATE_SQL)).rows;
  const [idem] = (await pg.query(IDEMPOTENCE_SQL)).rows;
  const deliveries = (await pg.query(DELIVERY_SQL)).rows;
  const timeline = (await pg.query(TIMELINE_BUCKETS_SQL)).rows.map((t) => ({
    s: t.s, n: t.n, dueFrom: new Date(t.due_from).toISOString(), p50: Number(Number(t.p50).toFixed(3)), p99: Number(Number(t.p99).toFixed(3)), max: Number(Number(t.max).toFixed(3)),
  }));
  const [{ reminders }] = (await pg.query(`SELECT count(*)::int AS reminders FROM outbox_message WHERE topic = 'referral.reminder'`)).rows;
  await pg.end();

  log(`raw BullMQ: ${o.rawJobs} no-op jobs, addBulk(1000), concurrency 10 and 100 (prefix ${RAW_PREFIX})`);
  const raw = o.rawJobs > 0 ? [await rawBullmq(o.rawJobs, 10), await rawBullmq(o.rawJobs, 100)] : [];
  loads.end = loadAverage();
  await clearRedisPrefix(PREFIX);
  timerRedis.disconnect();

  log('');
  log(`bench:referrals: ${o.referrals} referrals, ${o.services} services (${o.db}), PostgreSQL ${pgVersion}, ${machine}`);
  const workerConfig = loadConfig(workerEnv(o));
  log(`workers: ${o.workers} process(es), pool ${workerConfig.database.poolSize}, outbox batch ${workerConfig.outbox.batchSize}; creation: concurrency ${o.concurrency}, pool ${o.poolSize}`);
  log(`load average (1/5/15 min): ${Object.entries(loads).map(([k, v]) => `${k} ${v}`).join('; ')}`);
  log('');
  log(`created+sent: ${creation.created} in ${creation.seconds.toFixed(1)} s = ${(creation.created / creation.seconds).toFixed(0)} referrals/s (${creation.errors} errors)`);
  log(`outbox: ${outboxRate.rows} rows relayed over ${f1(outboxRate.span)} s = ${(outboxRate.rows / outboxRate.span).toFixed(0)} rows/s (busiest second ${outboxRate.peak})`);
  for (const r of outbox) log(`  ${r.kind.padEnd(12)} ${r.rows} rows, ${r.sent} sent, lag created->sent p50 ${f1(r.lag?.[0])} s, p99 ${f1(r.lag?.[1])} s, max ${f1(r.max_lag)} s`);
  log(`reminders notified: ${reminders}`);
  for (const d of deliveries) log(`referral.expired deliveries ${d.status.padEnd(8)} ${d.deliveries}, attempted after the expiry p50 ${f1(d.lag?.[0])} s, p99 ${f1(d.lag?.[1])} s, max ${f1(d.max_lag)} s`);
  log(`expiries: ${expired} of ${creation.created}; busiest second ${peak}`);
  for (const l of lateness) {
    log(`  ${l.phase.padEnd(6)} ${l.expiries} expiries due over ${f1(l.due_span)} s (${(l.expiries / Math.max(l.due_span, 1e-3)).toFixed(0)}/s due), done over ${f1(l.span)} s = ${(l.expiries / Math.max(l.span, 1e-3)).toFixed(0)} expiries/s`);
    log(`         lateness (EXPIRED event - acceptBy) p50 ${f1(l.p[0])} s, p95 ${f1(l.p[1])} s, p99 ${f1(l.p[2])} s, max ${f1(l.max)} s, min ${f1(l.min)} s`);
  }
  if (timeline.length) {
    const t0 = new Date(timeline[0].dueFrom).getTime() - 1000 * timeline[0].s;
    log(`lateness per second of due time (s from the first paced deadline: n, p50/p99/max s); seconds with p99 > 0.5 s marked *:`);
    for (let i = 0; i < timeline.length; i += 6) {
      log(`  ${timeline.slice(i, i + 6).map((t) => `${String(t.s).padStart(3)}: ${String(t.n).padStart(4)} ${t.p50.toFixed(2)}/${t.p99.toFixed(2)}/${t.max.toFixed(2)}${t.p99 > 0.5 ? '*' : ' '}`).join('  ')}`);
    }
    const inWindow = analyzeRuns.filter((a) => new Date(a.at).getTime() >= t0 - 10_000 && new Date(a.at).getTime() <= t0 + 1000 * (timeline[timeline.length - 1].s + 10));
    log(`ANALYZE runs in the window (s from the first paced deadline: duration ms): ${inWindow.map((a) => `${((new Date(a.at).getTime() - t0) / 1000).toFixed(1)}: ${a.ms}`).join(', ') || 'none'}`);
  }
  if (cpu) {
    for (const [label, c] of [['until the last expiry', cpu.toExpired], ['until the last delivery attempt', cpu.toDelivered]] as const) {
      log(`CPU ms per paced expiry, ${label}: workers ${c.workers.toFixed(2)}, database ${c.db.toFixed(2)}, Redis ${c.redis.toFixed(2)} (total ${(c.workers + c.db + c.redis).toFixed(2)})`);
    }
  }
  log(`idempotence: ${JSON.stringify(idem)}`);
  log(`SLA queue at the end: ${JSON.stringify(slaCounts)}; deadline timers at the end: ${JSON.stringify(timerCounts)} (${o.pending} pending added)`);
  for (const r of raw) log(`raw BullMQ: addBulk ${r.addPerSec.toFixed(0)} jobs/s; no-op processing at concurrency ${r.concurrency}: ${r.processPerSec.toFixed(0)} jobs/s`);

  const paced = lateness.find((l) => l.phase === 'paced') ?? lateness[0];
  const expiryRate = paced ? paced.expiries / Math.max(paced.span, 1e-3) : 0;
  const targets = [
    ['SLA expiries p99 < 1 s late', paced && paced.p[2] < 1, `${f1(paced?.p[2])} s (${paced?.phase})`],
    ['>= 1,000 expiries/s with DB writes', expiryRate >= 1000, `${expiryRate.toFixed(0)}/s`],
    ['every referral expired exactly once', idem.expired_once === idem.referrals && idem.referrals === creation.created, `${idem.expired_once} of ${idem.referrals}`],
    ['no failed SLA job', slaCounts.failed === 0, `${slaCounts.failed} failed`],
    ['no deadline timer left but the pending added', timerCounts.claimed === 0 && timerCounts.pending === o.pending, `${timerCounts.pending} pending, ${timerCounts.claimed} claimed`],
  ] as const;
  log('');
  for (const [label, ok, value] of targets) log(`${ok ? 'MET    ' : 'MISSED '} ${label}: ${value}`);
  const file = writeResults(`referrals-${o.referrals}`, {
    at: new Date().toISOString(), machine, pgVersion, options: o, loads, creation, expired, lateness, peak, outbox, outboxRate, reminders, deliveries, cpu, idem, slaCounts, timerCounts, raw, timeline, analyzeRuns,
  });
  log(`\nresults written to ${file}`);
  if (!targets.every(([, ok]) => ok)) process.exitCode = 2;
}

main().catch((err) => {
  process.stderr.write(`bench:referrals failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
