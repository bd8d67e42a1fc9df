/**
 * `npm run bench:gaps [-- --services 100000 --needs 200000 --referrals 1000000 --runs 3 --regency-runs 5 --db rujuk_bench_gaps --regenerate]`
 *
 * 1. Its own database (rujuk_bench_gaps, created and migrated if missing) with the synthetic directory of bench:search
 *    (synthetic-directory.ts), then, set-based in SQL (generate_series, one INSERT per table), --needs/2 clients and
 *    cases spread over all 514 regencies, --needs needs (random PMKS category, one or two of its default service
 *    types, statuses and creation times over 180 days, 10% of the matched ones found nothing) and --referrals
 *    referrals to random services (sent over 120 days; 10% pending, 40% accepted, 25% declined with a reason,
 *    15% expired, 10% cancelled; accepted after 0-72 h). Kept between runs unless the sizes change or
 *    --regenerate.
 * 2. Boots the API in this process (production mode, its own Redis prefix) and runs the gap analysis job's body
 *    (GapRunsService.execute, what the `gaps.analyse` handler calls) for the whole network --runs times, and for
 *    the busiest regency --regency-runs times: wall time, the snapshot statement's time (sql_ms) and the peak RSS
 *    of the process while it runs (sampled every 10 ms).
 * 3. Downloads `/reports/gaps.csv` (the national snapshot, as an admin) and `/reports/referrals.csv` over HTTP,
 *    reading the body as a stream: rows/s, and the RSS before, at its peak and after, to show it stays flat.
 * Targets: national job < 5 s, its SQL < 2 s, one regency < 200 ms, CSV >= 50,000 rows/s with flat memory.
 * Writes bench/results/gaps.json.
 */
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { createApiApp } from '../src/bootstrap';
import { GapRunsService } from '../src/gaps/gap-runs.service';
import { apiEnv, databaseCpuMs, databaseUrl, ensureDatabase, ensureDirectory, loadAverage, log, machineDescription, parseFlags, Target, writeResults } from './bench-kit';
import { clearRedisPrefix } from './bench-redis';

const DEFAULTS = { services: 100_000, needs: 200_000, referrals: 1_000_000, runs: 3, regencyRuns: 5, db: 'rujuk_bench_gaps', regenerate: false };
type Options = typeof DEFAULTS;
const PREFIX = '{rujuk-bench-gaps}';
const GAPS_DATA_VERSION = 1;

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let BENCH_DB = DEFAULTS.db;

/**
 * Runs `fn`, sampling this process's RSS every 10 ms: wall ms, peak RSS and the RSS before; and the CPU ms spent
 * by this process and by the bench database's backends (a figure that holds on a loaded, shared machine).
 */
async function measured<T>(fn: () => Promise<T>): Promise<{
  value: T; ms: number; rssBefore: number; rssPeak: number; rssAfter: number; nodeCpuMs: number; dbCpuMs: number;
}> {
  const cpu0 = process.cpuUsage();
  const db0 = databaseCpuMs(BENCH_DB);
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const timer = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 10);
  const t0 = process.hrtime.bigint();
  try {
    const value = await fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const rssAfter = process.memoryUsage().rss;
    const cpu = process.cpuUsage(cpu0);
    let dbCpuMs = 0;
    for (const [pid, used] of databaseCpuMs(BENCH_DB)) dbCpuMs += used - (db0.get(pid) ?? 0);
    return { value, ms, rssBefore, rssPeak: Math.max(rssPeak, rssAfter), rssAfter, nodeCpuMs: Math.round((cpu.user + cpu.system) / 1000), dbCpuMs };
  } finally {
    clearInterval(timer);
  }
}

async function generated(pg: Client): Promise<{ needs: number; referrals: number; version: number } | null> {
  const { rows } = await pg.query(`SELECT to_regclass('bench_gaps_meta') IS NOT NULL AS present`);
  if (!rows[0].present) return null;
  const meta = await pg.query(`SELECT needs, referrals, version FROM bench_gaps_meta`);
  return meta.rows[0] ?? null;
}

