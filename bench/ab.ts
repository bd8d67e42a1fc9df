/**
 * Rujuk against the bare baseline (bare-server.ts) in one run: both servers up side by side on the same database,
 * first checked to give the same data for a sample of requests, then warmed up, then driven in alternating
 * rounds (A B, then B A, ...) so that whatever else the shared machine does falls on both alike. The targets are
 * ratios of the two, which held where absolute figures moved by up to 70% between runs minutes apart.
 *
 * Each round runs, for each server: concurrency 20 (throughput, API CPU per request) and concurrency 5 (p50, p99,
 * API CPU per request). A figure's ratio is the median of the rounds' Rujuk/bare ratios (each pair measured
 * within a minute of each other); the median absolute figures are printed beside it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { apiEnv, apiRun, loadAverage, log, ROOT, Target, writeResults } from './bench-kit';
import { BARE_LISTENING } from './bare-server';
import { RunResult } from './stats';

/** Starts bare-server.ts with the API's environment (same database, pool size and number of processes). */
export async function startBare(o: { port: number; db: string; poolSize: number; apiProcesses?: number; userId: string }): Promise<ChildProcess> {
  const processes = o.apiProcesses ?? 1;
  log(`starting the bare server on port ${o.port} (${processes} process${processes > 1 ? 'es' : ''})`);
  const nodeArgs = process.env.BENCH_BARE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '-r', 'ts-node/register/transpile-only', join(ROOT, 'bench/bare-server.ts')], {
    cwd: ROOT,
    env: { ...apiEnv({ ...o, port: o.port + 1000 }), BARE_PORT: String(o.port), BARE_USER_ID: o.userId, TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let ready = false;
  child.stderr!.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    if (chunk.toString().includes(BARE_LISTENING(processes))) ready = true;
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`bare server exited with code ${child.exitCode}`);
    if (ready) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGTERM');
  throw new Error('bare server did not listen within 120 s');
}

export interface AbSide { name: string; port: number; pid: number }

/** POSTs one GraphQL request and returns its JSON body. */
async function post(port: number, body: string, headers: Record<string, string>): Promise<{ data?: unknown; errors?: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return (await res.json()) as { data?: unknown; errors?: unknown };
}

/**
 * Both servers answer the same `samples` requests with deep-equal data (after `normalise`, e.g. dropping a
 * match's run id, which each server's own stored run has); throws naming the first difference.
 */
export async function checkSameAnswers(o: {
  rujuk: AbSide; bare: AbSide; bodies: string[]; headers: Record<string, string>; normalise?: (data: unknown) => unknown;
}): Promise<number> {
  const norm = o.normalise ?? ((d: unknown) => d);
  for (const body of o.bodies) {
    const [a, b] = await Promise.all([post(o.rujuk.port, body, o.headers), post(o.bare.port, body, o.headers)]);
    if (a.errors || b.errors || !a.data) throw new Error(`check request failed: Rujuk ${JSON.stringify(a.errors)}, bare ${JSON.stringify(b.errors)}`);
    if (!isDeepStrictEqual(norm(a.data), norm(b.data))) {
      throw new Error(`Rujuk and the bare server answer differently for ${body.slice(0, 400)}:\n${JSON.stringify(a.data).slice(0, 600)}\n${JSON.stringify(b.data).slice(0, 600)}`);
    }
  }
  return o.bodies.length;
}

export interface AbRound { round: number; rujuk20: RunResult; bare20: RunResult; rujuk5: RunResult; bare5: RunResult }

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export interface AbFigure { label: string; rujuk: number; bare: number; ratio: number; ratios: number[]; unit: string }

