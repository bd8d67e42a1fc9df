import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseAccessModule } from '../cases/case-access.module';
import { Clock } from '../common/clock';
import { ServiceRowsModule } from '../directory/service-rows.module';
import { FollowUpReads } from './follow-up-reads.service';
import { FollowUpScheduler } from './follow-up-scheduler';
import { FollowUpEntity, FollowUpEventEntity } from './follow-up.entity';
import { FollowUpsResolver } from './follow-ups.resolver';
import { FollowUpsService } from './follow-ups.service';
import { CaseClosedJob, DueScanJob, ReferralChangedJob, StaleScanJob } from './jobs/follow-up.jobs';

/** Follow-up tasks after a referral is accepted: the API's queries and mutations. */
@Module({
  imports: [TypeOrmModule.forFeature([FollowUpEntity, FollowUpEventEntity]), CaseAccessModule, ServiceRowsModule],
  providers: [Clock, FollowUpReads, FollowUpsService, FollowUpsResolver],
})
export class FollowUpsModule {}

/** The worker's follow-up jobs: scheduling from referral and case events, the due and stale scans. */
@Module({
  imports: [TypeOrmModule.forFeature([FollowUpEntity, FollowUpEventEntity])],
  providers: [Clock, FollowUpScheduler, ReferralChangedJob, CaseClosedJob, DueScanJob, StaleScanJob],
  exports: [FollowUpScheduler],
})
export class FollowUpsJobsModule {}
