/**
 * `npm run bench:search [-- --services 100000 --duration 15 --warmup 10 --rounds 3 --users 200 --sql-requests 3000
 *                          --port 3917 --api-processes <cores> --against <dir> --regenerate --skip-build --db rujuk_bench]`
 *
 * 1. Creates (once) a bench database, runs the project's migrations on it, and fills it with a synthetic directory
 *    of --services services (synthetic-directory.ts), reusing it when it already holds that many.
 * 2. Runs the search SQL (buildServiceSearch, the identical statement the API runs) through `pg`, sequentially
 *    and at concurrency 5, as the API runs it: every bench filter names a region, so the statement has a fixed
 *    plan and runs as a named prepared statement on connections forcing the generic plan (generic-plans.ts).
 * 3. Builds the API (`npm run build`), starts it as a child process as production runs it (NODE_ENV=production,
 *    LOG_LEVEL=info as the shipped compose file sets it, RUN_MIGRATIONS=false, API_PROCESSES=--api-processes:
 *    one per core, as documented for a host) and, beside it, the bare baseline (bare-server.ts: the same
 *    services without the framework) on --port + 100. Both must answer a sample of requests with deep-equal data.
 * 4. Drives `searchServices` over HTTP with autocannon, alternating Rujuk and the bare server (ab.ts): a warm-up
 *    of --warmup s each, then --rounds rounds of --duration s at concurrency 20 and 5 each; every request a
 *    different filter (request-pool.ts) as the next of --users bench case managers.
 * 5. Prints p50/p95/p99, requests/s and the API/SQL ratio (writes bench/results/search-<services>.json), then
 *    each figure of Rujuk and the bare server with its Rujuk/bare ratio and the ratio targets
 *    (bench/results/search-<services>-ab.json).
 *    With --against <dir> (a directory holding another build's output, e.g. `cp -r dist .bench-dist/before` on
 *    another commit), that build runs in place of the bare server: an A/B of a change in one run
 *    (search-<services>-against.json; the ratios are this build's over that one's).
 */
import { cpus } from 'node:os';
import { Client, Pool } from 'pg';
import { GENERIC_PLAN_OPTIONS, preparedStatement } from '../src/database/generic-plans';
import { buildServiceSearch, searchCriteria } from '../src/directory/service-search.query';
import {
  reportRuns,
  benchDatabaseName, benchUserTokens, buildApi, databaseUrl, ensureDatabase, ensureDirectory, graphql, loadAverage,
  log, machineDescription, parseFlags, sqlRun, startApi, stopApi,
} from './bench-kit';
import { abRounds, checkSameAnswers, reportAb, startBare } from './ab';
import { buildRequestPool, SEARCH_QUERY, SearchFilter } from './request-pool';
import { RunResult, table } from './stats';

const DEFAULTS = {
  services: 100_000, duration: 15, warmup: 10, rounds: 3, users: 200, sqlRequests: 3000, port: 3917, regenerate: false, skipBuild: false,
  db: '', against: '', poolSize: 10, pageSize: 20, apiProcesses: cpus().length,
};
type Options = typeof DEFAULTS;

function parseArgs(argv: string[]): Options {
  const o = parseFlags(argv, DEFAULTS);
  o.db = benchDatabaseName(o.services, o.db);
  return o;
}


function sqlFor(f: SearchFilter, pageSize: number) {
  const { sql, params, fixedPlan } = buildServiceSearch(searchCriteria(f), pageSize, 0);
  if (!fixedPlan) throw new Error(`bench filter without a fixed plan: ${JSON.stringify(f)}`);
  return preparedStatement(sql, params);
}

const sqlStatements = (filters: SearchFilter[], pageSize: number) => (i: number) => sqlFor(filters[i % filters.length], pageSize);

function apiBodies(filters: SearchFilter[], pageSize: number): () => string {
  let i = Math.floor(Math.random() * filters.length);
  return () => JSON.stringify({ query: SEARCH_QUERY, variables: { f: filters[i++ % filters.length], first: pageSize } });
}

