/**
 * `npx ts-node -T bench/framework-parts.bench.ts [--rounds 9] [--requests 20000] > /dev/null` (or `| cat > /dev/null`)
 *
 * CPU time per request of two parts of the API's per-request work, each measured in this one process against
 * what it replaced, in alternating rounds (A B, B A, ...): on a loaded machine whole-server A/B rounds scatter
 * by more than these parts cost, while the CPU time (getrusage: every thread of the process, libuv's thread pool
 * included) of the same code run back to back holds.
 *
 * - **Access log**: pino-http's middleware with the API's options (common/logging.ts: one line per request at
 *   `info`, written in blocks) against the options it had before (pino's default destination: one asynchronous
 *   write per line; the response's headers serialised and redacted). Log lines go to stdout: redirect it.
 * - **Argument guard** (common/argument-guard.ts): `argumentProblem` for the search benchmark's document and
 *   varied filters, with the document seen before (its text-bearing fields found once) against a document
 *   object seen for the first time (the walk of the whole document with its types on every request, as before).
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, DocumentNode, parse } from 'graphql';
import { pinoHttp } from 'pino-http';
import { loggerParams } from '../src/common/logging';
import { argumentProblem } from '../src/common/argument-guard';
import type { AppConfig } from '../src/config/app-config';
import { prng, SEARCH_QUERY } from './request-pool';

const flags = process.argv.slice(2);
const flag = (name: string, fallback: number) => (flags.includes(name) ? Number(flags[flags.indexOf(name) + 1]) : fallback);
const ROUNDS = flag('--rounds', 9);
const REQUESTS = flag('--requests', 20_000);

const out = (line: string) => process.stderr.write(`${line}\n`);
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const tick = () => new Promise((r) => setImmediate(r));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** The access log's options before: pino's default destination, the response serialised with its headers, redaction. */
function loggerBefore(): Middleware {
  return pinoHttp({
    name: 'rujuk-api',
    level: 'info',
    genReqId: () => crypto.randomUUID(),
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], remove: true },
    serializers: { req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }) },
  }) as unknown as Middleware;
}

function loggerAfter(): Middleware {
  const params = loggerParams({ log: { level: 'info' } } as AppConfig, 'rujuk-api').pinoHttp as unknown as Parameters<typeof pinoHttp>;
  return pinoHttp(...params) as unknown as Middleware;
}

/** `n` requests through the middleware, each answered (finish) as the HTTP server would; the event loop runs between. */
async function logRequests(mw: Middleware, n: number): Promise<number> {
  const start = cpuUs();
  for (let i = 0; i < n; i++) {
    const req = new IncomingMessage(new Socket());
    req.method = 'POST';
    req.url = '/graphql';
    req.headers = { 'content-type': 'application/json', authorization: 'Bearer x.y.z', 'content-length': '512' };
    const res = new ServerResponse(req);
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', '9000');
    mw(req, res, () => undefined);
    res.emit('finish');
    if (i % 20 === 19) await tick();
  }
  // Counted once the destination has written everything out (pino's flush calls back after its last write).
  await new Promise<void>((resolve) => (mw as unknown as { logger: { flush(cb: () => void): void } }).logger.flush(() => resolve()));
  return (cpuUs() - start) / n;
}



function guardRequests(fresh: boolean, n: number): number {
  const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema.gql'), 'utf8'));
  const document = parse(SEARCH_QUERY);
  const rnd = prng(7);
  const filters = Array.from({ length: 500 }, () => ({
    text: ['konseling', 'rumah aman', 'bantuan hukum'][Math.floor(rnd() * 3)], needCategories: ['SHELTER', 'COUNSELLING'].slice(0, 1 + Math.floor(rnd() * 2)),
    regionCode: '31.71.01.1001', near: { latitude: -6.2 + rnd() / 10, longitude: 106.8 + rnd() / 10, radiusKm: 5 + Math.floor(rnd() * 20) },
  }));
  const start = cpuUs();
  for (let i = 0; i < n; i++) {
    const doc: DocumentNode = fresh ? { ...document } : document;
    if (argumentProblem(schema, doc, 'Search', { f: filters[i % filters.length], first: 20 })) throw new Error('unexpected argument problem');
  }
  return (cpuUs() - start) / n;
}

async function main(): Promise<void> {
  const before = loggerBefore();
  const after = loggerAfter();
  const parts: { name: string; a: () => Promise<number> | number; b: () => Promise<number> | number }[] = [
    { name: 'access log (us CPU per request): blocks / a write per line', a: () => logRequests(after, REQUESTS), b: () => logRequests(before, REQUESTS) },
    { name: 'argument guard (us CPU per request): document seen / walked', a: () => guardRequests(false, REQUESTS), b: () => guardRequests(true, REQUESTS) },
  ];
  for (const part of parts) {
    await part.a();
    await part.b(); // warm-up
    const a: number[] = [];
    const b: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const [x, y] = r % 2 ? [await part.b(), await part.a()].reverse() : [await part.a(), await part.b()];
      a.push(x);
      b.push(y);
      ratios.push(x / y);
    }
    out(`${part.name}: ${median(a).toFixed(1)} / ${median(b).toFixed(1)} = ${median(ratios).toFixed(2)}x (rounds ${ratios.map((x) => x.toFixed(2)).join(' ')})`);
  }
  out(`load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

void main();
