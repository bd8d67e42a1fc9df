import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { AppError, ErrorCode } from '../common/app-error';
import { AppErrorHttpFilter } from '../common/app-error-http.filter';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuthService } from './auth.service';
import { LoginInput } from './dto/identity.inputs';
import { UserType } from './identity.types';
import { LoginService } from './login.service';
import { Public } from './public.decorator';
import { clearedSessionCookie, sessionCookie, sessionCookieOf } from './session-cookie';
import { UsersService } from './users.service';

/** What POST and GET /auth/session answer. */
export interface SessionBody {
  user: Pick<UserType, 'id' | 'name' | 'email' | 'role' | 'organizationId'>;
  csrfToken: string;
  expiresAt: string;
}

/**
 * The web console's cookie session (docs/console-api.md). The session token lives only in the httpOnly
 * `rujuk_session` cookie; the page holds the CSRF token it gets here, in memory, and sends it as
 * `X-CSRF-Token`. Errors answer `{ code, message, field? }` with the HTTP status GraphQL's codes map to.
 */
@Controller('auth/session')
@UseFilters(AppErrorHttpFilter)
export class SessionController {
  constructor(
    private readonly login: LoginService,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Signs in: the same checks, throttling and audit as the `login` mutation. */
  @Public()
  @Post()
  @HttpCode(200)
  async signIn(@Body() input: LoginInput, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<SessionBody> {
    const session = await this.login.startSession(input.email, input.password, req);
    res.header('cache-control', 'no-store');
    res.header('set-cookie', sessionCookie(session.token, this.config.auth.jwtTtlSeconds, this.config.auth.sessionCookieSecure));
    return body(session.user, this.auth.csrf.tokenFor(session.sessionId), session.expiresAt);
  }

  /** The session of the cookie, with its CSRF token again (a reloaded page); 401 (and the cookie cleared) otherwise. */
  @Public()
  @Get()
  async current(@Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<SessionBody> {
    res.header('cache-control', 'no-store');
    const token = sessionCookieOf(req.headers);
    const sessionId = token ? this.auth.sessionIdOf(token) : undefined;
    if (!token || !sessionId) throw AppError.unauthenticated('Not signed in');
    try {
      const viewer = await this.auth.viewerFromToken(token);
      const user = await this.users.me(viewer);
      return body(user, this.auth.csrf.tokenFor(sessionId), new Date(this.auth.tokenExpiresAt(token) ?? Date.now()));
    } catch (err) {
      res.header('set-cookie', clearedSessionCookie(this.config.auth.sessionCookieSecure));
      throw err;
    }
  }

  /**
   * Signs out: revokes the session (its token is refused from now on, wherever it is presented) and clears the
   * cookie; 204. Needs the CSRF header when the cookie holds a valid session (sessionCsrfMiddleware checks it).
   */
  @Public()
  @Delete()
  @HttpCode(204)
  async signOut(@Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<void> {
    const token = sessionCookieOf(req.headers);
    // sessionCsrfMiddleware marks the Node request.
    if (token && (req.raw as IncomingMessage & { csrfChecked?: boolean }).csrfChecked) await this.auth.revokeSession(token);
    else if (token && (await this.auth.verifiedSessionId(token))) {
      // A valid session reached here without the CSRF check (only when the middleware is not installed).
      throw new AppError(ErrorCode.CSRF_TOKEN_INVALID, 'Missing or wrong X-CSRF-Token header for a cookie session');
    }
    res.header('cache-control', 'no-store');
    res.header('set-cookie', clearedSessionCookie(this.config.auth.sessionCookieSecure));
  }
}

function body(user: UserType, csrfToken: string, expiresAt: Date): SessionBody {
  return {
    user: { id: user.id, name: user.name, email: user.email, role: user.role, organizationId: user.organizationId },
    csrfToken,
    expiresAt: expiresAt.toISOString(),
  };
}
