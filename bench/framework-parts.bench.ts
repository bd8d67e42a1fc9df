/**
 * `npx ts-node -T bench/framework-parts.bench.ts [--rounds 9] [--requests 20000] [--awaits 100] > /dev/null` (or `| cat > /dev/null`)
 *
 * CPU time per request of three parts of the API's per-request work, each measured in this one process against
 * what it replaced, in alternating rounds (A B, B A, ...): on a loaded machine whole-server A/B rounds scatter
 * by more than these parts cost, while the CPU time (getrusage: every thread of the process, libuv's thread pool
 * included) of the same code run back to back holds.
 *
 * - **Access log and request context**: common/request-log.ts (the request id, one line per response from the
 *   root logger, one AsyncLocalStorage) against what it replaced: pino-http with the options the API had
 *   (a child logger and an id per request, lines written in blocks), nestjs-pino's AsyncLocalStorage holding
 *   that child logger, and the project's own AsyncLocalStorage beside it (the same store on both sides; the
 *   second is switched off between rounds). Each request then awaits --awaits
 *   promises in turn (a stand-in for the promises a request's handling creates, each of which the promise hooks
 *   of AsyncLocalStorage visit) before it is answered. Log lines go to stdout: redirect it.
 * - **Auth guard** (identity/auth.guard.ts): `canActivate` for an operation of a user whose token was verified
 *   before and who is in the viewer cache, inside a request context (AsyncLocalStorage's promise hooks on), as
 *   Nest's GuardsConsumer calls it (awaiting only a promise), with the real RateLimitService (over a stand-in for
 *   Redis that the bench never waits for) and a stand-in for AuthService's two caches: the guard now (no promise
 *   when the request can be admitted at once) against the one before (async all the way down).
 * - **Argument guard** (common/argument-guard.ts): `argumentProblem` for the search benchmark's document and
 *   varied filters, with the document seen before (its text-bearing fields found once) against a document
 *   object seen for the first time (the walk of the whole document with its types on every request, as before).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { buildSchema, DocumentNode, parse } from 'graphql';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import type { Viewer } from '../src/common/viewer';
import { AuthGuard } from '../src/identity/auth.guard';
import type { AuthService } from '../src/identity/auth.service';
import { RateLimitService } from '../src/identity/rate-limit.service';
import { LOG_BLOCK_BYTES, LOG_FLUSH_MS, rootLogger } from '../src/common/logging';
import { requestLogMiddleware } from '../src/common/request-log';
import { runWithRequestContext } from '../src/common/request-context';
import { argumentProblem } from '../src/common/argument-guard';
import { safeErrorLog } from '../src/common/error-log';
import type { AppConfig } from '../src/config/app-config';
import { prng, SEARCH_QUERY } from './request-pool';

const flags = process.argv.slice(2);
const flag = (name: string, fallback: number) => (flags.includes(name) ? Number(flags[flags.indexOf(name) + 1]) : fallback);
const ROUNDS = flag('--rounds', 9);
const REQUESTS = flag('--requests', 20_000);
const AWAITS = flag('--awaits', 100);

const out = (line: string) => process.stderr.write(`${line}\n`);
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

const blocks = () => pino.destination({ dest: 1, sync: false, minLength: LOG_BLOCK_BYTES, periodicFlush: LOG_FLUSH_MS });

/**
 * Before: pino-http with the API's former options, then nestjs-pino's middleware (its AsyncLocalStorage holding
 * the request's child logger), then the project's request context in an AsyncLocalStorage of its own.
 */
function before(): { mw: Middleware; flush: (cb: () => void) => void } {
  const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
  const http = pinoHttp({
    name: 'rujuk-api',
    level: 'info',
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (err: unknown) => safeErrorLog(err),
    },
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/healthz' || req.url === '/readyz' },
  }, blocks());
  const pinoStore = new AsyncLocalStorage<{ logger: unknown }>();
  const mw: Middleware = (req, res, next) =>
    runWithRequestContext({ requestId: null, clientAddress: null }, () =>
      http(req, res, () => pinoStore.run({ logger: (req as unknown as { log: unknown }).log }, next)));
  // The second store is switched off after each round, so that the other side's rounds run with one store only.
  return { mw, flush: (cb) => http.logger.flush(() => {
    pinoStore.disable();
    cb();
  }) };
}

/** After: common/request-log.ts over the root logger (common/logging.ts). */
function after(): { mw: Middleware; flush: (cb: () => void) => void } {
  const log = rootLogger({ log: { level: 'info' } } as AppConfig, 'rujuk-api', blocks());
  return { mw: requestLogMiddleware(log) as Middleware, flush: (cb) => log.flush(cb) };
}

async function handling(): Promise<void> {
  for (let i = 0; i < AWAITS; i++) await Promise.resolve(i);
}

