import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphqlExceptionFilter } from './common/graphql-exception.filter';
import { GraphQLModule } from '@nestjs/graphql';
import { graphqlOptions } from './common/graphql.config';
import { graphqlMetricsPlugin } from './common/graphql-metrics';
import { PubSubModule } from './redis/pubsub';
import { AuditModule } from './audit/audit.module';
import { CasesModule } from './cases/cases.module';
import { LoggingModule } from './common/logging';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { DatabaseModule } from './database/database.module';
import { DirectoryModule } from './directory/directory.module';
import { FollowUpsModule } from './follow-ups/follow-ups.module';
import { GapsModule } from './gaps/gaps.module';
import { InteropImportModule } from './interop/import/interop-import.module';
import { HealthModule } from './health/health.module';
import { FhirModule } from './interop/fhir/fhir.module';
import { HsdsModule } from './interop/hsds/hsds.module';
import { AuthService } from './identity/auth.service';
import { IdentityModule } from './identity/identity.module';
import { JobsModule } from './jobs/jobs.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OutboxModule } from './outbox/outbox.module';
import { NotifierModule } from './notifications/notifier.module';
import { MatchingModule } from './matching/matching.module';
import { ReferralsModule } from './referrals/referrals.module';
import { RedisModule } from './redis/redis.module';
import { TaxonomyModule } from './taxonomy/taxonomy.module';
import { UsersModule } from './users/users.module';
import { MetricsModule } from './observability/metrics.module';
import { AdminQueuesModule } from './observability/admin-queues.module';

/** The API process: GraphQL, health endpoints, and every feature module. */
@Module({
  imports: [
    AppConfigModule,
    LoggingModule.forRoot('rujuk-api'),
    DatabaseModule.forRoot('api'),
    RedisModule,
    JobsModule,
    OutboxModule,
    NotifierModule,
    PubSubModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [IdentityModule],
      inject: [APP_CONFIG, AuthService],
      useFactory: (c: AppConfig, auth: AuthService) => graphqlOptions(c, [graphqlMetricsPlugin()], auth),
    }),
    HealthModule,
    AuditModule,
    IdentityModule,
    TaxonomyModule,
    DirectoryModule,
    UsersModule,
    NotificationsModule,
    CasesModule,
    MatchingModule,
    ReferralsModule,
    FollowUpsModule,
    GapsModule,
    MetricsModule,
    AdminQueuesModule,
    InteropImportModule,
    HsdsModule,
    FhirModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: GraphqlExceptionFilter }],
})
export class AppModule {}
