import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { jobId } from '../../jobs/job-registry';
import { PendingMember, PendingTimer, TimerSetSourceProvider, TimerSource, TimerSourceProvider } from '../../jobs/timer-source.decorator';

/** How long after its time a reminder is still restored (a day: the dedupe of its notification covers re-sends). */
export const REMINDER_RESTORED_FOR_SECONDS = 24 * 3600;

/**
 * Every SENT referral with a deadline is a member of the `referral-deadlines` timer set, due at its reminder
 * (half-way between the send and the deadline) while that is less than a day past, then at its deadline. A
 * reminder restored after it was sent is not sent twice (its notification is keyed by referral and version).
 */
@Injectable()
@TimerSource('timers:referral-deadlines')
export class ReferralDeadlineTimers implements TimerSetSourceProvider {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async pending(after: string | null, limit: number, writtenBefore: Date): Promise<PendingMember[]> {
    const rows: { id: string; runAt: Date }[] = await this.db.query(
      `SELECT id, CASE WHEN sent_at + (accept_by - sent_at) / 2 > now() - make_interval(secs => $4)
                       THEN sent_at + (accept_by - sent_at) / 2 ELSE accept_by END AS "runAt"
         FROM referral
        WHERE status = 'SENT' AND accept_by IS NOT NULL AND sent_at < $3 AND ($1::uuid IS NULL OR id > $1::uuid)
        ORDER BY id
        LIMIT $2`,
      [after, limit, writtenBefore, REMINDER_RESTORED_FOR_SECONDS],
    );
    return rows.map((r) => ({ key: r.id, member: r.id, runAt: new Date(r.runAt) }));
  }
}

/**
 * A case closed by force with referrals still open has its `referrals.cancel-for-closed-case` job (id with the
 * version the closing wrote), due at once, until its referrals are closed: one Redis lost is added again.
 */
@Injectable()
@TimerSource('referrals.cancel-for-closed-case')
export class ClosedCaseReferralTimers implements TimerSourceProvider<'referrals.cancel-for-closed-case'> {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async pending(after: string | null, limit: number, writtenBefore: Date): Promise<PendingTimer<'referrals.cancel-for-closed-case'>[]> {
    const rows: { id: string; version: number }[] = await this.db.query(
      `SELECT k.id, k.version FROM client_case k
        WHERE k.stage = 'CLOSED' AND k.closed_at < $3 AND ($1::uuid IS NULL OR k.id > $1::uuid)
          AND EXISTS (SELECT 1 FROM referral r WHERE r.case_id = k.id AND r.closed_at IS NULL)
        ORDER BY k.id
        LIMIT $2`,
      [after, limit, writtenBefore],
    );
    return rows.map((k) => ({ key: k.id, jobId: jobId('referrals-cancel-for-closed-case', k.id, k.version), data: { caseId: k.id }, runAt: null }));
  }
}
