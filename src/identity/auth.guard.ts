import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../common/app-error';
import { AuthService } from './auth.service';
import { requestOf } from '../common/current-user.decorator';
import { IS_PUBLIC } from './public.decorator';
import { RateLimitService } from './rate-limit.service';
import type { Viewer } from '../common/viewer';

type AuthRequest = ReturnType<typeof requestOf> & { body?: unknown; viewerPromise?: Promise<Viewer> };

/**
 * Global guard: every operation needs a valid bearer token unless marked @Public(). The user is taken as they
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

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()]);
    if (isPublic) return true;
    const req = requestOf(ctx) as AuthRequest;
    if (req.user) return true;
    // The operations of a batched request share one request object and run concurrently: authenticate once.
    req.viewerPromise ??= this.authenticate(req);
    req.user = await req.viewerPromise;
    return true;
  }

  private async authenticate(req: AuthRequest): Promise<Viewer> {
    const header = req.headers['authorization'];
    const value = Array.isArray(header) ? header[0] : header;
    const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
    if (!match) throw AppError.unauthenticated('Missing bearer token');
    const viewer = await this.auth.viewerFromToken(match[1]);
    await this.limits.consumeUserQuota(viewer.id, Array.isArray(req.body) ? req.body.length : 1);
    return viewer;
  }
}
