/**
 * `npm run bench:search [-- --services 100000 --duration 15 --warmup 5 --sql-requests 3000 --port 3917
 *                          --regenerate --skip-build --db rujuk_bench]`
 *
 * 1. Creates (once) a bench database, runs the project's migrations on it, and fills it with a synthetic directory
 *    of --services services (synthetic-directory.ts), reusing it when it already holds that many.
 * 2. Runs the search SQL (buildServiceSearch, the identical statement the API runs) through `pg`, sequentially
 *    and at concurrency 5, as unnamed statements like TypeORM's.
 * 3. Builds the API (`npm run build`), starts it as a child process (NODE_ENV=production, LOG_LEVEL=warn,
 *    RUN_MIGRATIONS=false) and drives `searchServices` over HTTP with autocannon at concurrency 5 and 20,
 *    authenticated as a bench case manager, every request a different filter (request-pool.ts).
 * 4. Prints p50/p95/p99, requests/s and the API/SQL ratio, and writes bench/results/search-<services>.json.
 */
import 'reflect-metadata';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { JwtService } from '@nestjs/jwt';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { buildServiceSearch, searchCriteria } from '../src/directory/service-search.query';
import { buildRequestPool, SearchFilter } from './request-pool';
import { RunResult, summarise, table } from './stats';
import { existingSize, generateDirectory, GENERATOR_VERSION } from './synthetic-directory';

const ROOT = join(__dirname, '..');

interface Options {
  services: number;
  duration: number;
  warmup: number;
  sqlRequests: number;
  port: number;
  regenerate: boolean;
  skipBuild: boolean;
  db: string;
  poolSize: number;
  pageSize: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    services: 100_000, duration: 15, warmup: 5, sqlRequests: 3000, port: 3917, regenerate: false, skipBuild: false,
    db: '', poolSize: 10, pageSize: 20,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = () => {
      const n = Number(next().replace(/_/g, ''));
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a non-negative integer`);
      return n;
    };
    switch (flag) {
      case '--services': o.services = int(); break;
      case '--duration': o.duration = int(); break;
      case '--warmup': o.warmup = int(); break;
      case '--sql-requests': o.sqlRequests = int(); break;
      case '--port': o.port = int(); break;
      case '--pool-size': o.poolSize = int(); break;
      case '--page-size': o.pageSize = int(); break;
      case '--db': o.db = next(); break;
      case '--regenerate': o.regenerate = true; break;
      case '--skip-build': o.skipBuild = true; break;
      default: throw new Error(`unknown flag ${flag}`);
    }
  }
  if (o.services < 1) throw new Error('--services must be at least 1');
  o.db ||= o.services === 100_000 ? 'rujuk_bench' : `rujuk_bench_${o.services}`;
  if (!/^rujuk_bench[a-z0-9_]*$/.test(o.db)) throw new Error('--db must start with rujuk_bench (the bench only touches its own databases)');
  return o;
}

const log = (msg: string) => process.stdout.write(`${msg}\n`);

function databaseUrl(db: string): string {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${db}`;
  return url.toString();
}

async function ensureDatabase(o: Options): Promise<void> {
  const admin = new Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  const { rowCount } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [o.db]);
  if (!rowCount) {
    log(`creating database ${o.db}`);
    await admin.query(`CREATE DATABASE ${o.db}`);
  }
  await admin.end();
  const ds = new DataSource(dataSourceOptions(databaseUrl(o.db)));
  await ds.initialize();
  const ran = await ds.runMigrations();
  if (ran.length) log(`migrations run: ${ran.map((m) => m.name).join(', ')}`);
  await ds.destroy();
}

async function ensureData(o: Options, pg: Client): Promise<unknown> {
  const have = await existingSize(pg);
  if (!o.regenerate && have && have.services === o.services && have.version === GENERATOR_VERSION) {
    log(`reusing ${o.db}: ${have.services} services already generated`);
    await pg.query(`ANALYZE service, location, service_at_location, organization`);
    return null;
  }
  log(`generating ${o.services} services in ${o.db} ...`);
  const report = await generateDirectory(pg, o.services, log);
  log(`generated in ${report.seconds.total.toFixed(1)} s: ${report.organizations} organisations, ${report.locations} locations`);
  return report;
}

