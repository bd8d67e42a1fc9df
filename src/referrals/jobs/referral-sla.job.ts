import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ReferralLinksService } from '../referral-links.service';
import { Notifier } from '../../notifications/notifier';
import { JobHandler, JobProcessor } from '../../jobs/job-handler.decorator';
import { JobPayloads } from '../../jobs/job-registry';
import { MicroBatcher } from '../../jobs/micro-batcher';
import { ReferralLifecycleService } from '../referral-lifecycle.service';
import { ReferralEntity } from '../referral.entity';

type ExpirePayload = JobPayloads['referrals.sla-expire'];
export interface ExpiryResult { expired: boolean; rerouted: string | null }

/** Deadlocks and serialization failures: the batch's transaction is run again (its jobs have not acted yet). */
const RETRYABLE = new Set(['40P01', '40001']);
const TRANSACTION_ATTEMPTS = 3;
/**
 * Expiry transactions one worker process runs at once. Expiries that fall due meanwhile wait for one to commit
 * and go together in the next (up to the batch size): under load, fewer and larger transactions instead of
 * more of them, each paying its round trips and commit, competing for the same CPU and the services' stats rows.
 */
export const EXPIRY_BATCHES_AT_ONCE = 2;

/**
 * The acceptance deadline. Payloads name the referral and the version it had when sent: if the referral has
 * moved on (answered, cancelled, re-sent), the job does nothing. Delivered twice, it acts once.
 *
 * Expiries that fall due together are applied together: each job joins a batch (REFERRAL_EXPIRY_BATCH_SIZE,
 * gathered for at most REFERRAL_EXPIRY_BATCH_WAIT_MS, or while EXPIRY_BATCHES_AT_ONCE batches are running) and
 * resolves when the batch's one transaction commits.
 * One expiry is a batch of one; the transaction is the same either way.
 */
@Injectable()
@JobHandler('referrals.sla-expire')
export class ReferralExpireJob implements JobProcessor<'referrals.sla-expire'> {
  private readonly logger = new Logger(ReferralExpireJob.name);
  private readonly batcher: MicroBatcher<ExpirePayload, ExpiryResult>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: ReferralLifecycleService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.batcher = new MicroBatcher((batch) => this.expire(batch), {
      maxSize: config.referrals.expiryBatchSize,
      maxWaitMs: config.referrals.expiryBatchWaitMs,
      maxConcurrent: EXPIRY_BATCHES_AT_ONCE,
    });
  }

  handle(p: ExpirePayload): Promise<ExpiryResult> {
    return this.batcher.add(p);
  }

  /**
   * Expires the batch's referrals that are still SENT at the job's version, in one transaction: the rows are
   * locked in id order, then re-checked, so a job that comes late or twice changes nothing. A job fired early
   * (clock skew between processes) fails alone, and BullMQ retries it with backoff.
   */
  async expire(batch: ExpirePayload[]): Promise<(ExpiryResult | Error)[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.expireOnce(batch);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= TRANSACTION_ATTEMPTS) throw err;
        this.logger.warn({ code, attempt, jobs: batch.length }, 'expiry batch retried');
      }
    }
  }

  private expireOnce(batch: ExpirePayload[]): Promise<(ExpiryResult | Error)[]> {
    return this.db.transaction(async (tx) => {
      const ids = [...new Set(batch.map((p) => p.referralId))];
      const rows = await tx.getRepository(ReferralEntity).find({ where: { id: In(ids) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      const due: ReferralEntity[] = [];
      const outcomes = batch.map((p): ReferralEntity | Error | null => {
        const r = byId.get(p.referralId);
        if (!r || r.status !== 'SENT' || r.version !== p.version) return null;
        if (r.acceptBy && r.acceptBy.getTime() > Date.now() + 1000) return new Error(`referral ${r.id} expires at ${r.acceptBy.toISOString()}, not yet`);
        byId.delete(r.id); // the same job twice in one batch acts once
        due.push(r);
        return r;
      });
      const expired = await this.lifecycle.applyMany(tx, due.map((r) => ({
        r, action: 'expire' as const, actor: 'SYSTEM' as const, actorId: null, req: { reason: 'no answer before the acceptance deadline' },
      })));
      const after = new Map(expired.map((r) => [r.id, r]));
      if (expired.length) {
        this.logger.log({ referralIds: expired.map((r) => r.id), rerouted: expired.filter((r) => r.suggestedNextServiceId).map((r) => r.id) }, 'referrals expired');
      }
      return outcomes.map((o) => {
        if (o instanceof Error) return o;
        if (!o) return { expired: false, rerouted: null };
        return { expired: true, rerouted: after.get(o.id)!.suggestedNextServiceId };
      });
    });
  }
}

@Injectable()
@JobHandler('referrals.sla-reminder')
export class ReferralReminderJob implements JobProcessor<'referrals.sla-reminder'> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifier: Notifier,
    private readonly links: ReferralLinksService,
  ) {}

  async handle(p: JobPayloads['referrals.sla-reminder']): Promise<{ reminded: boolean }> {
    return this.db.transaction(async (tx) => {
      const r = await tx.getRepository(ReferralEntity).findOne({ where: { id: p.referralId } });
      if (!r || r.status !== 'SENT' || r.version !== p.version) return { reminded: false };
      // The reminder links to the referral's single-referral link too, while it is open.
      const linkId = await this.links.openLinkId(tx, r.id);
      const id = await this.notifier.notify(tx, {
        recipient: { organizationId: r.toOrganizationId }, template: 'referral.reminder', data: linkId ? { referralId: r.id, linkId } : { referralId: r.id },
        dedupeKey: `referral.reminder:${r.id}:${r.version}`,
      });
      return { reminded: id !== null };
    });
  }
}
