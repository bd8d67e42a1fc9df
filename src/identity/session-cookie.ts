import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { parse, serialize } from 'cookie';

/** The console's session cookie: the session token (a JWT with a session id), httpOnly, SameSite=Strict. */
export const SESSION_COOKIE = 'rujuk_session';
/** The header a cookie-authenticated request carries its CSRF token in (lower case, as Node hands headers over). */
export const CSRF_HEADER = 'x-csrf-token';

type Headers = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The session token of a request's Cookie header, or undefined. */
export function sessionCookieOf(headers: Headers): string | undefined {
  const raw = first(headers['cookie']);
  if (!raw) return undefined;
  const value = parse(raw)[SESSION_COOKIE];
  return value ? value : undefined;
}

/** True when the request names a bearer token (which then wins over any cookie). */
export function hasBearer(headers: Headers): boolean {
  return /^Bearer\s+\S+$/i.test(first(headers['authorization']) ?? '');
}

/** The Set-Cookie value that stores a session for `maxAgeSeconds` (0 clears it). */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure, maxAge: maxAgeSeconds });
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', path: '/', secure, maxAge: 0, expires: new Date(0) });
}

/**
 * CSRF tokens are derived, not stored: HMAC-SHA256 of the session id under a key derived from the signing
 * secret, in base64url. Only the server can compute one, a page of another origin cannot read it (it is handed
 * over in the JSON body of /auth/session, which CORS keeps from other origins), and it dies with the session.
 */
export class CsrfTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(`rujuk-csrf:${secret}`).digest();
  }

  tokenFor(sessionId: string): string {
    return createHmac('sha256', this.key).update(sessionId).digest('base64url');
  }

  matches(sessionId: string, given: unknown): boolean {
    if (typeof given !== 'string' || given.length === 0 || given.length > 128) return false;
    const expected = Buffer.from(this.tokenFor(sessionId));
    const actual = Buffer.from(given);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}

/** Whether a cookie-authenticated request must carry the CSRF header: every GraphQL request and every unsafe method. */
export function needsCsrf(method: string | undefined, path: string): boolean {
  if (path === '/graphql' || path.startsWith('/graphql/') || path.startsWith('/graphql?')) return true;
  return !['GET', 'HEAD', 'OPTIONS'].includes((method ?? 'GET').toUpperCase());
}

/** The origin (scheme://host[:port]) of a URL, or null when it is not one. */
export function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
