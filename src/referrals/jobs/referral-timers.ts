import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { jobId, RETRY } from '../../jobs/job-registry';
import { PendingTimer, TimerSource, TimerSourceProvider } from '../../jobs/timer-source.decorator';

interface SentRow {
  id: string;
  version: number;
  acceptBy: Date;
  remindAt: Date;
}

/**
 * Referrals waiting for an answer (SENT with a deadline), by id, as the reconciler pages them. The reminder's
 * time is half-way between the send and the deadline (referral-effects.ts).
 */
async function sentReferrals(db: DataSource, after: string | null, limit: number, writtenBefore: Date, extra = ''): Promise<SentRow[]> {
  return db.query(
    `SELECT id, version, accept_by AS "acceptBy", sent_at + (accept_by - sent_at) / 2 AS "remindAt"
       FROM referral
      WHERE status = 'SENT' AND accept_by IS NOT NULL AND sent_at < $3 AND ($1::uuid IS NULL OR id > $1::uuid) ${extra}
      ORDER BY id
      LIMIT $2`,
    [after, limit, writtenBefore],
  );
}

/** Every SENT referral has its expiry job (job id with the version it was sent at), due at its deadline. */
@Injectable()
@TimerSource('referrals.sla-expire')
export class ReferralExpiryTimers implements TimerSourceProvider<'referrals.sla-expire'> {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async pending(after: string | null, limit: number, writtenBefore: Date): Promise<PendingTimer<'referrals.sla-expire'>[]> {
    const rows = await sentReferrals(this.db, after, limit, writtenBefore);
    return rows.map((r) => ({
      key: r.id, jobId: jobId('referral-sla', r.id, r.version, 'expire'), data: { referralId: r.id, version: r.version }, runAt: new Date(r.acceptBy),
    }));
  }
}

/**
 * Every SENT referral has its reminder job until the reminder is past by the time BullMQ keeps a finished job
 * (RETRY.sla's removeOnComplete, less an hour): after that a missing reminder job is one that ran and was cleaned
 * up, not one Redis lost. A reminder that did run and is re-added is not sent twice (its notification is keyed by
 * referral and version).
 */
@Injectable()
@TimerSource('referrals.sla-reminder')
export class ReferralReminderTimers implements TimerSourceProvider<'referrals.sla-reminder'> {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async pending(after: string | null, limit: number, writtenBefore: Date): Promise<PendingTimer<'referrals.sla-reminder'>[]> {
    const keptSeconds = Math.max(0, RETRY.sla.removeOnComplete.age - 3600);
    const rows = await sentReferrals(this.db, after, limit, writtenBefore, `AND sent_at + (accept_by - sent_at) / 2 > now() - make_interval(secs => ${keptSeconds})`);
    return rows.map((r) => ({
      key: r.id, jobId: jobId('referral-sla', r.id, r.version, 'reminder'), data: { referralId: r.id, version: r.version }, runAt: new Date(r.remindAt),
    }));
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
