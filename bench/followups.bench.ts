/**
 * `npm run bench:followups [-- --referrals 100000 --providers 100 --case-managers 200 --workers 2 --batch 500 --concurrency 4
 *                            --worker-pool-size 10 --skip-build --db rujuk_bench_followups]`
 *
 * 1. Its own database (dropped, recreated and migrated each run) with, in bulk SQL, one LK3 with --case-managers case
 *    managers, --providers partner organisations with one service each, and per referral a client, an open case and a
 *    need, and the referral itself SENT (as a send leaves it).
 * 2. Starts --workers real worker processes (`node dist/src/worker.js`, production mode) under the bench's own Redis
 *    prefix: the outbox relay and the follow-up jobs run as in production.
 * 3. Scheduling: accepts every referral in one burst THROUGH THE LIFECYCLE (ReferralLifecycleService.applyMany, the path every
 *    accept takes, --batch referrals per transaction, --concurrency transactions at once), each with an appointment in the
 *    next days; each transaction puts one `followups.referrals-changed` job for its referrals in the outbox. Measures until every referral has its
 *    attendance check: tasks/s from the first accept to the last task (target >= 2,000/s).
 *    Then the scheduling statements alone (see schedulerOnly), on the same referrals, tasks removed first.
 * 4. Falling due: moves the due date of all those tasks into the same minute (the one that just ended), then runs one
 *    `followups.due-scan` (as the every-minute schedule does) and measures until every task is announced (notified_at,
 *    and one message per case manager and scan batch in the outbox) and those messages are stored for the case
 *    managers (user_notification, their counts adding up to every task): created and notified (target: within 60 s).
 * Prints progress every few seconds; writes bench/results/followups-<n>.json.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { DataSource, In } from 'typeorm';
import { AuditModule } from '../src/audit/audit.module';
import { AppConfigModule } from '../src/config/app-config.module';
import { DatabaseModule } from '../src/database/database.module';
import { Clock } from '../src/common/clock';
import { FollowUpScheduler } from '../src/follow-ups/follow-up-scheduler';
import { FollowUpsJobsModule } from '../src/follow-ups/follow-ups.module';
import { QUEUES } from '../src/jobs/job-registry';
import { OutboxModule } from '../src/outbox/outbox.module';
import { ReferralLifecycleService } from '../src/referrals/referral-lifecycle.service';
import { ReferralEntity } from '../src/referrals/referral.entity';
import { ReferralsCoreModule } from '../src/referrals/referrals-core.module';
import { apiEnv, buildApi, databaseUrl, ensureDatabase, loadAverage, log, machineDescription, parseFlags, ROOT, writeResults } from './bench-kit';
import { clearRedisPrefix, redisUrl } from './bench-redis';

const DEFAULTS = {
  referrals: 100_000, providers: 100, caseManagers: 200, workers: 2, batch: 500, concurrency: 4, workerPoolSize: 10,
  skipBuild: false, db: 'rujuk_bench_followups', stallSeconds: 120,
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

@Module({ imports: [AppConfigModule, DatabaseModule.forRoot('api'), OutboxModule, AuditModule, ReferralsCoreModule] })
class BenchFollowUpsModule {}

@Module({ imports: [AppConfigModule, DatabaseModule.forRoot('api'), OutboxModule, FollowUpsJobsModule] })
class BenchSchedulerModule {}

/**
 * The scheduling statements alone, as the `followups.referrals-changed` handler runs them (FollowUpScheduler.applyReferrals,
 * FOLLOWUP_BATCH_SIZE referrals per transaction, two transactions at once as two workers would), after the tasks of
 * the end-to-end phase are removed: what the set-based design gives when the relay is not in front of it.
 */