const JWT_SECRET = 'rujuk-bench-secret-rujuk-bench-secret-0123456789';

async function benchUserToken(pg: Client): Promise<string> {
  const email = 'bench-case-manager@rujuk.invalid';
  let { rows } = await pg.query(`SELECT id FROM user_account WHERE lower(email) = $1`, [email]);
  if (!rows.length) {
    ({ rows } = await pg.query(
      `INSERT INTO user_account (email, name, password_hash, role, organization_id)
       VALUES ($1, 'Bench Case Manager', '!no-login', 'CASE_MANAGER', (SELECT id FROM organization WHERE partner_kind = 'LK3' ORDER BY id LIMIT 1))
       RETURNING id`,
      [email],
    ));
  }
  // Signed as IdentityModule signs (HS256, issuer rujuk) with the secret the child API is given.
  return new JwtService({ secret: JWT_SECRET }).sign({ sub: rows[0].id, role: 'CASE_MANAGER' }, { algorithm: 'HS256', issuer: 'rujuk', expiresIn: 3600 * 4 });
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
  return buildServiceSearch(searchCriteria(f), pageSize, 0);
}

async function sqlRun(pool: Pool, filters: SearchFilter[], requests: number, concurrency: number, pageSize: number, name: string): Promise<RunResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const { sql, params } = sqlFor(filters[next++ % filters.length], pageSize);
        const s = process.hrtime.bigint();
        try {
          await pool.query(sql, params);
        } catch (err) {
          errors++;
          if (errors === 1) log(`SQL error: ${(err as Error).message}`);
        }
        latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
    }),
  );
  return summarise(name, concurrency, latencies, Number(process.hrtime.bigint() - t0) / 1e9, errors);
}

async function startApi(o: Options): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      RUN_MIGRATIONS: 'false',
      PORT: String(o.port),
      DATABASE_URL: databaseUrl(o.db),
      DATABASE_POOL_SIZE: String(o.poolSize),
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: '{rujuk-bench}',
      JWT_SECRET,
      RATE_LIMIT_PER_MINUTE: '1000000',
      // Production refuses to start without one; the bench database holds no client data.
      DATA_ENCRYPTION_KEY: process.env.BENCH_DATA_ENCRYPTION_KEY ?? randomBytes(32).toString('hex'),
      ADMIN_EMAIL: '',
      ADMIN_PASSWORD: '',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`API exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${o.port}/readyz`);
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGTERM');
  throw new Error('API did not become ready within 60 s');
}

async function apiRun(o: Options, token: string, filters: SearchFilter[], connections: number, duration: number, name: string): Promise<RunResult> {
  let i = Math.floor(Math.random() * filters.length);
  const latencies: number[] = [];
  let errors = 0;
  const options: autocannon.Options = {
    url: `http://127.0.0.1:${o.port}`,
    connections,
    duration,
    requests: [{
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: GRAPHQL, variables: { f: filters[i++ % filters.length], first: o.pageSize } }) }),
      onResponse: (status, body) => {
        if (status !== 200 || body.startsWith('{"errors"') || body.includes('"errors":[')) {
          errors++;
          if (errors === 1) log(`API error ${status}: ${body.slice(0, 300)}`);
        }
      },
    }],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  return summarise(name, connections, latencies, result.duration ?? duration, errors + result.non2xx + result.errors + result.timeouts);
}

