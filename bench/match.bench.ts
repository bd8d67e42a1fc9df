/**
 * `npm run bench:match [-- --services 100000 --duration 15 --warmup 10 --rounds 3 --users 200 --sql-requests 3000
 *                         --port 3918 --checks 20 --api-processes <cores> --against <dir> --regenerate --skip-build --db rujuk_bench]`
 *
 * 1. The bench database and synthetic directory of bench:search (bench-kit.ts, synthetic-directory.ts), reused
 *    when it already holds --services services.
 * 2. The candidate SQL (buildCandidateQuery, the identical statement MatchingService.match runs, sending only the
 *    rows the ranking can keep) through `pg`, sequentially and at concurrency 5, run as the API runs it: a named
 *    prepared statement on connections forcing the generic plan (generic-plans.ts).
 * 3. The API as a child process (bench-kit.ts), as API_PROCESSES=--api-processes processes sharing the port
 *    (api-processes.ts; default one per core: a Node process runs its JavaScript on one core). Before timing, for --checks profiles, the candidates and near
 *    misses the API returns must be exactly what the pure ranking (rankMatches, with the API's own config) makes
 *    of all the candidate rows (the statement without its pre-limit), and each request must have stored one
 *    match_run. The API runs at LOG_LEVEL=info (the shipped compose file's level).
 * 4. Beside it the bare baseline (bare-server.ts: the same services without the framework, --port + 100); both
 *    must answer the first --checks profiles with deep-equal data (but for each run's own id). Then autocannon
 *    drives `matchServices`, alternating Rujuk and the bare server (ab.ts): a warm-up of --warmup s each, then
 *    --rounds rounds of --duration s at concurrency 20 and 5 each; every request a different ad-hoc profile
 *    (match-pool.ts) as the next of --users bench case managers.
 * 5. Prints p50/p95/p99, requests/s and the API/SQL ratio (bench/results/match-<services>.json), then each
 *    figure of Rujuk and the bare server with its Rujuk/bare ratio and the ratio targets (match-<services>-ab.json).
 *    With --against <dir> (another build's output, as bench:search takes it) that build runs in place of the
 *    bare server: an A/B of a change in one run (match-<services>-against.json).
 */
import { cpus } from 'node:os';
import { Client, Pool } from 'pg';
import { loadConfig } from '../src/config/app-config';
import { GENERIC_PLAN_OPTIONS, preparedStatement } from '../src/database/generic-plans';
import { sexToCode } from '../src/directory/directory.types';
import { buildCandidateQuery, candidateRows } from '../src/matching/candidate.query';
import { CandidateRow, MatchProfile, rankMatches, Weights } from '../src/matching/scoring';
import {
  reportRuns,
  apiEnv, benchDatabaseName, benchUserTokens, buildApi, databaseUrl, ensureDatabase, ensureDirectory, graphql,
  loadAverage, log, machineDescription, parseFlags, sqlRun, startApi, stopApi,
} from './bench-kit';
import { abRounds, checkSameAnswers, reportAb, startBare } from './ab';
import { buildMatchPool, MatchRequest } from './match-pool';
import { RunResult, table } from './stats';

const DEFAULTS = {
  services: 100_000, duration: 15, warmup: 10, rounds: 3, users: 200, sqlRequests: 3000, port: 3918, regenerate: false, skipBuild: false,
  db: '', against: '', poolSize: 10, limit: 20, checks: 20, apiProcesses: cpus().length,
};
type Options = typeof DEFAULTS;

/** What a case manager's screen asks for: the ranked list with reasons and scores, and the near misses. */
const GRAPHQL = `query Match($input: MatchInput!) {
  matchServices(input: $input) {
    runId
    candidates {
      score distanceKm reasons components { name value weight }
      service { id name needCategories serviceTypes free acceptsReferrals capacity { available maximum unit } organization { id name } }
      location { id name addressLine latitude longitude }
    }
    excluded { failedCriteria reasons service { id name organization { id name } } }
  }
}`;

interface MatchData {
  matchServices: {
    runId: string;
    candidates: { score: number; service: { id: string; organization: { id: string } } }[];
    excluded: { failedCriteria: string[]; service: { id: string } }[];
  };
}

const variables = (r: MatchRequest, limit: number) => ({ input: { needCategory: r.needCategory, profile: r.profile, limit } });

/** The profile MatchingService builds from an ad-hoc input (no urgency; the category's default service types). */
const profileOf = (r: MatchRequest): MatchProfile => ({
  category: r.needCategory, age: r.profile.age, sex: sexToCode(r.profile.sex), regionCode: r.profile.regionCode,
  languages: r.profile.languages, serviceTypes: r.serviceTypes,
});

type MatchingConfig = ReturnType<typeof loadConfig>['matching'];

/**
 * The candidate statement as MatchingService runs it (a named prepared statement, on a generic-plan connection,
 * sending only the rows the ranking can keep), or with `all` every candidate row (what the checks rank).
 */