async function schedulerOnly(o: Options, pg: Client): Promise<{ tasks: number; seconds: number; perTransaction: number }> {
  await pg.query(`TRUNCATE follow_up_event, follow_up`);
  Object.assign(process.env, workerEnv(o));
  const app = await NestFactory.createApplicationContext(BenchSchedulerModule, { logger: ['error', 'warn'] });
  const scheduler = app.get(FollowUpScheduler);
  const clock = app.get(Clock);
  const db = app.get<DataSource>(getDataSourceToken());
  const perTransaction = Number(process.env.FOLLOWUP_BATCH_SIZE ?? 1000);
  const ids: string[] = (await pg.query(`SELECT referral_id FROM bench_ref ORDER BY n`)).rows.map((r) => r.referral_id);
  let next = 0;
  let tasks = 0;
  const t0 = Date.now();
  const progress = setInterval(() => log(`  scheduler only: ${tasks} tasks after ${secondsSince(t0).toFixed(1)} s (${(tasks / secondsSince(t0)).toFixed(0)}/s)`), 5_000);
  await Promise.all([0, 1].map(async () => {
    while (next < ids.length) {
      const chunk = ids.slice(next, next + perTransaction);
      next += perTransaction;
      const { created } = await db.transaction((tx) => scheduler.applyReferrals(tx, chunk, clock.now()));
      tasks += created; // after the await: `tasks += await ...` would add to the value read before it
    }
  }));
  clearInterval(progress);
  const seconds = secondsSince(t0);
  await app.close();
  log(`scheduler only: ${tasks} tasks in ${seconds.toFixed(1)} s = ${(tasks / seconds).toFixed(0)} tasks/s (${perTransaction} referrals per transaction, 2 at once)`);
  return { tasks, seconds, perTransaction };
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

/** Accepts every referral through ReferralLifecycleService.applyMany, --batch per transaction, --concurrency at once. */
async function acceptAll(o: Options, pg: Client): Promise<{ seconds: number; accepted: number; errors: number; firstError?: string }> {
  Object.assign(process.env, workerEnv(o));
  const app = await NestFactory.createApplicationContext(BenchFollowUpsModule, { logger: ['error', 'warn'] });
  const lifecycle = app.get(ReferralLifecycleService);
  const db = app.get<DataSource>(getDataSourceToken());
  const ids: string[] = (await pg.query(`SELECT referral_id FROM bench_ref ORDER BY n`)).rows.map((r) => r.referral_id);
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += o.batch) batches.push(ids.slice(i, i + o.batch));
  let next = 0;
  let accepted = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = Date.now();
  const day = 24 * 3600_000;
  await Promise.all(Array.from({ length: o.concurrency }, async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      try {
        await db.transaction(async (tx) => {
          const rows = await tx.getRepository(ReferralEntity).find({ where: { id: In(batch) }, order: { id: 'ASC' } });
          await lifecycle.applyMany(tx, rows.map((r, i) => ({
            r, action: 'accept' as const, actor: 'RECEIVER' as const, actorId: null,
            req: { appointmentAt: new Date(t0 + (1 + (i % 7)) * day) },
          })));
        });
        accepted += batch.length;
      } catch (err) {
        errors += batch.length;
        firstError ??= (err as Error).message;
      }
    }
  }));
  const seconds = secondsSince(t0);
  await app.close();
  return { seconds, accepted, errors, firstError };
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

  // 1. The burst of acceptances, committed before the workers start: their follow-up jobs wait in the outbox, as
  // they would behind a burst, and the scheduling rate is the workers' alone.
  log(`accepting ${o.referrals} referrals through ReferralLifecycleService.applyMany (${o.batch} per transaction, ${o.concurrency} at once)`);
  const burst = await acceptAll(o, pg);
  log(`accepted ${burst.accepted} in ${burst.seconds.toFixed(1)} s (${(burst.accepted / burst.seconds).toFixed(0)}/s), ${burst.errors} errors${burst.firstError ? `: ${burst.firstError}` : ''}`);
  const [backlog] = (await pg.query(`SELECT count(*)::int AS rows, count(*) FILTER (WHERE topic = 'followups.referrals-changed')::int AS jobs FROM outbox_message WHERE sent_at IS NULL`)).rows;
  log(`outbox backlog: ${backlog.rows} rows, of which ${backlog.jobs} follow-up scheduling jobs`);

  log(`starting ${o.workers} worker process(es) (dist/src/worker.js, pool ${o.workerPoolSize}, prefix ${PREFIX})`);
  const loads: Record<string, string> = { start: loadAverage() };
  const t0 = Date.now();
  const workers = startWorkers(o);
  let scheduling: Record<string, unknown>;
  let due: Record<string, unknown>;
  try {
    const created = await waitUntil(o, 'attendance checks created', t0, o.referrals, async () => (await pg.query(`SELECT count(*)::int AS n FROM follow_up WHERE kind = 'ATTENDANCE_CHECK'`)).rows[0].n);
    if (workers.some((w) => w.exitCode !== null)) throw new Error('a worker process exited');
    loads.afterScheduling = loadAverage();
    const [span] = (await pg.query(`SELECT extract(epoch FROM max(created_at) - min(created_at))::float AS tasks_span, count(*)::int AS n, count(DISTINCT dedupe_key)::int AS keys FROM follow_up`)).rows;
    const schedSeconds = (created.at - t0) / 1000;
    scheduling = {
      accepted: burst.accepted, acceptSeconds: burst.seconds, outboxBacklog: backlog.rows, tasks: created.reached, secondsFromWorkerStart: schedSeconds,
      tasksPerSecond: created.reached / schedSeconds, firstToLastTaskSeconds: span.tasks_span, tasksPerSecondFirstToLast: span.n / Math.max(span.tasks_span, 1e-3), distinctKeys: span.keys,
    };
    log(`scheduled ${created.reached} tasks ${schedSeconds.toFixed(1)} s after the workers started = ${(created.reached / schedSeconds).toFixed(0)} tasks/s (first to last task: ${span.tasks_span.toFixed(1)} s = ${(span.n / Math.max(span.tasks_span, 1e-3)).toFixed(0)}/s)`);

    const direct = await schedulerOnly(o, pg);
    Object.assign(scheduling, { schedulerOnly: direct, schedulerOnlyTasksPerSecond: direct.tasks / direct.seconds });
    loads.afterSchedulerOnly = loadAverage();

    // 2. All of them fall due in the same minute; one scan announces them.
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
    await pg.query(`UPDATE follow_up SET due_at = $1::timestamptz + (random() * interval '59 seconds') WHERE kind = 'ATTENDANCE_CHECK'`, [minute]);
    await pg.query(`VACUUM ANALYZE follow_up`);
    const connection = new IORedis(redisUrl(), { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUES.followUps, { connection, prefix: PREFIX });
    const t1 = Date.now();
    await queue.add('followups.due-scan', {}, { jobId: `bench-due-scan-${t1}` });
    log(`${created.reached} follow-ups due in the minute from ${minute.toISOString()}: due scan queued`);
    const announced = await waitUntil(o, 'announced (notified_at, notification in the outbox)', t1, created.reached, async () => (await pg.query(`SELECT count(*)::int AS n FROM follow_up WHERE notified_at IS NOT NULL`)).rows[0].n);
    const told = await waitUntil(o, 'follow-ups whose case manager was told (user_notification stored)', t1, created.reached, async () => (await pg.query(
      `SELECT coalesce(sum((n.data->>'count')::int), 0)::int AS n FROM user_notification n WHERE n.template = 'followup.due'`,
    )).rows[0].n);
    const stored = told;
    await queue.close();
    connection.disconnect();
    loads.afterDue = loadAverage();
    due = {
      due: created.reached, announced: announced.reached, announcedSeconds: (announced.at - t1) / 1000, stored: stored.reached, storedSeconds: (stored.at - t1) / 1000,
    };
    log(`announced ${announced.reached} in ${((announced.at - t1) / 1000).toFixed(1)} s; stored ${stored.reached} notifications ${((stored.at - t1) / 1000).toFixed(1)} s after the scan was queued`);
  } finally {
    await stopWorkers(workers);
  }
  const [dup] = (await pg.query(`SELECT count(*)::int AS tasks, count(DISTINCT referral_id)::int AS referrals, (SELECT count(*)::int FROM follow_up_event) AS events FROM follow_up`)).rows;
  await pg.end();
  await clearRedisPrefix(PREFIX);

  const s = scheduling as { tasksPerSecond: number; schedulerOnlyTasksPerSecond: number };
  const d = due as { storedSeconds: number; stored: number; due: number };
  log('');
  log(`bench:followups: ${o.referrals} referrals, ${o.workers} workers (pool ${o.workerPoolSize}), ${machine}`);
  log(`load average (1/5/15 min): ${Object.entries(loads).map(([k, v]) => `${k} ${v}`).join('; ')}`);
  log(`scheduling: ${JSON.stringify(scheduling)}`);
  log(`due: ${JSON.stringify(due)}`);
  log(`idempotence: ${JSON.stringify(dup)}`);
  log(`target scheduling >= 2,000 tasks/s, end to end (outbox relay, BullMQ, handler): ${s.tasksPerSecond >= 2000 ? 'met' : 'missed'} (${s.tasksPerSecond.toFixed(0)})`);
  log(`                                     the scheduling statements alone: ${s.schedulerOnlyTasksPerSecond >= 2000 ? 'met' : 'missed'} (${s.schedulerOnlyTasksPerSecond.toFixed(0)})`);
  log(`target due created and notified within 60 s: ${d.stored >= d.due && d.storedSeconds <= 60 ? 'met' : 'missed'} (${d.storedSeconds.toFixed(1)} s)`);
  const file = writeResults(`followups-${o.referrals}`, { machine, options: o, loads, scheduling, due, idempotence: dup });
  log(`results: ${file}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
