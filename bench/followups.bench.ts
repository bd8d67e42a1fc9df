/**
 * `npm run bench:followups [-- --referrals 100000 --providers 100 --case-managers 200 --workers 2 --batch 500 --concurrency 4
 *                            --worker-pool-size 10 --without-follow-ups --skip-build --db rujuk_bench_followups]`
 *
 * 1. Its own database (dropped, recreated and migrated each run) with, in bulk SQL, one LK3 with --case-managers case
 *    managers, --providers partner organisations with one service each, and per referral a client, an open case and
 *    a need, and the referral itself SENT (as a send leaves it).
 * 2. Scheduling: accepts every referral in one burst THROUGH THE LIFECYCLE (ReferralLifecycleService.applyMany, the
 *    path every accept takes, --batch referrals per transaction, --concurrency transactions at once), each with an
 *    appointment in the next days, in a Nest context that registers follow-ups with the referrals' transition hook
 *    as the API and the worker do (`--without-follow-ups`: without it, for the A/B of what the hook costs an
 *    acceptance). Measures the burst (accepts/s), the time and database CPU the follow-ups hook takes inside the
 *    acceptances' transactions (backend CPU from /proc around the hook), and checks that every acceptance's
 *    attendance check was committed with it (tasks counted right after the burst; each task's creation time is its
 *    referral's acceptance time): end to end, the tasks appear as fast as the acceptances commit.
 * 3. Starts --workers real worker processes (`node dist/src/worker.js`, production mode) under the bench's own Redis
 *    prefix and measures the relay draining the burst's outbox backlog (notifications and subscription events).
 * 4. Falling due: moves the due date of all the tasks into the same minute (the one that just ended), then runs one
 *    `followups.due-scan` (as the every-minute schedule does) and measures until every task is announced (notified_at,
 *    and one message per case manager and scan batch in the outbox) and those messages are stored for the case
 *    managers (user_notification, their counts adding up to every task): created and notified (target: within 60 s).
 * Prints progress every few seconds; writes bench/results/followups-<n>.json.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditModule } from '../src/audit/audit.module';
import { AppConfigModule } from '../src/config/app-config.module';
import { DatabaseModule } from '../src/database/database.module';
import { FollowUpScheduler } from '../src/follow-ups/follow-up-scheduler';
import { FollowUpSchedulingModule } from '../src/follow-ups/follow-ups.module';
import { QUEUES } from '../src/jobs/job-registry';
import { NotifierModule } from '../src/notifications/notifier.module';
import { OutboxModule } from '../src/outbox/outbox.module';
import { ReferralLifecycleService } from '../src/referrals/referral-lifecycle.service';
import { ReferralEntity } from '../src/referrals/referral.entity';
import { ReferralsCoreModule } from '../src/referrals/referrals-core.module';
import { apiEnv, buildApi, databaseCpuMs, databaseUrl, ensureDatabase, loadAverage, log, machineDescription, parseFlags, ROOT, writeResults } from './bench-kit';
import { clearRedisPrefix, redisUrl } from './bench-redis';

const DEFAULTS = {
  referrals: 100_000, providers: 100, caseManagers: 200, workers: 2, batch: 500, concurrency: 4, workerPoolSize: 10,
  withoutFollowUps: false, skipBuild: false, db: 'rujuk_bench_followups', stallSeconds: 120,
};
type Options = typeof DEFAULTS;
const PREFIX = '{rujuk-bench-followups}';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secondsSince = (t0: number) => (Date.now() - t0) / 1000;

async function prepare(pg: Client, o: Options): Promise<void> {
  const t0 = Date.now();
  await pg.query(`INSERT INTO organization (id, name, partner_kind, region_code) VALUES (gen_random_uuid(), 'Bench LK3', 'LK3', '32.77')`);
  await pg.query(
    `INSERT INTO organization (name, partner_kind, region_code) SELECT 'Bench provider ' || g, 'LSM', '32.77' FROM generate_series(1, $1::int) g`,
    [o.providers],
  );
  await pg.query(`
    INSERT INTO service (organization_id, name, need_categories, area_codes)
    SELECT id, 'Bench service ' || name, ARRAY['WANITA_KORBAN_KEKERASAN'], ARRAY['32.77'] FROM organization WHERE partner_kind = 'LSM'`);
  await pg.query(
    `INSERT INTO user_account (email, name, password_hash, role, organization_id)
     SELECT 'bench-cm-' || g || '@rujuk.invalid', 'Bench Case Manager ' || g, '!no-login', 'CASE_MANAGER', (SELECT id FROM organization WHERE partner_kind = 'LK3')
       FROM generate_series(1, $1::int) g`,
    [o.caseManagers],
  );
  await pg.query(
    `CREATE TABLE bench_ref AS
     WITH cm AS (SELECT id, organization_id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS total FROM user_account),
          svc AS (SELECT id, organization_id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS total FROM service)
     SELECT g AS n, gen_random_uuid() AS client_id, gen_random_uuid() AS case_id, gen_random_uuid() AS need_id, gen_random_uuid() AS referral_id,
            cm.id AS user_id, cm.organization_id, svc.id AS service_id, svc.organization_id AS to_organization_id
       FROM generate_series(1, $1::int) g JOIN cm ON cm.i = g % cm.total JOIN svc ON svc.i = g % svc.total`,
    [o.referrals],
  );
  await pg.query(`
    INSERT INTO client (id, organization_id, full_name, name_key, birth_date, sex, region_code, regency_code, created_by, phone)
    SELECT client_id, organization_id, 'Klien Bench ' || n, 'klien bench ' || n, date '1990-01-01', 'F', '32.77.01.1001', '32.77', user_id, '0800-0000-0000' FROM bench_ref`);
  await pg.query(`INSERT INTO client_case (id, client_id, organization_id, case_manager_id, stage, priority) SELECT case_id, client_id, organization_id, user_id, 'INTERVENTION', 'ROUTINE' FROM bench_ref`);
  await pg.query(`INSERT INTO need (id, case_id, category, severity, status) SELECT need_id, case_id, 'WANITA_KORBAN_KEKERASAN', 'MODERATE', 'REFERRED' FROM bench_ref`);
  await pg.query(`
    INSERT INTO referral (id, case_id, need_id, client_id, from_organization_id, from_user_id, service_id, to_organization_id, urgency, status, version,
                          sent_at, accept_by, shared_categories, share_mode)
    SELECT referral_id, case_id, need_id, client_id, organization_id, user_id, service_id, to_organization_id, 'ROUTINE', 'SENT', 2,
           now(), now() + interval '3 days', ARRAY['IDENTITY', 'NEEDS_SUMMARY'], 'CONSENT'
      FROM bench_ref`);
  await pg.query(`VACUUM ANALYZE user_account, client, client_case, need, referral, service, organization, follow_up, outbox_message`);
  log(`prepared ${o.referrals} SENT referrals to ${o.providers} providers for ${o.caseManagers} case managers in ${secondsSince(t0).toFixed(1)} s`);
}

function workerEnv(o: Options): NodeJS.ProcessEnv {
  return { ...apiEnv({ port: 3921, db: o.db, poolSize: o.workerPoolSize }), REDIS_PREFIX: PREFIX };
}

function startWorkers(o: Options): ChildProcess[] {
  return Array.from({ length: o.workers }, () =>
    spawn(process.execPath, [join(ROOT, 'dist/src/worker.js')], { cwd: ROOT, env: workerEnv(o), stdio: ['ignore', 'inherit', 'inherit'] }),
  );
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(workers.map(async (w) => {
    if (w.exitCode !== null) return;
    w.kill('SIGTERM');
    await new Promise((r) => w.once('exit', r));
  }));
}

/** The accepting process as the API and the worker are built: the referral lifecycle with follow-ups registered with its hook. */
@Module({ imports: [AppConfigModule, DatabaseModule.forRoot('api'), OutboxModule, NotifierModule, AuditModule, ReferralsCoreModule, FollowUpSchedulingModule] })
class BenchAcceptWithFollowUpsModule {}

