import { Module } from '@nestjs/common';
import { UserManagementService } from './user-management.service';
import { UsersResolver } from './users.resolver';

/** User management: admins and coordinators create, list, deactivate and re-role users (identity/ signs them in). */
@Module({
  providers: [UserManagementService, UsersResolver],
})
export class UsersModule {}