/** One request through the API and the same statement through pg must return the same services. */
async function checkIdentical(o: Options, token: string, pool: Pool, filters: SearchFilter[]): Promise<{ hits: number; checked: number }> {
  let hits = 0;
  const n = Math.min(50, filters.length);
  for (const f of filters.slice(0, n)) {
    const data = await graphql<{ searchServices: { totalCount: number; edges: { node: { id: string } }[] } }>(
      o.port, token, SEARCH_QUERY, { f, first: o.pageSize },
    );
    const { rows } = await pool.query(sqlFor(f, o.pageSize));
    const apiIds = data.searchServices.edges.map((e) => e.node.id).join(',');
    const sqlIds = rows.map((r: { id: string }) => r.id).join(',');
    if (apiIds !== sqlIds) throw new Error(`API and SQL disagree for ${JSON.stringify(f)}`);
    hits += data.searchServices.totalCount;
  }
  return { hits: hits / n, checked: n };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const machine = machineDescription();
  log(`bench:search on ${machine}, load average ${loadAverage()}`);
  await ensureDatabase(o.db);
  const pg = new Client({ connectionString: databaseUrl(o.db) });
  await pg.connect();
  const generation = await ensureDirectory(pg, o.db, o.services, o.regenerate);
  const { tokens, userIds } = await benchUserTokens(pg, o.users);
  const token = tokens[0];
  const filters = await buildRequestPool(pg, 5000);
  const pgVersion = (await pg.query(`SHOW server_version`)).rows[0].server_version as string;
  await pg.end();

  const pool = new Pool({ connectionString: databaseUrl(o.db), max: 5, options: GENERIC_PLAN_OPTIONS });
  const results: RunResult[] = [];
  log('SQL: warm-up');
  const statements = sqlStatements(filters, o.pageSize);
  await sqlRun(pool, statements, 500, 2, 'warm-up');
  results.push(await sqlRun(pool, statements, o.sqlRequests, 1, 'SQL (pg)', { db: o.db }));
  results.push(await sqlRun(pool, statements, o.sqlRequests, 5, 'SQL (pg)', { db: o.db }));

  if (!o.skipBuild) buildApi();
  const api = await startApi({ ...o, logLevel: 'info' });
  let bare: Awaited<ReturnType<typeof startBare>> | undefined;
  let check: { hits: number; checked: number };
  let ab: Awaited<ReturnType<typeof abRounds>>;
  try {
    bare = o.against
      // BENCH_AGAINST_LOG_LEVEL=warn with --against dist: what request logging at info costs.
      ? await startApi({ ...o, port: o.port + 100, logLevel: process.env.BENCH_AGAINST_LOG_LEVEL ?? 'info', dist: o.against })
      : await startBare({ ...o, port: o.port + 100, userId: userIds[0] });
    check = await checkIdentical(o, token, pool, filters);
    log(`API and SQL return the same services for ${check.checked} filters (mean totalCount ${check.hits.toFixed(1)})`);
    const rujuk = { name: 'Rujuk', port: o.port, pid: api.pid! };
    const bareSide = { name: o.against ? 'other' : 'bare', port: o.port + 100, pid: bare.pid! };
    const same = await checkSameAnswers({
      rujuk, bare: bareSide, headers: { authorization: `Bearer ${token}` },
      bodies: filters.slice(0, 50).map((f) => JSON.stringify({ query: SEARCH_QUERY, variables: { f, first: o.pageSize } })),
    });
    log(`Rujuk and the bare server return deep-equal data for ${same} filters`);
    ab = await abRounds({ rujuk, bare: bareSide, tokens, body: apiBodies(filters, o.pageSize), headers: {}, warmup: o.warmup, duration: o.duration, rounds: o.rounds, db: o.db });
    // The table below shows Rujuk's runs of the round with the median throughput.
    const mid = [...ab.rounds].sort((a, b) => a.rujuk20.rps - b.rujuk20.rps)[Math.floor(ab.rounds.length / 2)];
    results.push({ ...mid.rujuk5, name: 'API (HTTP)' }, { ...mid.rujuk20, name: 'API (HTTP)' });
  } finally {
    await stopApi(api);
    if (bare) await stopApi(bare);
    await pool.end();
  }

  reportRuns({
    name: `search-${o.services}`, results, log, table, data: { machine, pgVersion, options: o, generation, check },
    heading: [`searchServices at ${o.services} services (${o.db}), PostgreSQL ${pgVersion}, ${machine}`, 'filter: text + needCategories + regionCode (village) + near (5-25 km), 20 per page, varied per request',
      `API_PROCESSES=${o.apiProcesses}, LOG_LEVEL=info, ${tokens.length} users; API runs: Rujuk's of the round with the median throughput`],
    targets: ([sql1, , api5, api20]) => [
      ['SQL p99 < 5 ms (sequential)', sql1.p99 < 5, `${sql1.p99.toFixed(2)} ms`],
      ['API c=5 p50 < 10 ms', api5.p50 < 10, `${api5.p50.toFixed(2)} ms`],
      ['API c=5 p99 < 25 ms', api5.p99 < 25, `${api5.p99.toFixed(2)} ms`],
      ['API c=20 >= 500 req/s', api20.rps >= 500, `${api20.rps.toFixed(0)} req/s`],
    ],
  });
  reportAb({
    name: `search-${o.services}-${o.against ? 'against' : 'ab'}`, other: o.against ? 'other' : 'bare', figures: ab.figures, rounds: ab.rounds, data: { machine, pgVersion, options: o },
    heading: [`searchServices, Rujuk against ${o.against ? `the build in ${o.against}` : 'the bare server'} (${o.rounds} alternating rounds of ${o.duration} s after ${o.warmup} s of warm-up each;`
      + ` API_PROCESSES=${o.apiProcesses}, LOG_LEVEL=info, ${tokens.length} users), load average now ${loadAverage()}`],
    targets: (f) => [
      ['throughput c=20 >= 0.85x bare', f['throughput c=20'].ratio >= 0.85, `${f['throughput c=20'].ratio.toFixed(2)}x`],
      ['p99 c=5 <= 1.3x bare', f['p99 c=5'].ratio <= 1.3, `${f['p99 c=5'].ratio.toFixed(2)}x`],
      ['API CPU per request c=20 <= 1.3x bare', f['API CPU per request c=20'].ratio <= 1.3, `${f['API CPU per request c=20'].ratio.toFixed(2)}x`],
    ],
  });
}

main().catch((err) => {
  process.stderr.write(`bench:search failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
