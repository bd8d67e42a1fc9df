import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobHandler, JobProcessor } from '../jobs/job-handler.decorator';
import { JobPayloads } from '../jobs/job-registry';

export interface StaleRunResult {
  marked: number;
  cleared: number;
  stale: number;
}

/**
 * Daily: a service whose record nobody verified for the staleness window (HSDS assured_date, default 180
 * days) is marked stale and appears in the coordinators' `staleServices` list; one verified again is
 * cleared. Running it twice, or late, changes nothing more.
 */
@Injectable()
@JobHandler('directory.mark-stale-services')
export class MarkStaleServicesJob implements JobProcessor<'directory.mark-stale-services'> {
  private readonly logger = new Logger(MarkStaleServicesJob.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async handle(payload: JobPayloads['directory.mark-stale-services']): Promise<StaleRunResult> {
    const asOf = payload.asOf ? new Date(payload.asOf) : new Date();
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `WITH limit_ AS (SELECT $1::timestamptz - make_interval(days => $2::int) AS before),
         marked AS (
           UPDATE service s SET stale_since = $1::timestamptz FROM limit_
            WHERE s.stale_since IS NULL AND s.status <> 'DEFUNCT'
              AND coalesce(s.verified_at, s.created_at) < limit_.before
           RETURNING s.id),
         cleared AS (
           UPDATE service s SET stale_since = NULL FROM limit_
            WHERE s.stale_since IS NOT NULL
              AND (s.status = 'DEFUNCT' OR coalesce(s.verified_at, s.created_at) >= limit_.before)
           RETURNING s.id)
         SELECT (SELECT count(*) FROM marked)::int AS marked, (SELECT count(*) FROM cleared)::int AS cleared`,
        [asOf.toISOString(), this.config.directory.staleAfterDays],
      );
      const [{ stale }] = await tx.query(`SELECT count(*)::int AS stale FROM service WHERE stale_since IS NOT NULL`);
      const result = { marked: row.marked, cleared: row.cleared, stale };
      if (result.marked || result.cleared) {
        await this.audit.record(tx, SYSTEM_ACTOR, { action: 'SERVICES_STALENESS_CHECKED', entityType: 'Service', entityId: 'stale-services', details: result });
      }
      this.logger.log(result, 'stale directory records checked');
      return result;
    });
  }
}
