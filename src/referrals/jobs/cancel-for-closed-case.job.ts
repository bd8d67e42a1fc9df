import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { appendCaseEvent } from '../../cases/case-access';
import { CaseEntity } from '../../cases/cases.entity';
import { JobHandler, JobProcessor } from '../../jobs/job-handler.decorator';
import { JobPayloads } from '../../jobs/job-registry';
import { ReferralLifecycleService } from '../referral-lifecycle.service';
import { ReferralEntity } from '../referral.entity';

export const CASE_CLOSED_REASON = 'case closed';

/**
 * A case closed by force still had open referrals: the system cancels them through the lifecycle (one applyMany:
 * the referrals, their events, needs, the partners' notifications), and the case's timeline says so. The case
 * and its referrals are locked and re-read: if the case reopened meanwhile, or nothing is open any more (the job
 * ran before), nothing happens.
 */
@Injectable()
@JobHandler('referrals.cancel-for-closed-case')
export class CancelForClosedCaseJob implements JobProcessor<'referrals.cancel-for-closed-case'> {
  private readonly logger = new Logger(CancelForClosedCaseJob.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: ReferralLifecycleService,
  ) {}

  async handle(p: JobPayloads['referrals.cancel-for-closed-case']): Promise<{ cancelled: string[] }> {
    return this.db.transaction(async (tx) => {
      const kase = await tx.getRepository(CaseEntity).findOne({ where: { id: p.caseId }, lock: { mode: 'pessimistic_write' } });
      if (!kase || kase.stage !== 'CLOSED') return { cancelled: [] };
      const open = await tx.getRepository(ReferralEntity).find({
        where: { caseId: kase.id, closedAt: IsNull() }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' },
      });
      if (!open.length) return { cancelled: [] };
      const cancelled = await this.lifecycle.applyMany(tx, open.map((r) => ({
        r, action: 'cancel' as const, actor: 'SYSTEM' as const, actorId: null, req: { reason: CASE_CLOSED_REASON },
      })));
      await appendCaseEvent(tx, {
        caseId: kase.id, type: 'REFERRALS_CANCELLED', actorId: null, code: kase.closureReason,
        reason: `${CASE_CLOSED_REASON}: ${cancelled.map((r) => `${r.id} (was ${open.find((o) => o.id === r.id)!.status})`).join(', ')}`,
      });
      this.logger.log({ caseId: kase.id, referralIds: cancelled.map((r) => r.id) }, 'referrals of a closed case cancelled');
      return { cancelled: cancelled.map((r) => r.id) };
    });
  }
}