/** Clients, cases, needs and referrals in bulk SQL (FK triggers off for the inserts: the rows are built consistent). */
async function generateCases(pg: Client, o: Options): Promise<number> {
  const t0 = Date.now();
  const clients = Math.ceil(o.needs / 2);
  await pg.query(`DROP TABLE IF EXISTS bench_gaps_meta, bench_gaps_regency, bench_gaps_category, bench_gaps_service`);
  await pg.query(`TRUNCATE gap_snapshot_cell, gap_analysis_run, gap_referral, gap_need_group, follow_up_event, follow_up, referral_event, referral_link, referral, match_run, consent, goal, assessment, need, case_note, case_event, client_case, household_member, client`);
  await pg.query(`DELETE FROM user_account WHERE email LIKE 'bench-gaps-%'`);
  await pg.query(`
    INSERT INTO user_account (email, name, password_hash, role, organization_id)
    VALUES ('bench-gaps-cm@rujuk.invalid', 'Bench Gaps Case Manager', '!no-login', 'CASE_MANAGER', (SELECT id FROM organization WHERE partner_kind = 'LK3' ORDER BY id LIMIT 1)),
           ('bench-gaps-admin@rujuk.invalid', 'Bench Gaps Admin', '!no-login', 'ADMIN', NULL)`);
  await pg.query(`CREATE TABLE bench_gaps_regency AS SELECT row_number() OVER (ORDER BY code)::int AS i, code FROM region WHERE level = 'REGENCY'`);
  await pg.query(`CREATE TABLE bench_gaps_category AS SELECT row_number() OVER (ORDER BY code)::int AS i, code, default_service_types AS types
                    FROM need_category WHERE cardinality(default_service_types) > 0`);
  await pg.query(`CREATE TABLE bench_gaps_service AS SELECT row_number() OVER (ORDER BY id)::int AS i, id, organization_id FROM service`);
  await pg.query(`SELECT setseed(0.16)`);
  await pg.query(`SET session_replication_role = replica`);
  try {
    log(`  ${clients} clients and cases`);
    await pg.query(`
      INSERT INTO client (id, organization_id, full_name, name_key, birth_date, sex, region_code, regency_code, created_by)
      SELECT md5('client' || g)::uuid, o.id, 'Klien ' || g, 'klien ' || g, date '1960-01-01' + (random() * 20000)::int,
             CASE WHEN random() < 0.6 THEN 'F' ELSE 'M' END, r.code, r.code, u.id
        FROM (SELECT g, 1 + floor(random() * (SELECT count(*) FROM bench_gaps_regency))::int AS ri FROM generate_series(1, $1::int) g) x
        JOIN bench_gaps_regency r ON r.i = x.ri
        CROSS JOIN (SELECT id FROM user_account WHERE email = 'bench-gaps-cm@rujuk.invalid') u
        CROSS JOIN (SELECT organization_id AS id FROM user_account WHERE email = 'bench-gaps-cm@rujuk.invalid') o`, [clients]);
    await pg.query(`
      INSERT INTO client_case (id, client_id, organization_id, case_manager_id, priority)
      SELECT md5('case' || g)::uuid, md5('client' || g)::uuid, c.organization_id, c.created_by, 'ROUTINE'
        FROM generate_series(1, $1::int) g JOIN client c ON c.id = md5('client' || g)::uuid`, [clients]);
    log(`  ${o.needs} needs`);
    await pg.query(`
      INSERT INTO need (id, case_id, category, severity, status, service_types, last_match_result_count, last_matched_at, created_at)
      SELECT md5('need' || g)::uuid, md5('case' || ((g - 1) / 2 + 1))::uuid, c.code, 'HIGH',
             (ARRAY['OPEN','OPEN','OPEN','OPEN','REFERRED','REFERRED','BEING_SERVED','MET','MET','NOT_MET','WITHDRAWN'])[1 + floor(random() * 11)::int],
             c.types[1:1 + (random() < 0.5)::int],
             x.matched, CASE WHEN x.matched IS NOT NULL THEN now() - random() * interval '30 days' END,
             now() - random() * interval '180 days'
        FROM (SELECT g, 1 + floor(random() * (SELECT count(*) FROM bench_gaps_category))::int AS ci,
                     CASE WHEN random() < 0.3 THEN NULL WHEN random() < 0.1 THEN 0 ELSE 1 + floor(random() * 20)::int END AS matched
                FROM generate_series(1, $1::int) g) x
        JOIN bench_gaps_category c ON c.i = x.ci`, [o.needs]);
    log(`  ${o.referrals} referrals`);
    await pg.query(`
      INSERT INTO referral (case_id, need_id, client_id, from_organization_id, from_user_id, service_id, to_organization_id, urgency,
                            status, decline_reason, outcome, sent_at, answered_at, closed_at, created_at)
      SELECT md5('case' || ((x.k - 1) / 2 + 1))::uuid, md5('need' || x.k)::uuid, md5('client' || ((x.k - 1) / 2 + 1))::uuid,
             u.organization_id, u.id, s.id, s.organization_id, 'ROUTINE', x.status,
             CASE WHEN x.status = 'DECLINED' THEN (ARRAY['NO_CAPACITY','NO_CAPACITY','NO_CAPACITY','NOT_ELIGIBLE','OUTSIDE_SERVICE_AREA',
               'SERVICE_NOT_OFFERED','CLIENT_UNREACHABLE','CLIENT_DECLINED','DUPLICATE','OTHER'])[1 + floor(x.r2 * 10)::int] END,
             CASE WHEN x.status = 'COMPLETED' THEN (ARRAY['NEED_MET','PARTIALLY_MET','NOT_MET'])[1 + floor(x.r2 * 3)::int] END,
             x.sent_at,
             CASE WHEN x.status IN ('ACCEPTED','IN_PROGRESS','COMPLETED','DECLINED') THEN x.sent_at + x.r2 * x.r2 * interval '72 hours' END,
             CASE WHEN x.status IN ('COMPLETED','DECLINED','EXPIRED','CANCELLED') THEN x.sent_at + interval '80 hours' END,
             x.sent_at
        FROM (SELECT g, 1 + floor(random() * $2::int)::int AS k, 1 + floor(random() * (SELECT count(*) FROM bench_gaps_service))::int AS si,
                     now() - random() * interval '120 days' AS sent_at, random() AS r2,
                     (ARRAY['SENT','SENT','ACCEPTED','ACCEPTED','IN_PROGRESS','IN_PROGRESS','COMPLETED','COMPLETED','COMPLETED','COMPLETED',
                            'DECLINED','DECLINED','DECLINED','DECLINED','DECLINED','EXPIRED','EXPIRED','EXPIRED','CANCELLED','CANCELLED'])[1 + floor(random() * 20)::int] AS status
                FROM generate_series(1, $1::int) g) x
        JOIN bench_gaps_service s ON s.i = x.si
        CROSS JOIN (SELECT id, organization_id FROM user_account WHERE email = 'bench-gaps-cm@rujuk.invalid') u`, [o.referrals, o.needs]);
  } finally {
    await pg.query(`SET session_replication_role = origin`);
  }
  // The inserts bypassed the triggers (replica role): gap analysis's table of referrals is built in one statement.
  log('  gap_referral');
  await pg.query(`SELECT gap_referral_rebuild()`);
  log('  VACUUM ANALYZE');
  // Every table the statement reads, as autovacuum leaves them in a running system (visibility map set, so index-only
  // scans skip the heap; statistics current).
  for (const table of ['client', 'client_case', 'need', 'referral', 'gap_referral', 'gap_need_group', 'gap_cell_group', 'gap_supply']) await pg.query(`VACUUM ANALYZE ${table}`);
  await pg.query(`CREATE TABLE bench_gaps_meta AS SELECT $1::int AS needs, $2::int AS referrals, $3::int AS version`, [o.needs, o.referrals, GAPS_DATA_VERSION]);
  return (Date.now() - t0) / 1000;
}