function candidateStatement(r: MatchRequest, config: MatchingConfig, limit: number, all = false) {
  const { sql, params } = buildCandidateQuery({
    category: r.needCategory, regionCode: r.profile.regionCode, latitude: r.profile.latitude, longitude: r.profile.longitude,
    clientId: null, nearMisses: config.maxExcluded,
    ranking: all ? undefined : { limit, weights: config.weights as unknown as Weights, maxDistanceKm: config.maxDistanceKm, profile: profileOf(r) },
  });
  return preparedStatement(sql, params);
}

/** The API's candidates and near misses, in order, equal the pure ranking of the SQL rows; each request stores one run. */
async function checkRanking(
  o: Options, token: string, pg: Pool, pool: MatchRequest[], userId: string, config: MatchingConfig,
): Promise<{ checked: number; meanCandidates: number; meanExcluded: number; meanRows: number; zeroResults: number }> {
  const n = Math.min(o.checks, pool.length);
  const before = Number((await pg.query(`SELECT count(*) FROM match_run WHERE actor_id = $1`, [userId])).rows[0].count);
  let candidates = 0;
  let excluded = 0;
  let rowsSeen = 0;
  let zeroResults = 0;
  for (const r of pool.slice(0, n)) {
    const data = await graphql<MatchData>(o.port, token, GRAPHQL, variables(r, o.limit));
    const rows: CandidateRow[] = candidateRows((await pg.query(candidateStatement(r, config, o.limit, true))).rows);
    const ranked = rankMatches(profileOf(r), rows, config.weights as unknown as Weights, {
      maxDistanceKm: config.maxDistanceKm, maxExcluded: config.maxExcluded, limit: o.limit,
    });
    const api = data.matchServices;
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (!same(api.candidates.map((c) => c.service.id), ranked.candidates.map((c) => c.row.serviceId))) {
      throw new Error(`API candidates differ from the ranking of the SQL rows for ${JSON.stringify(r)}`);
    }
    if (!same(api.candidates.map((c) => String(c.score)), ranked.candidates.map((c) => String(c.score)))) {
      throw new Error(`API scores differ from the ranking of the SQL rows for ${JSON.stringify(r)}`);
    }
    if (!same(api.excluded.map((e) => `${e.service.id}:${e.failedCriteria.join('+')}`), ranked.excluded.map((e) => `${e.row.serviceId}:${e.failed.join('+')}`))) {
      throw new Error(`API near misses differ from the ranking of the SQL rows for ${JSON.stringify(r)}`);
    }
    candidates += api.candidates.length;
    excluded += api.excluded.length;
    rowsSeen += rows.length;
    if (!api.candidates.length) zeroResults++;
  }
  const after = Number((await pg.query(`SELECT count(*) FROM match_run WHERE actor_id = $1`, [userId])).rows[0].count);
  if (after - before !== n) throw new Error(`expected ${n} stored match runs, found ${after - before}`);
  return { checked: n, meanCandidates: candidates / n, meanExcluded: excluded / n, meanRows: rowsSeen / n, zeroResults };
}

