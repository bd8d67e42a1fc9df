import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '../common/clock';
import { CancelForClosedCaseJob } from './jobs/cancel-for-closed-case.job';
import { ReferralExpireJob, ReferralReminderJob } from './jobs/referral-sla.job';
import { CaseAccessModule } from '../cases/case-access.module';
import { ServiceRowsModule } from '../directory/service-rows.module';
import { MatchRunsModule } from '../matching/match-runs.module';
import { MatchingModule } from '../matching/matching.module';
import { ReferralLifecycleService } from './referral-lifecycle.service';
import { ReferralRoutingService } from './referral-routing.service';
import { ReferralTransitionsService } from './referral-transitions.service';
import { ReferralLinksService } from './referral-links.service';
import { ReferralHooksModule } from './referral-hooks';
import { ReferralEntity, ReferralEventEntity } from './referral.entity';
import { ClosedCaseReferralTimers, ReferralDeadlineTimers } from './jobs/referral-timers';
import { ReferralDeadlinesJob } from './jobs/referral-deadlines.job';

/** The lifecycle, shared by the API (user actions) and the worker (deadlines, re-routing). */
@Module({
  imports: [TypeOrmModule.forFeature([ReferralEntity, ReferralEventEntity]), CaseAccessModule, ServiceRowsModule, MatchRunsModule, MatchingModule, ReferralHooksModule],
  providers: [ReferralLifecycleService, ReferralTransitionsService, ReferralRoutingService, ReferralLinksService, Clock],
  exports: [ReferralLifecycleService, ReferralRoutingService, ReferralLinksService, CaseAccessModule],
})
export class ReferralsCoreModule {}

/** The worker's referral job handlers, the deadlines' timer set handler and the reconciler's sources of their timers. */
@Module({
  imports: [ReferralsCoreModule],
  providers: [ReferralExpireJob, ReferralReminderJob, CancelForClosedCaseJob, ReferralDeadlinesJob, ReferralDeadlineTimers, ClosedCaseReferralTimers],
})
export class ReferralsJobsModule {}
