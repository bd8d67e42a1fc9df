import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { IdentityResolver } from './identity.resolver';
import { LoginService } from './login.service';
import { RateLimitService } from './rate-limit.service';
import { UserEntity } from './user.entity';
import { UsersService } from './users.service';
import { SessionController } from './session.controller';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({ secret: c.auth.jwtSecret, signOptions: { algorithm: 'HS256', issuer: 'rujuk' }, verifyOptions: { issuer: 'rujuk' } }),
    }),
  ],
  controllers: [SessionController],
  providers: [
    AuthService, LoginService, UsersService, RateLimitService, IdentityResolver,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, UsersService, RateLimitService],
})
export class IdentityModule {}