async function main(): Promise<void> {
  const o = parseFlags(process.argv.slice(2), DEFAULTS);
  o.db = benchDatabaseName(o.services, o.db);
  const machine = machineDescription();
  log(`bench:match on ${machine}, load average ${loadAverage()}`);
  const config = loadConfig(apiEnv(o)).matching;
  await ensureDatabase(o.db);
  const pg = new Client({ connectionString: databaseUrl(o.db) });
  await pg.connect();
  const generation = await ensureDirectory(pg, o.db, o.services, o.regenerate);
  // The near-miss walks are index-only scans of service_match_key, filled by triggers while the directory was
  // generated (as is service_match_row, the candidates' narrow copy); autovacuum (off on the bench machine)
  // would have set the visibility map and statistics by now, as in production.
  await pg.query(`VACUUM (ANALYZE) service_match_key, service_match_row`);
  const { tokens, userIds } = await benchUserTokens(pg, o.users);
  const [token, userId] = [tokens[0], userIds[0]];
  // Runs of earlier bench runs would only grow the table between runs.
  await pg.query(`DELETE FROM match_run WHERE actor_id = ANY($1::uuid[]) AND need_id IS NULL`, [userIds]);
  const requests = await buildMatchPool(pg, 5000);
  const pgVersion = (await pg.query(`SHOW server_version`)).rows[0].server_version as string;
  await pg.end();

  const pool = new Pool({ connectionString: databaseUrl(o.db), max: 5, options: GENERIC_PLAN_OPTIONS });
  const results: RunResult[] = [];
  const statements = (i: number) => candidateStatement(requests[i % requests.length], config, o.limit);
  log(`SQL: warm-up (load average ${loadAverage()})`);
  await sqlRun(pool, statements, 500, 2, 'warm-up');
  results.push(await sqlRun(pool, statements, o.sqlRequests, 1, 'SQL (pg)', { db: o.db }));
  results.push(await sqlRun(pool, statements, o.sqlRequests, 5, 'SQL (pg)', { db: o.db }));

  if (!o.skipBuild) buildApi();
  const api = await startApi({ ...o, logLevel: 'info' });
  let bare: Awaited<ReturnType<typeof startBare>> | undefined;
  let check: Awaited<ReturnType<typeof checkRanking>>;
  let ab: Awaited<ReturnType<typeof abRounds>>;
  try {
    bare = o.against
      // BENCH_AGAINST_LOG_LEVEL=warn with --against dist: what request logging at info costs.
      ? await startApi({ ...o, port: o.port + 100, logLevel: process.env.BENCH_AGAINST_LOG_LEVEL ?? 'info', dist: o.against })
      : await startBare({ ...o, port: o.port + 100, userId });
    check = await checkRanking(o, token, pool, requests, userId, config);
    log(`API = ranking of the SQL rows for ${check.checked} profiles (mean ${check.meanRows.toFixed(1)} rows, `
      + `${check.meanCandidates.toFixed(1)} candidates, ${check.meanExcluded.toFixed(1)} near misses, ${check.zeroResults} with none); one match_run each`);
    const headers = { 'accept-language': 'id-ID,id;q=0.9' };
    const rujuk = { name: 'Rujuk', port: o.port, pid: api.pid! };
    const bareSide = { name: o.against ? 'other' : 'bare', port: o.port + 100, pid: bare.pid! };
    const same = await checkSameAnswers({
      rujuk, bare: bareSide, headers: { ...headers, authorization: `Bearer ${token}` },
      bodies: requests.slice(0, o.checks).map((r) => JSON.stringify({ query: GRAPHQL, variables: variables(r, o.limit) })),
      normalise: (d) => ({ ...(d as MatchData).matchServices, runId: undefined }),
    });
    log(`Rujuk and the bare server return deep-equal data (but for the run id) for ${same} profiles`);
    let next = Math.floor(Math.random() * requests.length);
    const body = () => JSON.stringify({ query: GRAPHQL, variables: variables(requests[next++ % requests.length], o.limit) });
    ab = await abRounds({ rujuk, bare: bareSide, tokens, body, headers, warmup: o.warmup, duration: o.duration, rounds: o.rounds, db: o.db });
    // The table below shows Rujuk's runs of the round with the median throughput.
    const mid = [...ab.rounds].sort((a, b) => a.rujuk20.rps - b.rujuk20.rps)[Math.floor(ab.rounds.length / 2)];
    results.push({ ...mid.rujuk5, name: 'API (HTTP)' }, { ...mid.rujuk20, name: 'API (HTTP)' });
  } finally {
    await stopApi(api);
    if (bare) await stopApi(bare);
    await pool.end();
  }

  reportRuns({
    name: `match-${o.services}`, results, log, table, data: { machine, pgVersion, options: o, generation, check },
    heading: [`matchServices at ${o.services} services (${o.db}), PostgreSQL ${pgVersion}, ${machine}`, `ad-hoc profile: need category + village + point + age + sex + languages, limit ${o.limit}, varied per request; API_PROCESSES=${o.apiProcesses}`,
      `LOG_LEVEL=info, ${tokens.length} users; API runs: Rujuk's of the round with the median throughput`],
    targets: ([sql1, , api5, api20]) => [
      ['SQL p99 < 5 ms (sequential)', sql1.p99 < 5, `${sql1.p99.toFixed(2)} ms`],
      ['API c=5 p99 < 25 ms', api5.p99 < 25, `${api5.p99.toFixed(2)} ms`],
      ['API c=20 >= 500 req/s', api20.rps >= 500, `${api20.rps.toFixed(0)} req/s`],
    ],
  });
  reportAb({
    name: `match-${o.services}-${o.against ? 'against' : 'ab'}`, other: o.against ? 'other' : 'bare', figures: ab.figures, rounds: ab.rounds, data: { machine, pgVersion, options: o },
    heading: [`matchServices, Rujuk against ${o.against ? `the build in ${o.against}` : 'the bare server'} (${o.rounds} alternating rounds of ${o.duration} s after ${o.warmup} s of warm-up each;`
      + ` API_PROCESSES=${o.apiProcesses}, LOG_LEVEL=info, ${tokens.length} users), load average now ${loadAverage()}`],
    targets: (f) => [
      ['throughput c=20 >= 0.9x bare', f['throughput c=20'].ratio >= 0.9, `${f['throughput c=20'].ratio.toFixed(2)}x`],
      ['p99 c=5 <= 1.15x bare', f['p99 c=5'].ratio <= 1.15, `${f['p99 c=5'].ratio.toFixed(2)}x`],
      ['API CPU per request c=20 <= 1.3x bare', f['API CPU per request c=20'].ratio <= 1.3, `${f['API CPU per request c=20'].ratio.toFixed(2)}x`],
    ],
  });
}

main().catch((err) => {
  process.stderr.write(`bench:match failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
