import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AppConfigModule } from '../config/app-config.module';
import { DatabaseModule } from '../database/database.module';
import { DirectoryModule } from '../directory/directory.module';
import { UserEntity } from '../identity/user.entity';
import { JobsModule } from '../jobs/jobs.module';
import { RedisModule } from '../redis/redis.module';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';

/**
 * The application context of the demo loader (scripts/seed-demo.ts): the directory's own services, so
 * every rule that applies to a GraphQL write applies to the demo data too. Like the worker, it never
 * runs migrations: the API does that on start.
 */
@Module({
  imports: [
    AppConfigModule,
    DatabaseModule.forRoot('worker'),
    RedisModule,
    JobsModule,
    AuditModule,
    TaxonomyModule,
    DirectoryModule,
    TypeOrmModule.forFeature([UserEntity]),
  ],
})
export class SeedModule {}
