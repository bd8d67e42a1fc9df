/**
 * `npm run bench:followup-statements [-- --referrals 20000 --rounds 3 --per-transaction 1000 --db rujuk_perf_followup_statements]`
 *
 * The follow-up scheduling statements alone, without workers, relay or Nest: a database (created and migrated if
 * missing; the rows are kept between runs of the same size) with --referrals ACCEPTED referrals (one LK3, 200 case
 * managers, 100 providers, a client, case and need each, an appointment in two days), then per round the tasks
 * are removed and `FollowUpScheduler.applyReferrals` schedules every referral's attendance check, --per-transaction
 * referrals per transaction on one connection, sequentially. Prints tasks/s on that connection and the database
 * backend's CPU per task (from /proc: the figure that holds on a loaded, shared machine).
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { FollowUpScheduler } from '../src/follow-ups/follow-up-scheduler';
import { apiEnv, databaseUrl, ensureDatabase, log, machineDescription, parseFlags } from './bench-kit';
const cpu = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const DEFAULTS = { referrals: 20_000, rounds: 3, perTransaction: 1000, db: 'rujuk_perf_followup_statements' };
async function main() {
  const o = parseFlags(process.argv.slice(2), DEFAULTS);
  if (!/^rujuk_(bench|perf)[a-z0-9_]*$/.test(o.db)) throw new Error('--db must start with rujuk_bench or rujuk_perf');
  const N = o.referrals;
  const db = o.db;
  Object.assign(process.env, apiEnv({ port: 3922, db, poolSize: 2 }));
  log(`bench:followup-statements on ${machineDescription()}; load ${load()}`);
  await ensureDatabase(db);
  const pg = new Client({ connectionString: databaseUrl(db) });
  await pg.connect();
  const have = (await pg.query(`SELECT count(*)::int AS n FROM referral`)).rows[0].n;
  if (have !== N) {
    log(`preparing ${N} accepted referrals`);
    await pg.query(`TRUNCATE follow_up_event, follow_up, referral_event, referral, need, client_case, client, service, user_account, organization CASCADE`);
    await pg.query(`DROP TABLE IF EXISTS bench_ref`);
    await pg.query(`INSERT INTO organization (id, name, partner_kind, region_code) VALUES (gen_random_uuid(), 'Bench LK3', 'LK3', '32.77')`);
    await pg.query(`INSERT INTO organization (name, partner_kind, region_code) SELECT 'Bench provider ' || g, 'LSM', '32.77' FROM generate_series(1, 100) g`);
    await pg.query(`INSERT INTO service (organization_id, name, need_categories, area_codes) SELECT id, 'Bench service ' || name, ARRAY['WANITA_KORBAN_KEKERASAN'], ARRAY['32.77'] FROM organization WHERE partner_kind = 'LSM'`);
    await pg.query(`INSERT INTO user_account (email, name, password_hash, role, organization_id) SELECT 'bench-cm-' || g || '@rujuk.invalid', 'CM ' || g, '!no-login', 'CASE_MANAGER', (SELECT id FROM organization WHERE partner_kind = 'LK3') FROM generate_series(1, 200) g`);
    await pg.query(`CREATE TABLE bench_ref AS
      WITH cm AS (SELECT id, organization_id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS total FROM user_account),
           svc AS (SELECT id, organization_id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS total FROM service)
      SELECT g AS n, gen_random_uuid() AS client_id, gen_random_uuid() AS case_id, gen_random_uuid() AS need_id, gen_random_uuid() AS referral_id,
             cm.id AS user_id, cm.organization_id, svc.id AS service_id, svc.organization_id AS to_organization_id
        FROM generate_series(1, $1::int) g JOIN cm ON cm.i = g % cm.total JOIN svc ON svc.i = g % svc.total`, [N]);
    await pg.query(`INSERT INTO client (id, organization_id, full_name, name_key, birth_date, sex, region_code, regency_code, created_by, phone) SELECT client_id, organization_id, 'K ' || n, 'k ' || n, date '1990-01-01', 'F', '32.77.01.1001', '32.77', user_id, '0800' FROM bench_ref`);
    await pg.query(`INSERT INTO client_case (id, client_id, organization_id, case_manager_id, stage, priority) SELECT case_id, client_id, organization_id, user_id, 'INTERVENTION', 'ROUTINE' FROM bench_ref`);
    await pg.query(`INSERT INTO need (id, case_id, category, severity, status) SELECT need_id, case_id, 'WANITA_KORBAN_KEKERASAN', 'MODERATE', 'REFERRED' FROM bench_ref`);
    await pg.query(`INSERT INTO referral (id, case_id, need_id, client_id, from_organization_id, from_user_id, service_id, to_organization_id, urgency, status, version, sent_at, accept_by, answered_at, appointment_at, shared_categories, share_mode)
      SELECT referral_id, case_id, need_id, client_id, organization_id, user_id, service_id, to_organization_id, 'ROUTINE', 'ACCEPTED', 3, now(), now() + interval '3 days', now(), now() + interval '2 days', ARRAY['IDENTITY', 'NEEDS_SUMMARY'], 'CONSENT' FROM bench_ref`);
    await pg.query(`VACUUM ANALYZE user_account, client, client_case, need, referral, service, organization, follow_up`);
  }
  const ids: string[] = (await pg.query(`SELECT referral_id FROM bench_ref ORDER BY n`)).rows.map((r) => r.referral_id);
  const scheduler = new FollowUpScheduler(loadConfig(), null as never, null as never);
  const tx = { query: (sql: string, params?: unknown[]) => pg.query(sql, params).then((r) => r.rows) } as unknown as EntityManager;
  const pid = (await pg.query(`SELECT pg_backend_pid() AS pid`)).rows[0].pid;
  for (let round = 0; round < o.rounds; round++) {
    await pg.query(`TRUNCATE follow_up_event, follow_up`);
    await pg.query(`VACUUM referral`);
    const c0 = cpu(pid); const t0 = Date.now(); let created = 0;
    for (let i = 0; i < ids.length; i += o.perTransaction) {
      await pg.query('BEGIN');
      created += (await scheduler.applyReferrals(tx, ids.slice(i, i + o.perTransaction), new Date())).created;
      await pg.query('COMMIT');
    }
    const ms = Date.now() - t0; const dbMs = cpu(pid) - c0;
    log(`round ${round}: ${created} tasks, wall ${ms} ms = ${(created / ms * 1000).toFixed(0)} tasks/s on one connection; backend CPU ${dbMs} ms = ${(dbMs / created * 1000).toFixed(0)} us per task (${(created / dbMs * 1000).toFixed(0)} tasks per CPU second); load ${load()}`);
  }
  await pg.end();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