/** The same without follow-ups: what an acceptance costs without the hook (the A/B's other side). */
@Module({ imports: [AppConfigModule, DatabaseModule.forRoot('api'), OutboxModule, NotifierModule, AuditModule, ReferralsCoreModule] })
class BenchAcceptModule {}

/** CPU time (ms) of one process, from /proc (a PostgreSQL backend here). */
function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

interface HookMeter {
  calls: number;
  created: number;
  wallMs: number;
  dbCpuMs: number;
  walls: number[];
}

/**
 * Wraps FollowUpScheduler.applyTransitions (what the hook calls) to time it inside each accepting transaction: wall
 * time, and the CPU of the transaction's backend (its pid read once per transaction) over the hook's statements.
 */
function meterHook(scheduler: FollowUpScheduler, backendOf: WeakMap<EntityManager, number>): HookMeter {
  const m: HookMeter = { calls: 0, created: 0, wallMs: 0, dbCpuMs: 0, walls: [] };
  const inner = scheduler.applyTransitions.bind(scheduler);
  scheduler.applyTransitions = async (tx, transitioned, now) => {
    const pid = backendOf.get(tx);
    const cpu0 = pid ? cpuMs(pid) : 0;
    const t0 = performance.now();
    const r = await inner(tx, transitioned, now);
    const wall = performance.now() - t0;
    m.calls++;
    m.created += r.created;
    m.wallMs += wall;
    m.walls.push(wall);
    if (pid) m.dbCpuMs += cpuMs(pid) - cpu0;
    return r;
  };
  return m;
}