async function main(): Promise<void> {
  const o = parseFlags(process.argv.slice(2), DEFAULTS);
  if (!/^rujuk_(bench|perf)[a-z0-9_]*$/.test(o.db)) throw new Error('--db must start with rujuk_bench');
  BENCH_DB = o.db;
  log(`bench:gaps on ${machineDescription()}, load ${loadAverage()}`);
  await ensureDatabase(o.db);
  const pg = new Client({ connectionString: databaseUrl(o.db) });
  await pg.connect();
  await ensureDirectory(pg, o.db, o.services, o.regenerate);
  const have = await generated(pg);
  let generationSeconds: number | null = null;
  if (o.regenerate || !have || have.needs !== o.needs || have.referrals !== o.referrals || have.version !== GAPS_DATA_VERSION) {
    log(`generating cases: ${o.needs} needs, ${o.referrals} referrals ...`);
    generationSeconds = await generateCases(pg, o);
    log(`generated in ${generationSeconds.toFixed(1)} s`);
  } else {
    log(`reusing ${o.db}: ${have.needs} needs and ${have.referrals} referrals already generated`);
  }
  const counts = (await pg.query(`SELECT (SELECT count(*) FROM service)::int AS services, (SELECT count(*) FROM need)::int AS needs,
    (SELECT count(*) FROM referral)::int AS referrals`)).rows[0];
  const { rows: [busiest] } = await pg.query(`SELECT regency_code AS code, count(*)::int AS needs FROM client c JOIN client_case k ON k.client_id = c.id
    JOIN need n ON n.case_id = k.id GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
  const { rows: [adminUser] } = await pg.query(`SELECT id FROM user_account WHERE email = 'bench-gaps-admin@rujuk.invalid'`);
  await pg.end();

  const env = apiEnv({ port: 3999, db: o.db, poolSize: 10 }); // the port is not used: the app listens on a free one
  Object.assign(process.env, env, { REDIS_PREFIX: PREFIX, LOG_LEVEL: 'warn' });
  await clearRedisPrefix(PREFIX);
  const app: INestApplication = await createApiApp({ logger: false });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  const runs = app.get(GapRunsService, { strict: false });
  try {
    log(`\n${counts.services} services, ${counts.needs} needs, ${counts.referrals} referrals; busiest regency ${busiest.code} (${busiest.needs} needs)`);
    const national = [];
    for (let i = 0; i < o.runs; i++) {
      const m = await measured(() => runs.execute({}));
      const run = m.value!;
      if (run.status !== 'SUCCEEDED') throw new Error(`national run ${run.id} ${run.status}`);
      national.push({
        wallMs: Math.round(m.ms), sqlMs: run.sqlMs!, cells: run.cellCount!, dbCpuMs: m.dbCpuMs, nodeCpuMs: m.nodeCpuMs,
        rssBeforeMb: mb(m.rssBefore), rssPeakMb: mb(m.rssPeak),
      });
      log(`national run ${i + 1}: wall ${Math.round(m.ms)} ms, SQL ${run.sqlMs} ms, ${run.cellCount} cells, CPU database ${m.dbCpuMs} ms / Node ${m.nodeCpuMs} ms, RSS ${mb(m.rssBefore)} -> peak ${mb(m.rssPeak)} MB, load ${loadAverage()}`);
    }
    const regency = [];
    for (let i = 0; i < o.regencyRuns; i++) {
      const m = await measured(() => runs.execute({ regionCode: busiest.code }));
      regency.push({ wallMs: Math.round(m.ms * 10) / 10, sqlMs: m.value!.sqlMs!, cells: m.value!.cellCount!, dbCpuMs: m.dbCpuMs });
    }
    if (regency.length) log(`regency ${busiest.code} runs: wall ${regency.map((r) => r.wallMs).join(', ')} ms (SQL ${regency.map((r) => r.sqlMs).join(', ')} ms, database CPU ${regency.map((r) => r.dbCpuMs).join(', ')} ms), ${regency[0].cells} cells`);

    const token = new JwtService({ secret: env.JWT_SECRET }).sign({ sub: adminUser.id, role: 'ADMIN' }, { algorithm: 'HS256', issuer: 'rujuk', expiresIn: 3600 });
    const csv = async (path: string) => {
      const m = await measured(async () => {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${token}` } });
        if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
        let bytes = 0;
        let lines = 0;
        const reader = res.body!.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          bytes += value.length;
          for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
        }
        return { bytes, rows: lines - 1 };
      });
      const result = {
        path, rows: m.value.rows, mb: Math.round(m.value.bytes / 2 ** 20 * 10) / 10, ms: Math.round(m.ms), rowsPerSecond: Math.round(m.value.rows / (m.ms / 1000)),
        rssBeforeMb: mb(m.rssBefore), rssPeakMb: mb(m.rssPeak), rssAfterMb: mb(m.rssAfter), dbCpuMs: m.dbCpuMs, nodeCpuMs: m.nodeCpuMs,
        rowsPerCpuSecond: Math.round(m.value.rows / ((m.dbCpuMs + m.nodeCpuMs) / 1000)),
      };
      log(`${path}: ${result.rows} rows (${result.mb} MB) in ${result.ms} ms = ${result.rowsPerSecond} rows/s (CPU database ${m.dbCpuMs} ms + Node ${m.nodeCpuMs} ms = ${result.rowsPerCpuSecond} rows per CPU second); RSS ${result.rssBeforeMb} -> peak ${result.rssPeakMb} -> ${result.rssAfterMb} MB, load ${loadAverage()}`);
      return result;
    };
    const gapsCsv = await csv('/reports/gaps.csv');
    const referralsCsv = await csv('/reports/referrals.csv');

    // --runs 0 --regency-runs 0 measures the CSVs alone (of the latest national snapshot).
    const best = national.length ? national.reduce((a, b) => (b.wallMs < a.wallMs ? b : a)) : null;
    const regencyMedian = regency.length ? median(regency.map((r) => r.wallMs)) : NaN;
    const flat = (c: typeof gapsCsv) => c.rssPeakMb - c.rssBeforeMb < Math.max(64, c.mb);
    const targets: Target[] = [
      ...(national.length ? [
        ['national job under 5 s (median of runs)', median(national.map((n) => n.wallMs)) < 5000, `${median(national.map((n) => n.wallMs))} ms`],
        ['its SQL under 2 s (median)', median(national.map((n) => n.sqlMs)) < 2000, `${median(national.map((n) => n.sqlMs))} ms`],
      ] as Target[] : []),
      ...(regency.length ? [['one regency under 200 ms (median)', regencyMedian < 200, `${regencyMedian} ms`]] as Target[] : []),
      ['gaps CSV >= 50,000 rows/s', gapsCsv.rowsPerSecond >= 50_000, `${gapsCsv.rowsPerSecond} rows/s`],
      ['gaps CSV memory flat (RSS growth < max(64 MB, the CSV size))', flat(gapsCsv), `+${gapsCsv.rssPeakMb - gapsCsv.rssBeforeMb} MB for ${gapsCsv.mb} MB`],
      ['referrals CSV memory flat', flat(referralsCsv), `+${referralsCsv.rssPeakMb - referralsCsv.rssBeforeMb} MB for ${referralsCsv.mb} MB`],
    ];
    log('');
    for (const [label, met, value] of targets) log(`${met ? 'MET    ' : 'MISSED '} ${label}: ${value}`);
    const file = writeResults('gaps', {
      at: new Date().toISOString(), machine: machineDescription(), load: loadAverage(), options: o, counts, generationSeconds,
      busiestRegency: busiest, national, best, regency, gapsCsv, referralsCsv, targets,
    });
    log(`\nresults written to ${file}`);
    if (!targets.every(([, met]) => met)) process.exitCode = 2;
  } finally {
    await app.close();
    await clearRedisPrefix(PREFIX);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
