import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseAccessModule } from '../cases/case-access.module';
import { Clock } from '../common/clock';
import { ServiceRowsModule } from '../directory/service-rows.module';
import { ReferralHooksModule } from '../referrals/referral-hooks';
import { FollowUpReads } from './follow-up-reads.service';
import { FollowUpReferralHook } from './follow-up-referral-hook';
import { FollowUpScheduler } from './follow-up-scheduler';
import { FollowUpEntity, FollowUpEventEntity } from './follow-up.entity';
import { FollowUpsResolver } from './follow-ups.resolver';
import { FollowUpsService } from './follow-ups.service';
import { CaseClosedFollowUpTimers } from './jobs/case-closed-timers';
import { CaseClosedJob, DueScanJob, ReferralChangedJob, StaleScanJob } from './jobs/follow-up.jobs';

/**
 * The set-based scheduling (one instance per process) and its registration with the referrals' closing hook, so
 * every process that runs referral transitions (API and worker) cancels a closed referral's pending tasks.
 */
@Module({ imports: [ReferralHooksModule], providers: [FollowUpScheduler, FollowUpReferralHook], exports: [FollowUpScheduler] })
export class FollowUpSchedulingModule {}

/** Follow-up tasks after a referral is accepted: the API's queries and mutations. */
@Module({
  imports: [TypeOrmModule.forFeature([FollowUpEntity, FollowUpEventEntity]), CaseAccessModule, ServiceRowsModule, FollowUpSchedulingModule],
  providers: [Clock, FollowUpReads, FollowUpsService, FollowUpsResolver],
})
export class FollowUpsModule {}

/** The worker's follow-up jobs: scheduling from referral and case events, the due and stale scans. */
@Module({
  imports: [TypeOrmModule.forFeature([FollowUpEntity, FollowUpEventEntity]), FollowUpSchedulingModule],
  providers: [Clock, CaseClosedFollowUpTimers, ReferralChangedJob, CaseClosedJob, DueScanJob, StaleScanJob],
  exports: [FollowUpSchedulingModule],
})
export class FollowUpsJobsModule {}
