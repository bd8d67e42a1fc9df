/**
 * What the HTTP benchmarks share: flags, the bench database (created, migrated and filled with the synthetic
 * directory once), the bench case manager's token, the API as a child process, and the two drivers: a statement
 * through `pg` at a given concurrency, and a GraphQL request over HTTP with autocannon.
 */
import 'reflect-metadata';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { JwtService } from '@nestjs/jwt';
import { Client, Pool, QueryConfig } from 'pg';
import { DataSource } from 'typeorm';
import { ALL_LISTENING } from '../src/api-processes';
import { dataSourceOptions } from '../src/database/data-source-options';
import { RunResult, summarise } from './stats';
import { existingSize, generateDirectory, GENERATOR_VERSION } from './synthetic-directory';

export const ROOT = join(__dirname, '..');

export const log = (msg: string) => process.stdout.write(`${msg}\n`);

/**
 * Parses `--kebab-case value` flags into a copy of `defaults`: a number default takes a non-negative integer
 * (underscores allowed: 100_000), a string default takes the next word, a boolean default is a switch.
 */
export function parseFlags<T extends Record<string, number | string | boolean>>(argv: string[], defaults: T): T {
  const o: Record<string, number | string | boolean> = { ...defaults };
  const keyOf = new Map(Object.keys(defaults).map((k) => [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, k]));
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const key = keyOf.get(flag);
    if (!key) throw new Error(`unknown flag ${flag} (known: ${[...keyOf.keys()].join(' ')})`);
    if (typeof defaults[key] === 'boolean') {
      o[key] = true;
      continue;
    }
    const v = argv[++i];
    if (v === undefined) throw new Error(`${flag} needs a value`);
    if (typeof defaults[key] === 'number') {
      const n = Number(v.replace(/_/g, ''));
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a non-negative integer`);
      o[key] = n;
    } else {
      o[key] = v;
    }
  }
  return o as T;
}

/** rujuk_bench for 100,000 services, rujuk_bench_<n> otherwise; the benches only touch rujuk_bench* databases. */
export function benchDatabaseName(services: number, db: string): string {
  if (services < 1) throw new Error('--services must be at least 1');
  const name = db || (services === 100_000 ? 'rujuk_bench' : `rujuk_bench_${services}`);
  // rujuk_bench* or rujuk_<name>_bench* (a developer's own bench databases beside others' on a shared server).
  if (!/^rujuk_([a-z0-9]+_)?(bench|perf)[a-z0-9_]*$/.test(name)) throw new Error('--db must start with rujuk_bench or rujuk_<name>_bench (the bench only touches its own databases)');
  return name;
}

export function databaseUrl(db: string): string {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${db}`;
  return url.toString();
}

export function machineDescription(): string {
  return `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

export const loadAverage = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

/** Creates the database if missing and runs the project's migrations on it. */
export async function ensureDatabase(db: string): Promise<void> {
  const admin = new Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  const { rowCount } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [db]);
  if (!rowCount) {
    log(`creating database ${db}`);
    await admin.query(`CREATE DATABASE ${db}`);
  }
  await admin.end();
  const ds = new DataSource(dataSourceOptions(databaseUrl(db)));
  await ds.initialize();
  const ran = await ds.runMigrations();
  if (ran.length) log(`migrations run: ${ran.map((m) => m.name).join(', ')}`);
  const [{ services }] = await ds.query(`SELECT count(*)::int AS services FROM service`);
  if (ran.length && services > 0) {
    // A migration that rewrote directory rows (a new derived column, say) leaves their old versions behind, and
    // autovacuum is off on these machines: compact the tables, as a freshly generated directory is.
    log('compacting the directory tables after the migrations (VACUUM FULL ANALYZE)');
    for (const table of ['organization', 'location', 'service', 'service_match_row', 'service_at_location']) await ds.query(`VACUUM FULL ANALYZE ${table}`);
  }
  await ds.destroy();
}

/** Generates the synthetic directory unless the database already holds `services` of this generator's version. */
export async function ensureDirectory(pg: Client, db: string, services: number, regenerate: boolean): Promise<unknown> {
  const have = await existingSize(pg);
  if (!regenerate && have && have.services === services && have.version === GENERATOR_VERSION) {
    log(`reusing ${db}: ${have.services} services already generated`);
    await pg.query(`ANALYZE service, location, service_at_location, organization`);
    return null;
  }
  log(`generating ${services} services in ${db} ...`);
  const report = await generateDirectory(pg, services, log);
  log(`generated in ${report.seconds.total.toFixed(1)} s: ${report.organizations} organisations, ${report.locations} locations`);
  return report;
}

const JWT_SECRET = 'rujuk-bench-secret-rujuk-bench-secret-0123456789';

/** A bench case manager (inserted once) and a token for it, signed as IdentityModule signs with the child API's secret. */
export async function benchUserToken(pg: Client): Promise<string> {
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
  return new JwtService({ secret: JWT_SECRET }).sign({ sub: rows[0].id, role: 'CASE_MANAGER' }, { algorithm: 'HS256', issuer: 'rujuk', expiresIn: 3600 * 4 });
}

/**
 * `count` bench case managers (the first is benchUserToken's) and a token for each: requests spread over many
 * users, as in real use, so the API's per-user state (its viewer cache, the rate limiter's keys) is as spread.
 */
export async function benchUserTokens(pg: Client, count: number): Promise<{ tokens: string[]; userIds: string[] }> {
  const first = await benchUserToken(pg);
  await pg.query(
    `INSERT INTO user_account (email, name, password_hash, role, organization_id)
     SELECT 'bench-case-manager-' || i || '@rujuk.invalid', 'Bench Case Manager ' || i, '!no-login', 'CASE_MANAGER',
            (SELECT id FROM organization WHERE partner_kind = 'LK3' ORDER BY id LIMIT 1)
       FROM generate_series(1, $1::int - 1) i
     ON CONFLICT DO NOTHING`,
    [count],
  );
  const { rows } = await pg.query(
    `SELECT id FROM user_account WHERE email ~ '^bench-case-manager-[0-9]+@rujuk[.]invalid$' ORDER BY email LIMIT $1`, [count - 1],
  );
  const [{ id: firstId }] = (await pg.query(`SELECT id FROM user_account WHERE email = 'bench-case-manager@rujuk.invalid'`)).rows;
  const jwt = new JwtService({ secret: JWT_SECRET });
  const sign = (id: string) => jwt.sign({ sub: id, role: 'CASE_MANAGER' }, { algorithm: 'HS256', issuer: 'rujuk', expiresIn: 3600 * 4 });
  return { tokens: [first, ...rows.map((r: { id: string }) => sign(r.id))], userIds: [firstId, ...rows.map((r: { id: string }) => r.id)] };
}

export function buildApi(): void {
  log('building the API (npm run build)');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('npm run build failed');
}

const ENCRYPTION_KEY = process.env.BENCH_DATA_ENCRYPTION_KEY ?? randomBytes(32).toString('hex');

/** The environment the API child runs with (also what a bench passes to loadConfig to know the API's settings). */
export function apiEnv(o: { port: number; db: string; poolSize: number; apiProcesses?: number; logLevel?: string }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    // As the Dockerfile's runtime image sets it.
    NODE_OPTIONS: '--max-semi-space-size=64',
    // search and match run at `info`, the shipped configuration's level (docker-compose.yml); the others at warn.
    LOG_LEVEL: o.logLevel ?? 'warn',
    RUN_MIGRATIONS: 'false',
    PORT: String(o.port),
    API_PROCESSES: String(o.apiProcesses ?? 1),
    // Nothing to drain for: the bench stops the API only after its last request.
    SHUTDOWN_DRAIN_SECONDS: process.env.SHUTDOWN_DRAIN_SECONDS ?? '0',
    DATABASE_URL: databaseUrl(o.db),
    DATABASE_POOL_SIZE: String(o.poolSize),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: process.env.BENCH_REDIS_PREFIX ?? '{rujuk-bench}',
    JWT_SECRET,
    RATE_LIMIT_PER_MINUTE: '1000000',
    // Production refuses to start without one; the bench database holds no client data.
    DATA_ENCRYPTION_KEY: ENCRYPTION_KEY,
    ADMIN_EMAIL: '',
    ADMIN_PASSWORD: '',
  };
}

/**
 * Starts `node dist/src/main.js` as in production (no migrations) and waits for /readyz. Its log (stdout) goes
 * to /dev/null, or to the file BENCH_API_LOG names: written either way, as in production, without the bench's
 * own output drowning in request lines at `info`.
 */
export async function startApi(o: {
  port: number; db: string; poolSize: number; apiProcesses?: number; logLevel?: string;
  /** Another build's output directory (in place of dist/: a build of another commit, for an A/B of a change). */
  dist?: string;
}): Promise<ChildProcess> {
  log(`starting the API${o.dist ? ` built in ${o.dist}` : ''} on port ${o.port} (${o.apiProcesses ?? 1} process${(o.apiProcesses ?? 1) > 1 ? 'es' : ''})`);
  // BENCH_API_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the API under load.
  const nodeArgs = process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, resolve(ROOT, o.dist ?? 'dist', 'src/main.js')], {
    cwd: ROOT,
    env: apiEnv(o),
    stdio: ['ignore', openSync(process.env.BENCH_API_LOG ?? '/dev/null', 'a'), 'pipe'],
  });
  // Ready when /readyz answers and, with several processes, all of them listen: /readyz answers as soon as the
  // first does, and a warm-up whose connections all went to it would leave the others cold for the timed runs
  // (their first requests load the region table, open connections and compile: a ~280 ms stall seen at c=5).
  const processes = o.apiProcesses ?? 1;
  let allListening = processes === 1;
  child.stderr!.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    if (!allListening && chunk.toString().includes(ALL_LISTENING(processes))) allListening = true;
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`API exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${o.port}/readyz`);
      if (res.ok && allListening) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGTERM');
  throw new Error('API did not become ready within 60 s');
}

export async function stopApi(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** CPU time (ms) a process has used so far, from /proc (Linux, 100 ticks/s); NaN when it cannot be read. */
export function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** CPU time (ms) of a process and its children (an API primary and its API processes, api-processes.ts). */
export function processTreeCpuMs(pid: number): number {
  let total = processCpuMs(pid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (parent === pid) total += processCpuMs(Number(entry)) || 0;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** CPU time (ms) of each PostgreSQL backend connected to database `db` (their process titles name it), by pid. */
export function databaseCpuMs(db: string): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.includes(` ${db} `)) byPid.set(Number(entry), processCpuMs(Number(entry)) || 0);
    } catch {
      // the process ended meanwhile
    }
  }
  return byPid;
}

/** What to charge a run's CPU time to: the API's processes (when it is one) and the bench database's backends. */
export interface CpuScope { apiPid?: number; db: string }

/** Starts measuring; the returned function gives the CPU ms per request of the API and of the database. */
function cpuMeter(scope: CpuScope | undefined): (requests: number) => Pick<RunResult, 'apiCpuMs' | 'dbCpuMs'> {
  if (!scope) return () => ({});
  const api0 = scope.apiPid ? processTreeCpuMs(scope.apiPid) : NaN;
  const db0 = databaseCpuMs(scope.db);
  // Backends that ended during the run take their time with them: count the ones alive at the end, from
  // when the run started (or from their start).
  return (requests) => {
    let db = 0;
    for (const [pid, ms] of databaseCpuMs(scope.db)) db += ms - (db0.get(pid) ?? 0);
    return { apiCpuMs: scope.apiPid ? (processTreeCpuMs(scope.apiPid) - api0) / requests : undefined, dbCpuMs: db / requests };
  };
}

/**
 * Runs `requests` statements through the pool, `concurrency` at a time; statement(i) builds the i-th, as text
 * and parameters (an unnamed statement, as TypeORM sends it) or as a pg QueryConfig (e.g. a named one).
 */
export async function sqlRun(
  pool: Pool,
  statement: (i: number) => { sql: string; params: unknown[] } | QueryConfig,
  requests: number,
  concurrency: number,
  name: string,
  cpu?: CpuScope,
): Promise<RunResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const meter = cpuMeter(cpu);
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const st = statement(next++);
        const query: QueryConfig = 'sql' in st ? { text: st.sql, values: st.params } : st;
        const s = process.hrtime.bigint();
        try {
          await pool.query(query);
        } catch (err) {
          errors++;
          if (errors === 1) log(`SQL error: ${(err as Error).message}`);
        }
        latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
    }),
  );
  return { ...summarise(name, concurrency, latencies, Number(process.hrtime.bigint() - t0) / 1e9, errors), ...meter(latencies.length) };
}

/** Drives POST /graphql with autocannon for `duration` s; body() makes each request's JSON body. */
export async function apiRun(o: {
  port: number; token: string; connections: number; duration: number; name: string; body: () => string; headers?: Record<string, string>;
  cpu?: CpuScope;
  /** When given, each request is made as the next of these users in turn (instead of `token`). */
  tokens?: string[];
}): Promise<RunResult> {
  const latencies: number[] = [];
  let errors = 0;
  const tokens = o.tokens ?? [o.token];
  let nextToken = Math.floor(Math.random() * tokens.length);
  const options: autocannon.Options = {
    url: `http://127.0.0.1:${o.port}`,
    connections: o.connections,
    duration: o.duration,
    requests: [{
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}`, ...o.headers },
      setupRequest: o.tokens
        ? (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${tokens[nextToken++ % tokens.length]}` }, body: o.body() })
        : (req) => ({ ...req, body: o.body() }),
      onResponse: (status, body) => {
        if (status !== 200 || body.startsWith('{"errors"') || body.includes('"errors":[')) {
          errors++;
          if (errors === 1) log(`API error ${status}: ${body.slice(0, 300)}`);
        }
      },
    }],
  };
  const meter = cpuMeter(o.cpu);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  return {
    ...summarise(o.name, o.connections, latencies, result.duration ?? o.duration, errors + result.non2xx + result.errors + result.timeouts),
    ...meter(latencies.length),
  };
}

