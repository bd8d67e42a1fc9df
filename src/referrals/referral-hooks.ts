import { Injectable, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReferralAction, ReferralStatus } from './referral-state';

/** A referral as a batch of transitions has just left it (updated, its event written, not yet committed). */
export interface TransitionedReferral {
  referralId: string;
  action: ReferralAction;
  fromStatus: ReferralStatus;
  status: ReferralStatus;
  /** The transition's reason ("redirected ..." for a cancellation by re-routing). */
  statusReason: string | null;
}

/** Work another feature does inside the transaction of a batch of referral transitions, on its own tables. */
export type ReferralTransitionHook = (tx: EntityManager, transitioned: TransitionedReferral[], now: Date) => Promise<unknown>;

/**
 * Where features above referrals hook into the transaction of a batch of referral transitions without referrals
 * knowing them (follow-ups schedules and cancels a referral's tasks here, in the same commit as the transition).
 * A hook runs once per batch of transitions, so a batch costs a few statements per hook, not a queued job.
 */
@Injectable()
export class ReferralHooks {
  private readonly transitionHooks: ReferralTransitionHook[] = [];

  onTransitioned(hook: ReferralTransitionHook): void {
    this.transitionHooks.push(hook);
  }

  async runTransitioned(tx: EntityManager, transitioned: TransitionedReferral[], now: Date): Promise<void> {
    if (!transitioned.length) return;
    for (const hook of this.transitionHooks) await hook(tx, transitioned, now);
  }
}

/** One registry per process, shared by the referrals core and the features that register with it. */
@Module({ providers: [ReferralHooks], exports: [ReferralHooks] })
export class ReferralHooksModule {}
