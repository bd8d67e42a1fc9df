import { AsyncLocalStorage } from 'node:async_hooks';
import { isIP } from 'node:net';
import { DEFAULT_LOCALE, Locale, requestLocale } from './locale';

/**
 * From where and under which request id: held for the length of one HTTP request (or one worker job) in
 * AsyncLocalStorage, so the audit trail, the rate limits and every log line can note them without threading
 * request objects through. It is the process's only AsyncLocalStorage: on Node 20 any store turns on promise
 * hooks for every promise, and a second store makes each of them do more. Who is asking is not here: it is
 * passed explicitly (the viewer), because WebSocket subscriptions have no such context.
 * Outside an HTTP request or a job (WebSocket, scripts) `currentRequest()` returns null.
 */
export interface RequestContext {
  /** The request's id (X-Request-Id when the caller sent a sane one, request-log.ts). */
  readonly requestId: string | null;
  /** The client address as Fastify computes it (X-Forwarded-For believed only from TRUSTED_PROXIES). */
  readonly clientAddress: string | null;
  /** The language the caller reads (Accept-Language; over WebSocket, the connection's params); Indonesian when absent. */
  readonly locale?: Locale;
  /** The fields every log line written in this context carries (logging.ts), a new object each call; none when absent. */
  readonly logFields?: () => Record<string, unknown>;
}

interface RequestLike {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string };
}

const storage = new AsyncLocalStorage<RequestContext>();

/** An HTTP request's context: its address and locale are read when asked for (most requests never ask). */
class HttpRequestContext implements RequestContext {
  private readonly method: string | undefined;
  private readonly url: string | undefined;
  private readLocale: Locale | undefined;

  constructor(private readonly req: RequestLike, readonly requestId: string, private readonly ip?: () => string | undefined) {
    // As the request arrived: mounted middleware rewrites req.url on its way through.
    this.method = req.method;
    this.url = req.url;
  }

  get clientAddress(): string | null {
    // The framework's address (trusted proxies) when it gave one, else the socket's peer.
    const ip = this.ip?.() ?? this.req.socket?.remoteAddress ?? null;
    return ip && isIP(ip) ? ip : null;
  }

  get locale(): Locale {
    this.readLocale ??= requestLocale(this.req);
    return this.readLocale;
  }

  logFields(): Record<string, unknown> {
    return { req: { id: this.requestId, method: this.method, url: this.url } };
  }
}

/**
 * Runs `next` (the rest of the request's handling) inside the context of an HTTP request with the given id.
 * `ip` gives the client's address as the HTTP framework computes it (trusted proxies), read only when asked for.
 */
export function runInHttpRequest(req: RequestLike, requestId: string, next: () => void, ip?: () => string | undefined): void {
  storage.run(new HttpRequestContext(req, requestId, ip), next);
}

/** The current request's context, or null outside an HTTP request or a job. */
export function currentRequest(): RequestContext | null {
  return storage.getStore() ?? null;
}

/** The current request's locale; Indonesian outside a request. */
export function currentLocale(): Locale {
  return storage.getStore()?.locale ?? DEFAULT_LOCALE;
}

/** Runs `fn` inside a given context (tests, worker jobs, jobs that act for a user). */
export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}