/** Polls `count` until it reaches `target` (progress every 5 s) or stops moving for --stall-seconds; the time it got there. */
async function waitUntil(o: Options, label: string, t0: number, target: number, count: () => Promise<number>): Promise<{ reached: number; at: number }> {
  let last = -1;
  let lastMove = Date.now();
  let lastLog = 0;
  for (;;) {
    const n = await count();
    if (n !== last) lastMove = Date.now();
    last = n;
    if (Date.now() - lastLog > 5000 || n >= target) {
      log(`  ${label}: ${n} of ${target} after ${secondsSince(t0).toFixed(1)} s (${(n / Math.max(secondsSince(t0), 1e-3)).toFixed(0)}/s), load ${loadAverage()}`);
      lastLog = Date.now();
    }
    if (n >= target) return { reached: n, at: Date.now() };
    if (Date.now() - lastMove > o.stallSeconds * 1000) {
      log(`  ${label}: stalled at ${n} for ${o.stallSeconds} s`);
      return { reached: n, at: lastMove };
    }
    await sleep(250);
  }
}

/**
 * Accepts every referral through ReferralLifecycleService.applyMany, --batch per transaction, --concurrency at once,
 * with follow-ups registered with the transition hook (or not: --without-follow-ups). Times each transaction, its
 * follow-ups hook, and the database backends' CPU over the burst.
 */
