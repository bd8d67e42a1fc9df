import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Notifier } from '../../notifications/notifier.service';
import { JobHandler, JobProcessor } from '../../jobs/job-handler.decorator';
import { JobPayloads } from '../../jobs/job-registry';
import { ReferralLifecycle } from '../referral-lifecycle.service';
import { ReferralEntity } from '../referral.entity';

/**
 * The acceptance deadline. Payloads name the referral and the version it had when sent: if the referral has
 * moved on (answered, cancelled, re-sent), the job does nothing. Delivered twice, it acts once.
 */
@Injectable()
@JobHandler('referrals.sla-expire')
export class ReferralExpireJob implements JobProcessor<'referrals.sla-expire'> {
  private readonly logger = new Logger(ReferralExpireJob.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: ReferralLifecycle,
  ) {}

  async handle(p: JobPayloads['referrals.sla-expire']): Promise<{ expired: boolean; rerouted: string | null }> {
    return this.db.transaction(async (tx) => {
      const r = await tx.getRepository(ReferralEntity).findOne({ where: { id: p.referralId }, lock: { mode: 'pessimistic_write' } });
      if (!r || r.status !== 'SENT' || r.version !== p.version) return { expired: false, rerouted: null };
      if (r.acceptBy && r.acceptBy.getTime() > Date.now() + 1000) {
        // Fired early (clock skew between processes): throwing lets BullMQ retry with backoff.
        throw new Error(`referral ${r.id} expires at ${r.acceptBy.toISOString()}, not yet`);
      }
      const expired = await this.lifecycle.applyInTx(tx, r, 'expire', 'SYSTEM', null, { reason: 'no answer before the acceptance deadline' });
      this.logger.log({ referralId: r.id, rerouted: expired.suggestedNextServiceId }, 'referral expired');
      return { expired: true, rerouted: expired.suggestedNextServiceId };
    });
  }
}

@Injectable()
@JobHandler('referrals.sla-reminder')
export class ReferralReminderJob implements JobProcessor<'referrals.sla-reminder'> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifier: Notifier,
  ) {}

  async handle(p: JobPayloads['referrals.sla-reminder']): Promise<{ reminded: boolean }> {
    return this.db.transaction(async (tx) => {
      const r = await tx.getRepository(ReferralEntity).findOne({ where: { id: p.referralId } });
      if (!r || r.status !== 'SENT' || r.version !== p.version) return { reminded: false };
      const id = await this.notifier.notify(tx, {
        recipient: { organizationId: r.toOrganizationId }, template: 'referral.reminder', data: { referralId: r.id },
        dedupeKey: `referral.reminder:${r.id}:${r.version}`,
      });
      return { reminded: id !== null };
    });
  }
}