/** One request through the API and the same statement through pg must return the same services. */
async function checkIdentical(o: Options, token: string, pool: Pool, filters: SearchFilter[]): Promise<{ hits: number; checked: number }> {
  let hits = 0;
  const n = Math.min(50, filters.length);
  for (const f of filters.slice(0, n)) {
    const res = await fetch(`http://127.0.0.1:${o.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: GRAPHQL, variables: { f, first: o.pageSize } }),
    });
    const body = (await res.json()) as { data?: { searchServices: { totalCount: number; edges: { node: { id: string } }[] } }; errors?: unknown };
    if (!body.data) throw new Error(`API search failed: ${JSON.stringify(body.errors)}`);
    const { sql, params } = sqlFor(f, o.pageSize);
    const { rows } = await pool.query(sql, params);
    const apiIds = body.data.searchServices.edges.map((e) => e.node.id).join(',');
    const sqlIds = rows.map((r: { id: string }) => r.id).join(',');
    if (apiIds !== sqlIds) throw new Error(`API and SQL disagree for ${JSON.stringify(f)}`);
    hits += body.data.searchServices.totalCount;
  }
  return { hits: hits / n, checked: n };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  log(`bench:search on ${machine}`);
  await ensureDatabase(o);
  const pg = new Client({ connectionString: databaseUrl(o.db) });
  await pg.connect();
  const generation = await ensureData(o, pg);
  const token = await benchUserToken(pg);
  const filters = await buildRequestPool(pg, 5000);
  const pgVersion = (await pg.query(`SHOW server_version`)).rows[0].server_version as string;
  await pg.end();

  const pool = new Pool({ connectionString: databaseUrl(o.db), max: 5 });
  const results: RunResult[] = [];
  log('SQL: warm-up');
  await sqlRun(pool, filters, 500, 2, o.pageSize, 'warm-up');
  results.push(await sqlRun(pool, filters, o.sqlRequests, 1, o.pageSize, 'SQL (pg)'));
  results.push(await sqlRun(pool, filters, o.sqlRequests, 5, o.pageSize, 'SQL (pg)'));

  if (!o.skipBuild) {
    log('building the API (npm run build)');
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  log(`starting the API on port ${o.port}`);
  const api = await startApi(o);
  let check: { hits: number; checked: number };
  try {
    check = await checkIdentical(o, token, pool, filters);
    log(`API and SQL return the same services for ${check.checked} filters (mean totalCount ${check.hits.toFixed(1)})`);
    log(`API: warm-up ${o.warmup} s`);
    await apiRun(o, token, filters, 5, o.warmup, 'warm-up');
    for (const c of [5, 20]) {
      log(`API: concurrency ${c} for ${o.duration} s`);
      results.push(await apiRun(o, token, filters, c, o.duration, 'API (HTTP)'));
    }
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    await pool.end();
  }

  const [sql1, sql5, api5, api20] = results;
  log('');
  log(`searchServices at ${o.services} services (${o.db}), PostgreSQL ${pgVersion}, ${machine}`);
  log('filter: text + needCategories + regionCode (village) + near (5-25 km), 20 per page, varied per request');
  log('');
  log(table(results));
  log('');
  log(`API/SQL ratio at concurrency 5: p50 ${(api5.p50 / sql5.p50).toFixed(1)}x, p99 ${(api5.p99 / sql5.p99).toFixed(1)}x, throughput ${(sql5.rps / api5.rps).toFixed(1)}x`);
  const targets = [
    ['SQL p99 < 5 ms (sequential)', sql1.p99 < 5, `${sql1.p99.toFixed(2)} ms`],
    ['API c=5 p50 < 10 ms', api5.p50 < 10, `${api5.p50.toFixed(2)} ms`],
    ['API c=5 p99 < 25 ms', api5.p99 < 25, `${api5.p99.toFixed(2)} ms`],
    ['API c=20 >= 500 req/s', api20.rps >= 500, `${api20.rps.toFixed(0)} req/s`],
    ['no errors', results.every((r) => r.errors === 0), `${results.reduce((a, r) => a + r.errors, 0)} errors`],
  ] as const;
  log('');
  for (const [label, ok, value] of targets) log(`${ok ? 'MET    ' : 'MISSED '} ${label}: ${value}`);

  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `search-${o.services}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), machine, pgVersion, options: o, generation, check, results }, null, 2));
  log(`\nresults written to ${file}`);
  if (!targets.every(([, ok]) => ok)) process.exitCode = 2;
}

main().catch((err) => {
  process.stderr.write(`bench:search failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
