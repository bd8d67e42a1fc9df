import type { IncomingMessage, ServerResponse } from 'node:http';
import { localeOfRequest } from '../common/request-context';
import { localize } from '../common/messages';
import type { AuthService } from './auth.service';
import { CSRF_HEADER, hasBearer, needsCsrf, sessionCookieOf } from './session-cookie';

export const CSRF_TOKEN_INVALID = 'CSRF_TOKEN_INVALID';
const MESSAGE = 'Missing or wrong X-CSRF-Token header for a cookie session';

type Req = IncomingMessage & { originalUrl?: string; path?: string; csrfChecked?: boolean };

/**
 * Middleware (on the Node request, before routing's handlers), before every route: a request that authenticates by the console's session cookie (no
 * bearer header; a cookie holding a valid session token) must carry the session's CSRF token in `X-CSRF-Token`
 * on every /graphql request and on every unsafe method; otherwise it is refused with 403 CSRF_TOKEN_INVALID
 * before anything runs. A cookie whose token is not valid (bad signature, expired) is ignored here: the request
 * is then simply unauthenticated, so public operations still work from a browser holding a stale cookie.
 * Marks the request checked, which the auth guard requires before it accepts a cookie.
 */
export function sessionCsrfMiddleware(auth: AuthService) {
  return (req: Req, res: ServerResponse, next: () => void): void => {
    const token = hasBearer(req.headers) ? undefined : sessionCookieOf(req.headers);
    if (!token) return next();
    const path = req.path ?? (req.originalUrl ?? req.url ?? '/').split('?')[0];
    if (!needsCsrf(req.method, path)) return next();
    void auth.verifiedSessionId(token).then((sid) => {
      if (!sid) return next();
      const given = req.headers[CSRF_HEADER];
      if (auth.csrf.matches(sid, Array.isArray(given) ? given[0] : given)) {
        req.csrfChecked = true;
        return next();
      }
      refuse(req, res, path);
    }, () => refuse(req, res, path));
  };
}

function refuse(req: Req, res: ServerResponse, path: string): void {
  const message = localize(MESSAGE, localeOfRequest(req));
  res.statusCode = 403;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  const graphql = path === '/graphql' || path.startsWith('/graphql/');
  res.end(JSON.stringify(graphql ? { errors: [{ message, extensions: { code: CSRF_TOKEN_INVALID } }] } : { code: CSRF_TOKEN_INVALID, message }));
}
