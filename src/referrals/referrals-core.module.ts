import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '../common/clock';
import { ReferralExpireJob, ReferralReminderJob } from './jobs/referral-sla.job';
import { ReferralLifecycle } from './referral-lifecycle.service';
import { ReferralEntity, ReferralEventEntity } from './referral.entity';

/** The lifecycle, shared by the API (user actions) and the worker (deadlines, re-routing). */
@Module({
  imports: [TypeOrmModule.forFeature([ReferralEntity, ReferralEventEntity])],
  providers: [ReferralLifecycle, Clock],
  exports: [ReferralLifecycle],
})
export class ReferralsCoreModule {}

/** The worker's referral job handlers. */
@Module({ imports: [ReferralsCoreModule], providers: [ReferralExpireJob, ReferralReminderJob] })
export class ReferralsJobsModule {}
