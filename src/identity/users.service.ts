import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuthService } from './auth.service';
import { toUserType, UserType } from './identity.types';
import { UserEntity } from './user.entity';
import type { Viewer } from '../common/viewer';

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A first admin from ADMIN_EMAIL/ADMIN_PASSWORD when no user exists yet. */
  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.config.auth;
    if (!adminEmail || !adminPassword) return;
    if ((await this.users.count()) > 0) return;
    await this.users
      .createQueryBuilder()
      .insert()
      .values({
        email: adminEmail,
        name: 'Administrator',
        role: 'ADMIN',
        passwordHash: await AuthService.hashPassword(adminPassword),
      })
      .orIgnore()
      .execute();
    this.logger.log('created the first admin user from ADMIN_EMAIL');
  }

  async me(viewer: Viewer): Promise<UserType> {
    const user = await this.users.findOne({ where: { id: viewer.id } });
    if (!user) throw AppError.notFound('User', viewer.id);
    return toUserType(user);
  }
}
