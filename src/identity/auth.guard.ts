import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, ErrorCode } from '../common/app-error';
import { needsCsrf, sessionCookieOf } from './session-cookie';
import { AuthService } from './auth.service';
import { requestOf } from '../common/current-user.decorator';
import { actorInRequest } from '../common/request-context';
import { IS_PUBLIC } from './public.decorator';
import { RateLimitService } from './rate-limit.service';
import type { Viewer } from '../common/viewer';

type AuthRequest = ReturnType<typeof requestOf> & {
  body?: unknown; viewerPromise?: Promise<Viewer>; method?: string; path?: string; originalUrl?: string; url?: string; csrfChecked?: boolean;
};

/**
 * Global guard: every operation needs a valid bearer token, or the console's session cookie (with its CSRF
 * header where one is needed; a request with both uses the bearer), unless marked @Public(). The user is taken as they
 * are now (AuthService.viewerFromToken: a deactivation or role change takes effect at the next request) and the
 * request is counted against the user's rate limit, once per HTTP request (weighted by the operations of a batch).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly limits: RateLimitService,
  ) {}

  /** Whether an operation is @Public(), per class and handler (the metadata never changes). */
  private readonly publicHandlers = new WeakMap<object, WeakMap<object, boolean>>();

  /**
   * Without a promise when the request can be admitted at once (a token verified before, a user in the viewer
   * cache, a quota this process counts alone): most requests.
   */
  canActivate(ctx: ExecutionContext): boolean | Promise<boolean> {
    if (this.isPublic(ctx)) return true;
    const req = requestOf(ctx) as AuthRequest;
    if (req.user) return true;
    // The operations of a batched request share one request object and run concurrently: authenticate once.
    if (!req.viewerPromise) {
      try {
        const viewer = this.authenticateNow(req);
        if (viewer) {
          req.user = actorInRequest(viewer, req);
          return true;
        }
      } catch (err) {
        req.viewerPromise = Promise.reject(err);
        req.viewerPromise.catch(() => undefined);
        throw err;
      }
      req.viewerPromise = this.authenticate(req);
    }
    return req.viewerPromise.then((viewer) => {
      req.user = actorInRequest(viewer, req);
      return true;
    });
  }

  private isPublic(ctx: ExecutionContext): boolean {
    const type = ctx.getClass();
    const handler = ctx.getHandler();
    let byHandler = this.publicHandlers.get(type);
    if (!byHandler) this.publicHandlers.set(type, (byHandler = new WeakMap()));
    let known = byHandler.get(handler);
    if (known === undefined) {
      known = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, type]) === true;
      byHandler.set(handler, known);
    }
    return known;
  }

  /** authenticate() when it needs no waiting: the viewer (counted against the quota), or undefined. */
  private authenticateNow(req: AuthRequest): Viewer | undefined {
    const token = bearerToken(req);
    const viewer = token ? this.auth.viewerFromTokenNow(token) : undefined;
    if (!viewer || !this.limits.consumeUserQuotaNow(viewer.id, operationsOf(req))) return undefined;
    return viewer;
  }

  private async authenticate(req: AuthRequest): Promise<Viewer> {
    const token = bearerToken(req) ?? this.sessionToken(req);
    if (!token) throw AppError.unauthenticated('Missing bearer token');
    const viewer = await this.auth.viewerFromToken(token);
    await this.limits.consumeUserQuota(viewer.id, operationsOf(req));
    return viewer;
  }

  /**
   * The console's session cookie, when the request has no bearer header: only a session token (one with a
   * session id), and only once sessionCsrfMiddleware has checked the CSRF header where one is needed.
   */
  private sessionToken(req: AuthRequest): string | undefined {
    const token = sessionCookieOf(req.headers);
    if (!token || !this.auth.sessionIdOf(token)) return undefined;
    const path = req.path ?? (req.originalUrl ?? req.url ?? '/').split('?')[0];
    if (needsCsrf(req.method, path) && !req.csrfChecked) throw new AppError(ErrorCode.CSRF_TOKEN_INVALID, 'Missing or wrong X-CSRF-Token header for a cookie session');
    return token;
  }
}

function bearerToken(req: AuthRequest): string | undefined {
  const header = req.headers['authorization'];
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match ? match[1] : undefined;
}

/** A batched request counts each of its operations. */
function operationsOf(req: AuthRequest): number {
  return Array.isArray(req.body) ? req.body.length : 1;
}
