import { Injectable, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReferralStatus } from './referral-state';

/** A referral that a transition has just closed without service (UNSERVED_STATUSES: declined, expired, failed, cancelled). */
export interface ClosedReferral {
  referralId: string;
  status: ReferralStatus;
  /** The transition's reason ("redirected ..." for a cancellation by re-routing). */
  statusReason: string | null;
}

/** Work another feature does inside the transaction that closes referrals, on its own tables. */
export type ReferralClosedHook = (tx: EntityManager, closed: ClosedReferral[], now: Date) => Promise<unknown>;

/**
 * Where features above referrals hook into a referral's closing transaction without referrals knowing them
 * (follow-ups cancels the pending tasks of a closed referral here, in the same commit as the closing). A hook
 * runs once per batch of transitions, so an expiry batch costs one statement per hook, not a queued job.
 */
@Injectable()
export class ReferralHooks {
  private readonly closedHooks: ReferralClosedHook[] = [];

  onClosed(hook: ReferralClosedHook): void {
    this.closedHooks.push(hook);
  }

  async runClosed(tx: EntityManager, closed: ClosedReferral[], now: Date): Promise<void> {
    if (!closed.length) return;
    for (const hook of this.closedHooks) await hook(tx, closed, now);
  }
}

/** One registry per process, shared by the referrals core and the features that register with it. */
@Module({ providers: [ReferralHooks], exports: [ReferralHooks] })
export class ReferralHooksModule {}