async function acceptAll(o: Options, pg: Client): Promise<Record<string, unknown> & { seconds: number; accepted: number; errors: number }> {
  Object.assign(process.env, workerEnv(o));
  const app = await NestFactory.createApplicationContext(!o.withoutFollowUps ? BenchAcceptWithFollowUpsModule : BenchAcceptModule, { logger: ['error', 'warn'] });
  const lifecycle = app.get(ReferralLifecycleService);
  const db = app.get<DataSource>(getDataSourceToken());
  const backendOf = new WeakMap<EntityManager, number>();
  const hook = !o.withoutFollowUps ? meterHook(app.get(FollowUpScheduler), backendOf) : null;
  const ids: string[] = (await pg.query(`SELECT referral_id FROM bench_ref ORDER BY n`)).rows.map((r) => r.referral_id);
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += o.batch) batches.push(ids.slice(i, i + o.batch));
  let next = 0;
  let accepted = 0;
  let errors = 0;
  let firstError: string | undefined;
  const txWalls: number[] = [];
  const day = 24 * 3600_000;
  const db0 = databaseCpuMs(o.db);
  const t0 = Date.now();
  const progress = setInterval(() => log(`  accepted ${accepted} after ${secondsSince(t0).toFixed(1)} s (${(accepted / secondsSince(t0)).toFixed(0)}/s)${hook ? `, follow-ups hook ${hook.created} tasks in ${(hook.wallMs / 1000).toFixed(1)} s of its own` : ''}, load ${loadAverage()}`), 10_000);
  await Promise.all(Array.from({ length: o.concurrency }, async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      const started = performance.now();
      try {
        await db.transaction(async (tx) => {
          const [{ pid }] = await tx.query(`SELECT pg_backend_pid() AS pid`);
          backendOf.set(tx, pid);
          const rows = await tx.getRepository(ReferralEntity).find({ where: { id: In(batch) }, order: { id: 'ASC' } });
          await lifecycle.applyMany(tx, rows.map((r, i) => ({
            r, action: 'accept' as const, actor: 'RECEIVER' as const, actorId: null,
            req: { appointmentAt: new Date(t0 + (1 + (i % 7)) * day) },
          })));
        });
        accepted += batch.length;
        txWalls.push(performance.now() - started);
      } catch (err) {
        errors += batch.length;
        firstError ??= (err as Error).message;
      }
    }
  }));
  clearInterval(progress);
  const seconds = secondsSince(t0);
  let dbCpu = 0;
  for (const [pid, ms] of databaseCpuMs(o.db)) dbCpu += ms - (db0.get(pid) ?? 0);
  await app.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  return {
    seconds, accepted, errors, firstError, acceptsPerSecond: accepted / seconds, dbCpuMsPerAccept: dbCpu / Math.max(accepted, 1),
    transactionMsMedian: median(txWalls),
    hook: hook && {
      tasks: hook.created, wallSeconds: hook.wallMs / 1000, wallMsPerTransactionMedian: median(hook.walls), shareOfTransactionWall: hook.wallMs / txWalls.reduce((a, b) => a + b, 0),
      dbCpuMsPerTask: hook.dbCpuMs / Math.max(hook.created, 1), tasksPerSecondOfHookWall: hook.created / (hook.wallMs / 1000),
      tasksPerSecondOfHookDbCpu: hook.created / (hook.dbCpuMs / 1000),
    },
  };
}

