/**
 * `npm run bench:search [-- --services 100000 --duration 15 --warmup 5 --sql-requests 3000 --port 3917
 *                          --regenerate --skip-build --db rujuk_bench]`
 *
 * 1. Creates (once) a bench database, runs the project's migrations on it, and fills it with a synthetic directory
 *    of --services services (synthetic-directory.ts), reusing it when it already holds that many.
 * 2. Runs the search SQL (buildServiceSearch, the identical statement the API runs) through `pg`, sequentially
 *    and at concurrency 5, as the API runs it: every bench filter names a region, so the statement has a fixed
 *    plan and runs as a named prepared statement on connections forcing the generic plan (generic-plans.ts).
 * 3. Builds the API (`npm run build`), starts it as a child process (NODE_ENV=production, LOG_LEVEL=warn,
 *    RUN_MIGRATIONS=false) and drives `searchServices` over HTTP with autocannon at concurrency 5 and 20,
 *    authenticated as a bench case manager, every request a different filter (request-pool.ts).
 * 4. Prints p50/p95/p99, requests/s and the API/SQL ratio, and writes bench/results/search-<services>.json.
 */
import { Client, Pool } from 'pg';
import { GENERIC_PLAN_OPTIONS, preparedStatement } from '../src/database/generic-plans';
import { buildServiceSearch, searchCriteria } from '../src/directory/service-search.query';
import {
  reportRuns,
  apiRun, benchDatabaseName, benchUserToken, buildApi, databaseUrl, ensureDatabase, ensureDirectory, graphql, loadAverage,
  log, machineDescription, parseFlags, sqlRun, startApi, stopApi,
} from './bench-kit';
import { buildRequestPool, SearchFilter } from './request-pool';
import { RunResult, table } from './stats';

const DEFAULTS = {
  services: 100_000, duration: 15, warmup: 5, sqlRequests: 3000, port: 3917, regenerate: false, skipBuild: false,
  db: '', poolSize: 10, pageSize: 20,
};
type Options = typeof DEFAULTS;

function parseArgs(argv: string[]): Options {
  const o = parseFlags(argv, DEFAULTS);
  o.db = benchDatabaseName(o.services, o.db);
  return o;
}

const GRAPHQL = `query Search($f: ServiceSearchFilter, $first: Int) {
  searchServices(filter: $f, first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name needCategories serviceTypes distanceKm free acceptsReferrals hasCapacity
                   capacity { available maximum unit } organization { id name } } }
  }
}`;

function sqlFor(f: SearchFilter, pageSize: number) {
  const { sql, params, fixedPlan } = buildServiceSearch(searchCriteria(f), pageSize, 0);
  if (!fixedPlan) throw new Error(`bench filter without a fixed plan: ${JSON.stringify(f)}`);
  return preparedStatement(sql, params);
}

const sqlStatements = (filters: SearchFilter[], pageSize: number) => (i: number) => sqlFor(filters[i % filters.length], pageSize);

function apiBodies(filters: SearchFilter[], pageSize: number): () => string {
  let i = Math.floor(Math.random() * filters.length);
  return () => JSON.stringify({ query: GRAPHQL, variables: { f: filters[i++ % filters.length], first: pageSize } });
}

/** One request through the API and the same statement through pg must return the same services. */
async function checkIdentical(o: Options, token: string, pool: Pool, filters: SearchFilter[]): Promise<{ hits: number; checked: number }> {
  let hits = 0;
  const n = Math.min(50, filters.length);
  for (const f of filters.slice(0, n)) {
    const data = await graphql<{ searchServices: { totalCount: number; edges: { node: { id: string } }[] } }>(
      o.port, token, GRAPHQL, { f, first: o.pageSize },
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
  const token = await benchUserToken(pg);
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
  const api = await startApi(o);
  let check: { hits: number; checked: number };
  try {
    check = await checkIdentical(o, token, pool, filters);
    log(`API and SQL return the same services for ${check.checked} filters (mean totalCount ${check.hits.toFixed(1)})`);
    log(`API: warm-up ${o.warmup} s`);
    const body = apiBodies(filters, o.pageSize);
    await apiRun({ port: o.port, token, connections: 5, duration: o.warmup, name: 'warm-up', body });
    for (const c of [5, 20]) {
      log(`API: concurrency ${c} for ${o.duration} s`);
      results.push(await apiRun({ port: o.port, token, connections: c, duration: o.duration, name: 'API (HTTP)', body, cpu: { apiPid: api.pid, db: o.db } }));
    }
  } finally {
    await stopApi(api);
    await pool.end();
  }

  reportRuns({
    name: `search-${o.services}`, results, log, table, data: { machine, pgVersion, options: o, generation, check },
    heading: [`searchServices at ${o.services} services (${o.db}), PostgreSQL ${pgVersion}, ${machine}`, 'filter: text + needCategories + regionCode (village) + near (5-25 km), 20 per page, varied per request'],
    targets: ([sql1, , api5, api20]) => [
      ['SQL p99 < 5 ms (sequential)', sql1.p99 < 5, `${sql1.p99.toFixed(2)} ms`],
      ['API c=5 p50 < 10 ms', api5.p50 < 10, `${api5.p50.toFixed(2)} ms`],
      ['API c=5 p99 < 25 ms', api5.p99 < 25, `${api5.p99.toFixed(2)} ms`],
      ['API c=20 >= 500 req/s', api20.rps >= 500, `${api20.rps.toFixed(0)} req/s`],
    ],
  });
}

main().catch((err) => {
  process.stderr.write(`bench:search failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
