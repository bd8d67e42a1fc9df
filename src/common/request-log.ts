import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { beginHttpRequest } from './request-context';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Health checks answer often and are not logged. */
const UNLOGGED = new Set(['/healthz', '/readyz']);

/** The request's id: X-Request-Id when the caller sent a sane one (letters, digits, `._-`, up to 64), else new. */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * The first middleware of every HTTP request, on plain node requests and responses (any HTTP framework): gives
 * the request its id (echoed in X-Request-Id, kept as `req.id`) and its request context (request-context.ts,
 * held on the request: requestContextOf finds it), and writes one access line
 * when the response is done: `req` (id, method, URL), `res` (status), `responseTime` in ms, from the root
 * logger, with no child logger per request. A response with a status of 500 or more is logged as
 * `request errored` with an `err`; a connection closed before the response ended as `request aborted` (with
 * a status of null when no header had been sent). `ip` gives the client's address as the HTTP framework computes
 * it (X-Forwarded-For from trusted proxies only), read when the request context is asked for it.
 */
export function requestLogMiddleware(log: Logger) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void, ip?: () => string | undefined): void => {
    const id = requestIdFor(req);
    (req as IncomingMessage & { id?: string }).id = id;
    res.setHeader('X-Request-Id', id);
    const { method, url } = req;
    if (!UNLOGGED.has(url ?? '') && log.isLevelEnabled('info')) {
      const start = Date.now();
      res.once('close', () => {
        const fields = { req: { id, method, url }, res: { statusCode: res.headersSent ? res.statusCode : null }, responseTime: Date.now() - start };
        if (res.statusCode >= 500) {
          log.info({ ...fields, err: new Error(`failed with status code ${res.statusCode}`) }, 'request errored');
        } else {
          log.info(fields, !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted');
        }
      });
    }
    beginHttpRequest(req, id, ip);
    next();
  };
}
