import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { jobId } from '../../jobs/job-registry';
import { PendingTimer, TimerSource, TimerSourceProvider } from '../../jobs/timer-source.decorator';

/**
 * A closed case with follow-ups still pending has its `followups.case-closed` job (id with the version the
 * closing wrote), due at once, until they are cancelled: one Redis lost is added again.
 */
@Injectable()
@TimerSource('followups.case-closed')
export class CaseClosedFollowUpTimers implements TimerSourceProvider<'followups.case-closed'> {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async pending(after: string | null, limit: number, writtenBefore: Date): Promise<PendingTimer<'followups.case-closed'>[]> {
    const rows: { id: string; version: number }[] = await this.db.query(
      `SELECT k.id, k.version FROM client_case k
        WHERE k.stage = 'CLOSED' AND k.closed_at < $3 AND ($1::uuid IS NULL OR k.id > $1::uuid)
          AND EXISTS (SELECT 1 FROM follow_up f WHERE f.case_id = k.id AND f.status = 'PENDING')
        ORDER BY k.id
        LIMIT $2`,
      [after, limit, writtenBefore],
    );
    return rows.map((k) => ({ key: k.id, jobId: jobId('followups-case-closed', k.id, k.version), data: { caseId: k.id }, runAt: null }));
  }
}
