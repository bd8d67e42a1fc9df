import { timingSafeEqual } from 'node:crypto';

/**
 * Who may read metrics: whoever sends `Authorization: Bearer <METRICS_TOKEN>`. Without METRICS_TOKEN the
 * metrics are not served at all (404); a request without a bearer token is 401, one with another token 403.
 */
export function metricsAccess(header: string | string[] | undefined, token: string | undefined): 200 | 401 | 403 | 404 {
  if (!token) return 404;
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  if (!match) return 401;
  const given = Buffer.from(match[1]);
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted) ? 200 : 403;
}
