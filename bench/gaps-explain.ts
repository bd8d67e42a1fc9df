/**
 * `npm run bench:gaps-explain -- [--db rujuk_bench_gaps] [--scope 12.78] [--plain] [--compare FILE] [--work-mem 64MB]`: EXPLAIN
 * (ANALYZE, BUFFERS) of the gap snapshot statement on the bench database (`--plain`: run it without EXPLAIN), in a
 * transaction that is rolled back, with the wall time and the database backend's CPU time (from /proc, which a
 * loaded machine inflates less than wall time). `--compare FILE`: also run the snapshotSql() exported by FILE (an
 * earlier version of gap-analysis.sql.ts, e.g. `git show COMMIT:src/gaps/gap-analysis.sql.ts > src/gaps/old.sql.ts`,
 * not committed) in the same transaction, then compare every cell of the two snapshots.
 */
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { snapshotSql } from '../src/gaps/gap-analysis.sql';
import { databaseUrl, loadAverage, parseFlags } from './bench-kit';

const DEFAULTS = { db: 'rujuk_bench_gaps', scope: '', plain: false, compare: '', workMem: '64MB' };

function backendCpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

const CELL = `level, region_code, need_category, service_type, needs, open_needs, unmatched_needs, referrals_sent, accepted, declined,
  supply_declines, capacity_declines, expired, decided, covering_services, capacity_reporting, capacity_available, capacity_maximum,
  acceptance_rate, median_accept_hours, p90_accept_hours, gap_level, gap_reason, level_rank`;

async function main(): Promise<void> {
  const o = parseFlags(process.argv.slice(2), DEFAULTS);
  const pg = new Client({ connectionString: databaseUrl(o.db) });
  await pg.connect();
  const { rows: [{ pid }] } = await pg.query('SELECT pg_backend_pid() AS pid');
  await pg.query('BEGIN');
  try {
    await pg.query(`SET LOCAL work_mem = '${o.workMem}'`);
    await pg.query(`SET LOCAL jit = off`);
    const newRun = async () => (await pg.query(`INSERT INTO gap_analysis_run (region_code, window_days, status) VALUES (nullif($1, ''), 90, 'SUCCEEDED') RETURNING id`, [o.scope])).rows[0].id as string;
    const timed = async (label: string, sql: string, explain: boolean) => {
      const run = await newRun();
      const cpu0 = backendCpuMs(pid);
      const t0 = Date.now();
      const { rows } = await pg.query(`${explain ? 'EXPLAIN (ANALYZE, BUFFERS) ' : ''}${sql}`, [run, 90, o.scope]);
      const wall = Date.now() - t0;
      const cpu = backendCpuMs(pid) - cpu0;
      if (explain) for (const r of rows) console.log(r['QUERY PLAN']);
      console.log(`${label} scope '${o.scope}': wall ${wall} ms, backend CPU ${cpu} ms, load ${loadAverage()}`);
      return run;
    };
    const current = await timed('current', snapshotSql(o.scope !== ''), !o.plain && !o.compare);
    if (o.compare) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const earlier = (require(o.compare) as { snapshotSql: (scoped: boolean) => string }).snapshotSql;
      const before = await timed('earlier', earlier(o.scope !== ''), false);
      const { rows: [diff] } = await pg.query(`
        SELECT (SELECT count(*) FROM gap_snapshot_cell WHERE run_id = $1)::int AS current,
               (SELECT count(*) FROM gap_snapshot_cell WHERE run_id = $2)::int AS earlier,
               (SELECT count(*) FROM (SELECT ${CELL} FROM gap_snapshot_cell WHERE run_id = $1 EXCEPT ALL SELECT ${CELL} FROM gap_snapshot_cell WHERE run_id = $2) d)::int AS only_current,
               (SELECT count(*) FROM (SELECT ${CELL} FROM gap_snapshot_cell WHERE run_id = $2 EXCEPT ALL SELECT ${CELL} FROM gap_snapshot_cell WHERE run_id = $1) d)::int AS only_earlier`,
        [current, before]);
      console.log(`cells: current ${diff.current}, earlier ${diff.earlier}; only in current ${diff.only_current}, only in earlier ${diff.only_earlier}`);
    }
  } finally {
    await pg.query('ROLLBACK');
    await pg.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
