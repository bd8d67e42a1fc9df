import { Injectable, OnModuleInit } from '@nestjs/common';
import { ReferralHooks } from '../referrals/referral-hooks';
import { FollowUpScheduler } from './follow-up-scheduler';

/**
 * Registers with the referrals feature's transition hook: a referral accepted, started or completed gets the
 * follow-ups its new state calls for, and one declined, expired, failed, cancelled or redirected has its pending
 * follow-ups cancelled, in the same transaction as the transition (FollowUpScheduler.applyTransitions). Loaded
 * by the API and the worker, the two processes that run referral transitions.
 */
@Injectable()
export class FollowUpReferralHook implements OnModuleInit {
  constructor(private readonly hooks: ReferralHooks, private readonly scheduler: FollowUpScheduler) {}

  onModuleInit(): void {
    this.hooks.onTransitioned((tx, transitioned, now) => this.scheduler.applyTransitions(tx, transitioned, now));
  }
}
