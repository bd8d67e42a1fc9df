import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { jobId } from '../jobs/job-registry';
import { PendingTimer, TimerSource, TimerSourceProvider } from '../jobs/timer-source.decorator';

/** Every QUEUED gap analysis run has its `gaps.analyse` job (the id GapRunsService gave it), due at once. */
@Injectable()
@TimerSource('gaps.analyse')
export class GapRunTimers implements TimerSourceProvider<'gaps.analyse'> {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async pending(after: string | null, limit: number, writtenBefore: Date): Promise<PendingTimer<'gaps.analyse'>[]> {
    const rows: { id: string; regionCode: string | null }[] = await this.db.query(
      `SELECT id, region_code AS "regionCode" FROM gap_analysis_run
        WHERE status = 'QUEUED' AND requested_at < $3 AND ($1::uuid IS NULL OR id > $1::uuid)
        ORDER BY id LIMIT $2`,
      [after, limit, writtenBefore],
    );
    return rows.map((r) => ({
      key: r.id,
      jobId: jobId('gaps-analyse', r.regionCode ?? 'network', r.id),
      data: { ...(r.regionCode ? { regionCode: r.regionCode } : {}), runId: r.id },
      runAt: null,
    }));
  }
}
