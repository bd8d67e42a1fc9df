import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuditModule } from './audit/audit.module';
import { LoggingModule } from './common/logging';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { DatabaseModule } from './database/database.module';
import { DirectoryJobsModule } from './directory/directory-jobs.module';
import { FollowUpsJobsModule } from './follow-ups/follow-ups.module';
import { GapsJobsModule } from './gaps/gaps.module';
import { InteropImportJobsModule } from './interop/import/interop-import.module';
import { JobsModule } from './jobs/jobs.module';
import { NotificationsJobsModule } from './notifications/notifications-jobs.module';
import { OutboxModule } from './outbox/outbox.module';
import { NotifierModule } from './notifications/notifier.module';
import { RedisModule } from './redis/redis.module';
import { ReferralsJobsModule } from './referrals/referrals-core.module';
import { WorkerRunner } from './jobs/worker-runner';
import { ReconcilerService } from './jobs/reconciler.service';
import { dbPoolGaugeFor } from './observability/db-pool-gauge';
import { WorkerMetricsServer } from './observability/worker-metrics.server';

/** The worker process: BullMQ processors and repeatable schedules. Never runs migrations. */
@Module({
  imports: [
    AppConfigModule,
    LoggingModule.forRoot('rujuk-worker'),
    DatabaseModule.forRoot('worker'),
    RedisModule,
    JobsModule,
    DiscoveryModule,
    DirectoryJobsModule,
    OutboxModule,
    NotifierModule,
    NotificationsJobsModule,
    AuditModule,
    ReferralsJobsModule,
    FollowUpsJobsModule,
    GapsJobsModule,
    InteropImportJobsModule,
  ],
  providers: [WorkerRunner, ReconcilerService, WorkerMetricsServer, dbPoolGaugeFor('worker')],
})
export class WorkerModule {}
