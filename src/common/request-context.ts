import { AsyncLocalStorage } from 'node:async_hooks';
import { isIP } from 'node:net';
import { DEFAULT_LOCALE, Locale, requestLocale } from './locale';

/**
 * From where and under which request id, in which language: the context of one HTTP request or one worker job.
 *
 * In the API it travels explicitly: `beginHttpRequest` (the access log's hook, request-log.ts) puts it on the Node
 * request, the auth guard's viewer of the request carries it (`actorInRequest`), and what records or answers
 * something finds it with `requestContextOf(request | GraphQL context | actor)`. The API never enters an
 * AsyncLocalStorage: on Node 20 a store, once entered, turns on promise hooks for every promise in the process,
 * which cost about 7% of a search's CPU (docs/performance/framework.md). So a log line written during a request
 * carries the request's fields only when its writer passes them (`logFields()`): the access line and the error
 * lines do.
 *
 * A worker runs each job inside the store (jobs/job-log-context.ts): there `currentRequest()` gives the job's
 * context, every log line written during the job carries its fields (logging.ts), and `requestContextOf` falls
 * back to it. Who is asking is not here: it is passed explicitly (the viewer).
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
 * Gives an HTTP request its context, with the given id, held on the request (requestContextOf finds it). `ip`
 * gives the client's address as the HTTP framework computes it (trusted proxies), read only when asked for.
 */
export function beginHttpRequest(req: RequestLike, requestId: string, ip?: () => string | undefined): void {
  (req as Holder)[REQUEST_CONTEXT] = new HttpRequestContext(req, requestId, ip);
}

/** Where a request's context is held: on its Node request, and on an actor of that request (actorInRequest). */
const REQUEST_CONTEXT = Symbol('rujuk.requestContext');
type Holder = { [REQUEST_CONTEXT]?: RequestContext; raw?: Holder; req?: Holder };

/**
 * The context of the request `holder` belongs to: an HTTP request (Node's, or Fastify's around it), a GraphQL
 * context (its `req`) or an actor of that request (actorInRequest). Without one (a job, a script), the context
 * the code runs in (currentRequest: a worker's job), or null.
 */
export function requestContextOf(holder: unknown): RequestContext | null {
  const h = holder !== null && typeof holder === 'object' ? (holder as Holder) : undefined;
  return h?.[REQUEST_CONTEXT] ?? h?.raw?.[REQUEST_CONTEXT] ?? h?.req?.[REQUEST_CONTEXT] ?? currentRequest();
}

/** The language of the request `holder` belongs to (as requestContextOf finds it); Indonesian without one. */
export function localeOfRequest(holder: unknown): Locale {
  return requestContextOf(holder)?.locale ?? DEFAULT_LOCALE;
}

/**
 * An actor (the signed-in viewer, a link) as the actor of the request `holder` belongs to: a copy of it carrying
 * the request's context, for what it records (audit rows, outbox messages, jobs). The context is held under a
 * symbol: JSON and the actor's fields do not show it. The actor itself when there is no request.
 */
export function actorInRequest<T extends object>(actor: T, holder: unknown): T {
  const ctx = requestContextOf(holder);
  return ctx ? { ...actor, [REQUEST_CONTEXT]: ctx } : actor;
}

/** The context of the job this code runs in (a worker's, runWithRequestContext), or null: the API never enters one. */
export function currentRequest(): RequestContext | null {
  return storage.getStore() ?? null;
}

/** Runs `fn` inside a given context: a worker's job (jobs/job-log-context.ts), tests. Never in the API process. */
export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}
