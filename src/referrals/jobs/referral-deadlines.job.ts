import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { referralExpiryLateness } from '../../common/metrics';
import { SweeperOptions, TimerSetHandler, TimerSetProcessor } from '../../jobs/timer-set-sweeper';
import { EXPIRY_BATCHES_AT_ONCE } from './referral-sla.job';
import { Notifier } from '../../notifications/notifier';
import { reminderAt } from '../referral-effects';
import { ReferralLifecycleService } from '../referral-lifecycle.service';
import { ReferralLinksService } from '../referral-links.service';
import { ReferralEntity } from '../referral.entity';

/** Deadlocks and serialization failures: the batch's transaction is run again (it has not acted yet). */
const RETRYABLE = new Set(['40P01', '40001']);
const TRANSACTION_ATTEMPTS = 3;

/** A timer up to this early (clock skew between processes) acts; an earlier one is put back for its time. */
export const EARLY_TOLERANCE_MS = 1000;

/** What one batch did: by referral id. */
export interface DeadlinesOutcome {
  expired: string[];
  reminded: string[];
  /** Referrals not due yet (the timer fired early, or after the reminder), with the time of their next deadline. */
  later: Map<string, Date>;
}

/**
 * The `referral-deadlines` timer set: a member is a referral id, due at the referral's next deadline. For the
 * batch of referrals that fell due, in one transaction, the ones still SENT (locked in id order; the rest are
 * done: answered, cancelled, expired before) are
 * - past their acceptance deadline: expired together (one applyMany: the referrals' set-based UPDATE with their
 *   version check, the EXPIRED events by the system, the needs, the case managers' notifications, re-routing);
 * - past the half-time reminder: the receiving organisation reminded (once per referral and version: the
 *   notification's dedupe key), and the timer put back for the deadline;
 * - neither (fired early): put back for the next of the two.
 * Run twice, or after the referral moved on, it changes nothing.
 */
@Injectable()
@TimerSetHandler('referral-deadlines')
export class ReferralDeadlinesJob implements TimerSetProcessor {
  private readonly logger = new Logger(ReferralDeadlinesJob.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: ReferralLifecycleService,
    private readonly notifier: Notifier,
    private readonly links: ReferralLinksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handleDue(referralIds: string[]): Promise<Map<string, Date>> {
    return (await this.run(referralIds)).later;
  }

  /** The batch, its transaction tried again on a deadlock; lateness observed after the commit. */
  async run(referralIds: string[], now: () => number = Date.now): Promise<DeadlinesOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { outcome, deadlines } = await this.db.transaction((tx) => this.apply(tx, referralIds, now()));
        const at = Date.now();
        for (const d of deadlines) referralExpiryLateness.observe(Math.max(0, (at - d.getTime()) / 1000));
        return outcome;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= TRANSACTION_ATTEMPTS) throw err;
        this.logger.warn({ code, attempt, referrals: referralIds.length }, 'deadline batch retried');
      }
    }
  }

  private async apply(tx: EntityManager, referralIds: string[], now: number): Promise<{ outcome: DeadlinesOutcome; deadlines: Date[] }> {
    const ids = [...new Set(referralIds)];
    const rows = await tx.getRepository(ReferralEntity).find({
      where: { id: In(ids), status: 'SENT' }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' },
    });
    const later = new Map<string, Date>();
    const due: ReferralEntity[] = [];
    const remind: ReferralEntity[] = [];
    for (const r of rows) {
      if (!r.acceptBy || !r.sentAt) continue;
      const remindAt = reminderAt(r);
      if (r.acceptBy.getTime() <= now + EARLY_TOLERANCE_MS) due.push(r);
      else if (remindAt.getTime() <= now + EARLY_TOLERANCE_MS) {
        remind.push(r);
        later.set(r.id, r.acceptBy);
      } else later.set(r.id, remindAt);
    }
    const expired = due.length ? await this.lifecycle.applyMany(tx, due.map((r) => ({
      r, action: 'expire' as const, actor: 'SYSTEM' as const, actorId: null, req: { reason: 'no answer before the acceptance deadline' },
    }))) : [];
    const reminded: string[] = [];
    for (const r of remind) {
      // The reminder links to the referral's single-referral link too, while it is open.
      const linkId = await this.links.openLinkId(tx, r.id);
      const id = await this.notifier.notify(tx, {
        recipient: { organizationId: r.toOrganizationId }, template: 'referral.reminder', data: linkId ? { referralId: r.id, linkId } : { referralId: r.id },
        dedupeKey: `referral.reminder:${r.id}:${r.version}`,
      });
      if (id) reminded.push(r.id);
    }
    if (expired.length) {
      this.logger.log({ referralIds: expired.map((r) => r.id), rerouted: expired.filter((r) => r.suggestedNextServiceId).map((r) => r.id) }, 'referrals expired');
    }
    const expiredIds = new Set(expired.map((r) => r.id));
    return {
      outcome: { expired: [...expiredIds], reminded, later },
      deadlines: due.filter((r) => expiredIds.has(r.id)).map((r) => r.acceptBy!),
    };
  }

  /** Batches of REFERRAL_EXPIRY_BATCH_SIZE, EXPIRY_BATCHES_AT_ONCE at once per worker, the set looked at every REFERRAL_TIMER_POLL_MS. */
  sweeperOptions(): Partial<SweeperOptions> {
    return { batchSize: this.config.referrals.expiryBatchSize, concurrency: EXPIRY_BATCHES_AT_ONCE, pollMs: this.config.referrals.timerPollMs };
  }
}