/** Warm-up, then `rounds` alternating rounds; tokens rotate per request (many users, as in real use). */
export async function abRounds(o: {
  rujuk: AbSide; bare: AbSide; tokens: string[]; body: () => string; headers: Record<string, string>;
  warmup: number; duration: number; rounds: number; db: string;
}): Promise<{ rounds: AbRound[]; figures: AbFigure[] }> {
  const run = (side: AbSide, connections: number, duration: number, name: string) =>
    apiRun({
      port: side.port, token: o.tokens[0], tokens: o.tokens, connections, duration, name, body: o.body, headers: o.headers,
      cpu: { apiPid: side.pid, db: o.db },
    });
  for (const side of [o.rujuk, o.bare]) {
    log(`${side.name}: warm-up ${o.warmup} s at concurrency 20 (load average ${loadAverage()})`);
    await run(side, 20, o.warmup, 'warm-up');
  }
  const rounds: AbRound[] = [];
  for (let r = 1; r <= o.rounds; r++) {
    const order = r % 2 ? [o.rujuk, o.bare] : [o.bare, o.rujuk];
    const got = new Map<string, RunResult>();
    for (const c of [20, 5]) {
      for (const side of order) {
        const res = await run(side, c, o.duration, `${side.name} c=${c}`);
        got.set(`${side.name}${c}`, res);
        log(`round ${r}: ${side.name.padEnd(5)} c=${String(c).padEnd(2)} ${res.rps.toFixed(0).padStart(5)} req/s  p50 ${res.p50.toFixed(2)} ms  p99 ${res.p99.toFixed(2)} ms`
          + `  API cpu ${(res.apiCpuMs ?? NaN).toFixed(3)} ms/req  DB cpu ${(res.dbCpuMs ?? NaN).toFixed(3)} ms/req  errors ${res.errors}  load ${loadAverage()}`);
      }
    }
    rounds.push({
      round: r, rujuk20: got.get(`${o.rujuk.name}20`)!, bare20: got.get(`${o.bare.name}20`)!, rujuk5: got.get(`${o.rujuk.name}5`)!, bare5: got.get(`${o.bare.name}5`)!,
    });
  }
  const figure = (label: string, unit: string, pick: (r: AbRound) => [number, number]): AbFigure => {
    const pairs = rounds.map(pick);
    return {
      label, unit, rujuk: median(pairs.map((p) => p[0])), bare: median(pairs.map((p) => p[1])),
      ratios: pairs.map(([a, b]) => a / b), ratio: median(pairs.map(([a, b]) => a / b)),
    };
  };
  const figures = [
    figure('throughput c=20', 'req/s', (r) => [r.rujuk20.rps, r.bare20.rps]),
    figure('p50 c=5', 'ms', (r) => [r.rujuk5.p50, r.bare5.p50]),
    figure('p99 c=5', 'ms', (r) => [r.rujuk5.p99, r.bare5.p99]),
    figure('API CPU per request c=20', 'ms', (r) => [r.rujuk20.apiCpuMs ?? NaN, r.bare20.apiCpuMs ?? NaN]),
    figure('API CPU per request c=5', 'ms', (r) => [r.rujuk5.apiCpuMs ?? NaN, r.bare5.apiCpuMs ?? NaN]),
    figure('DB CPU per request c=20', 'ms', (r) => [r.rujuk20.dbCpuMs ?? NaN, r.bare20.dbCpuMs ?? NaN]),
  ];
  return { rounds, figures };
}

/** Prints the ratio table and the targets (MET or MISSED), writes the JSON results; exit code 2 when one is missed. */
export function reportAb(o: {
  name: string; heading: string[]; figures: AbFigure[]; rounds: AbRound[]; other?: string; targets: (f: Record<string, AbFigure>) => Target[]; data: Record<string, unknown>;
}): void {
  log('');
  for (const line of o.heading) log(line);
  log('');
  const other = o.other ?? 'bare';
  const head = ['figure', 'Rujuk', other, `Rujuk/${other}`, 'per round'];
  const rows = o.figures.map((f) => [
    f.label, `${f.rujuk.toFixed(f.unit === 'req/s' ? 0 : 3)} ${f.unit}`, `${f.bare.toFixed(f.unit === 'req/s' ? 0 : 3)} ${f.unit}`,
    `${f.ratio.toFixed(2)}x`, f.ratios.map((r) => r.toFixed(2)).join(' '),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  log(line(head));
  log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) log(line(r));
  const byLabel = Object.fromEntries(o.figures.map((f) => [f.label, f]));
  const errors = o.rounds.reduce((a, r) => a + r.rujuk20.errors + r.bare20.errors + r.rujuk5.errors + r.bare5.errors, 0);
  const targets: Target[] = [...o.targets(byLabel), ['no errors', errors === 0, `${errors} errors`]];
  log('');
  for (const [label, ok, value] of targets) log(`${ok ? 'MET    ' : 'MISSED '} ${label}: ${value}`);
  const file = writeResults(o.name, { at: new Date().toISOString(), ...o.data, figures: o.figures, rounds: o.rounds });
  log(`\nresults written to ${file}`);
  if (!targets.every(([, ok]) => ok)) process.exitCode = 2;
}