/** `n` requests through the middleware, each awaiting AWAITS promises and then answered (finish, close) as node would. */
async function logRequests(side: { mw: Middleware; flush: (cb: () => void) => void }, n: number): Promise<number> {
  const start = cpuUs();
  let pending: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const req = new IncomingMessage(new Socket());
    req.method = 'POST';
    req.url = '/graphql';
    req.headers = { 'content-type': 'application/json', authorization: 'Bearer x.y.z', 'content-length': '512' };
    const res = new ServerResponse(req);
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', '9000');
    side.mw(req, res, () => {
      pending.push(handling().then(() => {
        Object.defineProperty(res, 'writableEnded', { value: true });
        res.emit('finish');
        res.emit('close');
      }));
    });
    if (pending.length === 20) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  // Counted once the destination has written everything out (pino's flush calls back after its last write).
  await new Promise<void>((resolve) => side.flush(() => resolve()));
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

/** AuthService's path for a token seen before and a cached user: its verified tokens and its viewer cache. */
class CachedAuth {
  readonly verified = new Map<string, { sub: string; exp: number; sid?: string }>();
  readonly viewers = new Map<string, Viewer>();

  private async verifyToken(token: string): Promise<{ sub: string; exp: number; sid?: string }> {
    const known = this.verified.get(token);
    if (known && known.exp * 1000 > Date.now()) return known;
    throw new Error('not in the bench');
  }

  async viewerFromToken(token: string): Promise<Viewer> {
    const claims = await this.verifyToken(token);
    return this.viewers.get(claims.sub)!;
  }

  viewerFromTokenNow(token: string): Viewer | undefined {
    const known = this.verified.get(token);
    if (!known || known.exp * 1000 <= Date.now() || known.sid) return undefined;
    return this.viewers.get(known.sub);
  }
}

/** The auth guard before: async from canActivate down. */
class AsyncAuthGuard {
  constructor(private readonly reflector: Reflector, private readonly auth: CachedAuth, private readonly limits: RateLimitService) {}

  async canActivate(ctx: ExecutionContextHost): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>('isPublic', [ctx.getHandler(), ctx.getClass()]);
    if (isPublic) return true;
    const req = ctx.getArgByIndex<{ req: { user?: Viewer; viewerPromise?: Promise<Viewer>; headers: Record<string, string> } }>(2).req;
    if (req.user) return true;
    req.viewerPromise ??= this.authenticate(req);
    req.user = await req.viewerPromise;
    return true;
  }

  private async authenticate(req: { headers: Record<string, string> }): Promise<Viewer> {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers['authorization']);
    const viewer = await this.auth.viewerFromToken(match![1]);
    await this.limits.consumeUserQuota(viewer.id, 1);
    return viewer;
  }
}

function guards(): { now: { canActivate(ctx: ExecutionContextHost): boolean | Promise<boolean> }; before: AsyncAuthGuard; tokens: string[] } {
  const fakeRedis = Object.assign(new EventEmitter(), {
    status: 'ready',
    defineCommand: () => undefined,
    disconnect: () => undefined,
    addQuotas: async (n: number, ...args: (string | number)[]) => args.slice(0, n).flatMap(() => [0, 60_000]),
  });
  const limits = new RateLimitService({ duplicate: () => fakeRedis } as unknown as Redis, {
    graphql: { rateLimitPerMinute: 1_000_000_000 }, redis: { prefix: '{bench}', url: 'redis://bench' },
  } as AppConfig);
  const auth = new CachedAuth();
  const tokens = Array.from({ length: 200 }, (_, i) => {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    auth.verified.set(`token-${i}`, { sub: id, exp: Date.now() / 1000 + 3600 });
    auth.viewers.set(id, { id, email: `u${i}@bench`, role: 'CASE_MANAGER', organizationId: null, regionScope: null } as unknown as Viewer);
    return `token-${i}`;
  });
  const reflector = new Reflector();
  return { now: new AuthGuard(reflector, auth as unknown as AuthService, limits), before: new AsyncAuthGuard(reflector, auth, limits), tokens };
}

class SearchResolverStandIn {
  searchServices(): void {}
}

async function guardCalls(guard: { canActivate(ctx: ExecutionContextHost): boolean | Promise<boolean> }, tokens: string[], n: number): Promise<number> {
  const start = cpuUs();
  await runWithRequestContext({ requestId: null, clientAddress: null }, async () => {
    for (let i = 0; i < n; i++) {
      const context = { req: { headers: { authorization: `Bearer ${tokens[i % tokens.length]}` } } };
      const ctx = new ExecutionContextHost([undefined, {}, context, undefined], SearchResolverStandIn, SearchResolverStandIn.prototype.searchServices);
      ctx.setType('graphql');
      const result = guard.canActivate(ctx);
      if (typeof result !== 'boolean') await result;
    }
  });
  return (cpuUs() - start) / n;
}

async function main(): Promise<void> {
  const a = after();
  const b = before();
  const g = guards();
  const parts: { name: string; a: () => Promise<number> | number; b: () => Promise<number> | number }[] = [
    { name: `access log + request context, ${AWAITS} awaits (us CPU per request): request-log.ts / pino-http + two stores`, a: () => logRequests(a, REQUESTS), b: () => logRequests(b, REQUESTS) },
    { name: 'auth guard, token and user known (us CPU per operation): now / async', a: () => guardCalls(g.now, g.tokens, REQUESTS), b: () => guardCalls(g.before, g.tokens, REQUESTS) },
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
