import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { LoggerModule } from 'nestjs-pino';
import { graphqlOptions } from './common/graphql.config';
import { AuditModule } from './audit/audit.module';
import { loggerParams } from './common/logging';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DirectoryModule } from './directory/directory.module';
import { HealthModule } from './health/health.module';
import { IdentityModule } from './identity/identity.module';
import { JobsModule } from './jobs/jobs.module';
import { RedisModule } from './jobs/redis.module';
import { TaxonomyModule } from './taxonomy/taxonomy.module';

/** The API process: GraphQL, health endpoints, and every feature module. */
@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (c: AppConfig) => loggerParams(c, 'rujuk-api') }),
    DatabaseModule.forRoot('api'),
    RedisModule,
    JobsModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => graphqlOptions(c),
    }),
    HealthModule,
    AuditModule,
    IdentityModule,
    TaxonomyModule,
    DirectoryModule,
  ],
})
export class AppModule {}
