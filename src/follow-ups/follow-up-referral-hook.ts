import { Injectable, OnModuleInit } from '@nestjs/common';
import { ReferralHooks } from '../referrals/referral-hooks';
import { FollowUpScheduler } from './follow-up-scheduler';

/**
 * Registers with the referrals feature's closing hook: a referral declined, expired, failed, cancelled or
 * redirected has its pending follow-ups cancelled in the same transaction. Loaded by the API and the worker,
 * the two processes that run referral transitions.
 */
@Injectable()
export class FollowUpReferralHook implements OnModuleInit {
  constructor(private readonly hooks: ReferralHooks, private readonly scheduler: FollowUpScheduler) {}

  onModuleInit(): void {
    this.hooks.onClosed((tx, closed, now) => this.scheduler.cancelForUnservedReferrals(tx, closed, now));
  }
}
