import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { currentRequest } from '../common/request-context';
import { AuthService } from './auth.service';
import { AuthPayload, toUserType } from './identity.types';
import { RateLimitService } from './rate-limits.service';

@Injectable()
export class LoginService {
  constructor(
    private readonly auth: AuthService,
    private readonly limits: RateLimitService,
  ) {}

  /**
   * Blocked accounts and addresses are refused before the password is checked, so a correct password
   * during the block does not get through (and does not tell an attacker that it was correct).
   */
  async login(email: string, password: string): Promise<AuthPayload> {
    const address = currentRequest()?.clientAddress ?? null;
    await this.limits.assertLoginAllowed(email, address);
    const user = await this.auth.verifyCredentials(email, password);
    if (!user) {
      await this.limits.recordLoginFailure(email, address);
      throw AppError.unauthenticated('Wrong email or password');
    }
    await this.limits.recordLoginSuccess(email);
    const { token, expiresAt } = await this.auth.issueToken(user);
    return { token, expiresAt, user: toUserType(user) };
  }
}
