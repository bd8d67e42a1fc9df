import { Module } from '@nestjs/common';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { UserManagementService } from './user-management.service';
import { UsersResolver } from './users.resolver';

/** User management: admins and coordinators create, list, deactivate and re-role users (identity/ signs them in). */
@Module({
  imports: [TaxonomyModule],
  providers: [UserManagementService, UsersResolver],
})
export class UsersModule {}