/** One GraphQL request (for correctness checks before timing); throws on errors. */
export async function graphql<T>(port: number, token: string, query: string, variables: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`API request failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

export function writeResults(name: string, data: unknown): string {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2));
  return file;
}

export type Target = readonly [label: string, met: boolean, value: string];

/**
 * Prints the result table, the API/SQL ratio and each target (MET or MISSED), writes the JSON results, and
 * sets exit code 2 when a target is missed. `results` are [SQL c=1, SQL c=5, API c=5, API c=20].
 */
export function reportRuns(o: {
  name: string; heading: string[]; results: RunResult[]; targets: (runs: RunResult[]) => Target[]; data: Record<string, unknown>;
  log: (line: string) => void; table: (rows: RunResult[]) => string;
}): void {
  const { results, log } = o;
  const [, sql5, api5] = results;
  log('');
  for (const line of o.heading) log(line);
  log('');
  log(o.table(results));
  log('');
  log(`API/SQL ratio at concurrency 5: p50 ${(api5.p50 / sql5.p50).toFixed(1)}x, p99 ${(api5.p99 / sql5.p99).toFixed(1)}x, throughput ${(sql5.rps / api5.rps).toFixed(1)}x`);
  const targets: Target[] = [
    ...o.targets(results),
    ['no errors', results.every((r) => r.errors === 0), `${results.reduce((a, r) => a + r.errors, 0)} errors`],
  ];
  log('');
  for (const [label, ok, value] of targets) log(`${ok ? 'MET    ' : 'MISSED '} ${label}: ${value}`);
  const file = writeResults(o.name, { at: new Date().toISOString(), ...o.data, results });
  log(`\nresults written to ${file}`);
  if (!targets.every(([, ok]) => ok)) process.exitCode = 2;
}
