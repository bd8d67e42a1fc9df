import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { actorInRequest, requestContextOf } from '../common/request-context';
import { AuthService } from './auth.service';
import { AuthPayload, toUserType, UserType } from './identity.types';
import type { UserEntity } from './user.entity';
import { RateLimitService } from './rate-limit.service';

@Injectable()
export class LoginService {
  constructor(
    private readonly auth: AuthService,
    private readonly limits: RateLimitService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /**
   * Blocked accounts and addresses are refused before the password is checked, so a correct password
   * during the block does not get through (and does not tell an attacker that it was correct).
   */
  async login(email: string, password: string, request: unknown): Promise<AuthPayload> {
    const user = await this.checkCredentials(email, password, request);
    const { token, expiresAt } = await this.auth.issueToken(user);
    return { token, expiresAt, user: toUserType(user) };
  }

  /** The same checks as login (throttling, audit), then a console session token instead of a plain one (POST /auth/session). */
  async startSession(email: string, password: string, request: unknown): Promise<{ token: string; expiresAt: Date; sessionId: string; user: UserType }> {
    const user = await this.checkCredentials(email, password, request);
    const session = await this.auth.issueSessionToken(user);
    return { ...session, user: toUserType(user) };
  }

  /** `request`: the sign-in's HTTP request (its client address is throttled and audited). */
  private async checkCredentials(email: string, password: string, request: unknown): Promise<UserEntity> {
    const address = requestContextOf(request)?.clientAddress ?? null;
    await this.limits.assertLoginAllowed(email, address);
    const { user, accountId } = await this.auth.verifyCredentials(email, password);
    if (!user) {
      await this.limits.recordLoginFailure(email, address);
      // A failed sign-in to an existing account is audited against it; an unknown email has nothing to name.
      if (accountId) await this.audit.record(this.db.manager, SYSTEM_ACTOR, { action: 'LOGIN_FAILED', entityType: 'User', entityId: accountId }, request);
      throw AppError.unauthenticated('Wrong email or password');
    }
    await this.limits.recordLoginSuccess(email);
    const actor = actorInRequest({ id: user.id, email: user.email, role: user.role, organizationId: user.organizationId, regionScope: user.regionScope }, request);
    await this.audit.record(this.db.manager, actor, {
      action: 'LOGIN_SUCCEEDED', entityType: 'User', entityId: user.id, entityOrganizationId: user.organizationId,
    });
    return user;
  }
}