async function main(): Promise<void> {
  const o = parseFlags(process.argv.slice(2), DEFAULTS);
  if (!/^rujuk_(bench|perf)_followups[a-z0-9_]*$/.test(o.db)) throw new Error('--db must start with rujuk_bench_followups');
  const machine = machineDescription();
  log(`bench:followups on ${machine}; load ${loadAverage()}`);
  const admin = new Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${o.db} WITH (FORCE)`);
  await admin.end();
  await ensureDatabase(o.db);
  const pg = new Client({ connectionString: databaseUrl(o.db) });
  await pg.connect();
  await prepare(pg, o);
  if (!o.skipBuild) buildApi();
  await clearRedisPrefix(PREFIX);

  // 1. The burst of acceptances, before the workers start: the follow-ups are written in the acceptances' own
  // transactions (the hook), so the tasks must all be there when the burst ends, whatever the workers do.
  log(`accepting ${o.referrals} referrals through ReferralLifecycleService.applyMany (${o.batch} per transaction, ${o.concurrency} at once), follow-ups ${!o.withoutFollowUps ? 'registered with the transition hook' : 'NOT registered (A/B)'}`);
  const loads: Record<string, string> = { start: loadAverage() };
  const burst = await acceptAll(o, pg);
  loads.afterBurst = loadAverage();
  log(`accepted ${burst.accepted} in ${burst.seconds.toFixed(1)} s (${(burst.acceptsPerSecond as number).toFixed(0)}/s), ${burst.errors} errors${burst.firstError ? `: ${burst.firstError}` : ''}; database CPU ${(burst.dbCpuMsPerAccept as number).toFixed(2)} ms per accept; hook ${JSON.stringify(burst.hook)}`);
  const [tasks] = (await pg.query(
    `SELECT count(*)::int AS tasks, count(DISTINCT f.dedupe_key)::int AS keys, count(*) FILTER (WHERE f.created_at = r.answered_at)::int AS with_acceptance,
            (SELECT count(*)::int FROM follow_up_event WHERE type = 'CREATED') AS created_events
       FROM follow_up f JOIN referral r ON r.id = f.referral_id WHERE f.kind = 'ATTENDANCE_CHECK'`,
  )).rows;
  const [backlog] = (await pg.query(`SELECT count(*)::int AS rows, count(*) FILTER (WHERE topic LIKE 'followups.%')::int AS followup_jobs FROM outbox_message WHERE sent_at IS NULL`)).rows;
  log(`right after the burst: ${tasks.tasks} attendance checks (${tasks.keys} distinct keys, ${tasks.with_acceptance} created at their referral's acceptance time, ${tasks.created_events} CREATED events); outbox backlog ${backlog.rows} rows, ${backlog.followup_jobs} follow-up jobs`);
  const scheduling: Record<string, unknown> = { ...burst, tasksAfterBurst: tasks, outboxBacklog: backlog };
  if (o.withoutFollowUps) {
    await pg.end();
    log('');
    log(`bench:followups (A/B side without follow-ups): ${JSON.stringify(scheduling)}; load ${JSON.stringify(loads)}`);
    log(`results: ${writeResults(`followups-${o.referrals}-without-follow-ups`, { machine, options: o, loads, scheduling })}`);
    return;
  }

  // 2. The workers drain the burst's outbox backlog (notifications and subscription events of the acceptances).
  log(`starting ${o.workers} worker process(es) (dist/src/worker.js, pool ${o.workerPoolSize}, prefix ${PREFIX})`);
  const t0 = Date.now();
  const workers = startWorkers(o);
  let relay: Record<string, unknown>;
  let due: Record<string, unknown>;
  try {
    const relayed = await waitUntil(o, 'outbox rows relayed', t0, backlog.rows, async () => (await pg.query(`SELECT count(*)::int AS n FROM outbox_message WHERE sent_at IS NOT NULL`)).rows[0].n);
    const stored = await waitUntil(o, 'acceptance notifications stored (user_notification)', t0, o.referrals, async () => (await pg.query(`SELECT count(*)::int AS n FROM user_notification WHERE template = 'referral.accepted'`)).rows[0].n);
    if (workers.some((w) => w.exitCode !== null)) throw new Error('a worker process exited');
    loads.afterRelay = loadAverage();
    relay = { rows: relayed.reached, relayedSeconds: (relayed.at - t0) / 1000, rowsPerSecond: relayed.reached / ((relayed.at - t0) / 1000), notificationsStored: stored.reached, storedSeconds: (stored.at - t0) / 1000 };
    log(`relayed ${relayed.reached} outbox rows in ${((relayed.at - t0) / 1000).toFixed(1)} s; ${stored.reached} acceptance notifications stored after ${((stored.at - t0) / 1000).toFixed(1)} s`);

    // 3. All the tasks fall due in the same minute; one scan announces them.
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
    await pg.query(`UPDATE follow_up SET due_at = $1::timestamptz + (random() * interval '59 seconds') WHERE kind = 'ATTENDANCE_CHECK'`, [minute]);
    await pg.query(`VACUUM ANALYZE follow_up`);
    const connection = new IORedis(redisUrl(), { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUES.followUps, { connection, prefix: PREFIX });
    loads.beforeDue = loadAverage();
    const t1 = Date.now();
    await queue.add('followups.due-scan', {}, { jobId: `bench-due-scan-${t1}` });
    log(`${tasks.tasks} follow-ups due in the minute from ${minute.toISOString()}: due scan queued`);
    const announced = await waitUntil(o, 'announced (notified_at, notification in the outbox)', t1, tasks.tasks, async () => (await pg.query(`SELECT count(*)::int AS n FROM follow_up WHERE notified_at IS NOT NULL`)).rows[0].n);
    const told = await waitUntil(o, 'follow-ups whose case manager was told (user_notification stored)', t1, tasks.tasks, async () => (await pg.query(
      `SELECT coalesce(sum((n.data->>'count')::int), 0)::int AS n FROM user_notification n WHERE n.template = 'followup.due'`,
    )).rows[0].n);
    const [messages] = (await pg.query(`SELECT count(*)::int AS n FROM user_notification WHERE template = 'followup.due'`)).rows;
    await queue.close();
    connection.disconnect();
    loads.afterDue = loadAverage();
    due = {
      due: tasks.tasks, announced: announced.reached, announcedSeconds: (announced.at - t1) / 1000, told: told.reached, storedSeconds: (told.at - t1) / 1000, messages: messages.n,
    };
    log(`announced ${announced.reached} in ${((announced.at - t1) / 1000).toFixed(1)} s; ${messages.n} messages telling of ${told.reached} follow-ups stored ${((told.at - t1) / 1000).toFixed(1)} s after the scan was queued`);
  } finally {
    await stopWorkers(workers);
  }
  const [dup] = (await pg.query(`SELECT count(*)::int AS tasks, count(DISTINCT referral_id)::int AS referrals, (SELECT count(*)::int FROM follow_up_event) AS events FROM follow_up`)).rows;
  await pg.end();
  await clearRedisPrefix(PREFIX);

  const hook = burst.hook as { tasksPerSecondOfHookWall: number; dbCpuMsPerTask: number; shareOfTransactionWall: number };
  const d = due as { storedSeconds: number; told: number; due: number };
  const inCommit = tasks.with_acceptance === burst.accepted && tasks.tasks === burst.accepted;
  log('');
  log(`bench:followups: ${o.referrals} referrals, ${o.workers} workers (pool ${o.workerPoolSize}), ${machine}`);
  log(`load average (1/5/15 min): ${Object.entries(loads).map(([k, v]) => `${k} ${v}`).join('; ')}`);
  log(`scheduling: ${JSON.stringify(scheduling)}`);
  log(`relay: ${JSON.stringify(relay)}`);
  log(`due: ${JSON.stringify(due)}`);
  log(`idempotence: ${JSON.stringify(dup)}`);
  log(`scheduling end to end: ${inCommit ? 'every task committed with its acceptance (no lag behind the commit)' : 'NOT every task was there when the burst ended'}; tasks appeared at the acceptance rate, ${(burst.acceptsPerSecond as number).toFixed(0)}/s`);
  log(`target scheduling >= 2,000 tasks/s: no stage of its own behind the commit; inside the acceptances (${(hook.shareOfTransactionWall * 100).toFixed(0)}% of their wall time) `
    + `${hook.tasksPerSecondOfHookWall.toFixed(0)} tasks/s per connection, ${(hook.tasksPerSecondOfHookWall * o.concurrency).toFixed(0)} over the ${o.concurrency} at once, `
    + `${hook.dbCpuMsPerTask.toFixed(3)} ms database CPU per task; ${inCommit && hook.tasksPerSecondOfHookWall * o.concurrency >= 2000 ? 'met' : 'missed'} for the scheduling, `
    + `while end to end the tasks come at the acceptance rate (${(burst.acceptsPerSecond as number).toFixed(0)}/s)`);
  log(`target due created and notified within 60 s: ${d.told >= d.due && d.storedSeconds <= 60 ? 'met' : 'missed'} (${d.storedSeconds.toFixed(1)} s)`);
  const file = writeResults(`followups-${o.referrals}`, { machine, options: o, loads, scheduling, relay, due, idempotence: dup });
  log(`results: ${file}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
