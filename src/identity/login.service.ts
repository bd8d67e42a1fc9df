import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { AuthService } from './auth.service';
import { AuthPayload, toUserType } from './identity.types';

@Injectable()
export class LoginService {
  constructor(private readonly auth: AuthService) {}

  async login(email: string, password: string): Promise<AuthPayload> {
    const user = await this.auth.verifyCredentials(email, password);
    if (!user) throw AppError.unauthenticated('Wrong email or password');
    const { token, expiresAt } = await this.auth.issueToken(user);
    return { token, expiresAt, user: toUserType(user) };
  }
}
