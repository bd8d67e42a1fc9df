import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { AppError } from '../../common/app-error';
import type { Viewer } from '../../common/viewer';
import { actorInRequest } from '../../common/request-context';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuthService } from '../../identity/auth.service';
import { RateLimitService } from '../../identity/rate-limit.service';

/**
 * The HSDS endpoints are marked public for the global guard; this guard decides by configuration: with
 * HSDS_API_PUBLIC=true anyone may read, otherwise a bearer token is needed as for GraphQL (the user as they are
 * now, counted against their rate limit).
 */
@Injectable()
export class HsdsAccessGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.config.publish.hsdsApiPublic) return true;
    const req = ctx.switchToHttp().getRequest<IncomingMessage & { user?: Viewer }>();
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw AppError.unauthenticated('Missing bearer token');
    req.user = actorInRequest(await this.auth.viewerFromToken(match[1]), req);
    await this.limits.consumeUserQuota(req.user.id, 1);
    return true;
  }
}
