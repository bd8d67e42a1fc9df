import { AsyncLocalStorage } from 'node:async_hooks';
import { isIP } from 'node:net';
import { DEFAULT_LOCALE, Locale, requestLocale } from './locale';

/**
 * From where and under which request id: held for the length of one HTTP request in AsyncLocalStorage, so the
 * audit trail and the rate limits can note them without threading request objects through. Who is asking is
 * not here: it is passed explicitly (the viewer), because WebSocket subscriptions have no such context.
 * Outside an HTTP request (WebSocket, worker jobs, scripts) `currentRequest()` returns null.
 */
export interface RequestContext {
  /** The pino-http request id (X-Request-Id when the caller sent a sane one). */
  readonly requestId: string | null;
  /** The client address as Express computes it (trust proxy: loopback and private ranges only). */
  readonly clientAddress: string | null;
  /** The language the caller reads (Accept-Language; over WebSocket, the connection's params); Indonesian when absent. */
  readonly locale?: Locale;
}

interface RequestLike {
  id?: unknown;
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string };
}

const storage = new AsyncLocalStorage<RequestContext>();

function requestIdOf(req: RequestLike): string | null {
  if (typeof req.id === 'string' || typeof req.id === 'number') return String(req.id);
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : null;
}

function addressOf(req: RequestLike): string | null {
  const ip = req.ip ?? req.socket?.remoteAddress ?? null;
  return ip && isIP(ip) ? ip : null;
}

/**
 * The request id is read lazily: pino-http assigns it in a middleware that may run after this one.
 */
function contextFor(req: RequestLike): RequestContext {
  return {
    get requestId() {
      return requestIdOf(req);
    },
    get clientAddress() {
      return addressOf(req);
    },
    get locale() {
      return requestLocale(req);
    },
  };
}

/** Express middleware: everything downstream of it (Apollo, resolvers, services) sees this request's context. */
export function requestContextMiddleware(req: RequestLike, _res: unknown, next: () => void): void {
  storage.run(contextFor(req), next);
}

/** The current request's context, or null outside an HTTP request. */
export function currentRequest(): RequestContext | null {
  return storage.getStore() ?? null;
}

/** The current request's locale; Indonesian outside a request. */
export function currentLocale(): Locale {
  return storage.getStore()?.locale ?? DEFAULT_LOCALE;
}

/** Runs `fn` inside a given context (tests, jobs that act for a user). */
export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}
