import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobHandler, JobProcessor } from '../jobs/job-handler.decorator';
import { JobPayloads } from '../jobs/job-registry';

/**
 * Daily: deletes outbox rows sent more than OUTBOX_RETENTION_DAYS ago (unsent rows are never deleted).
 * Dedupe keys are therefore unique within the retention window. Running it twice changes nothing more.
 */
@Injectable()
@JobHandler('outbox.prune')
export class PruneOutboxJob implements JobProcessor<'outbox.prune'> {
  private readonly logger = new Logger(PruneOutboxJob.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(payload: JobPayloads['outbox.prune']): Promise<{ deleted: number }> {
    const asOf = payload.asOf ? new Date(payload.asOf) : new Date();
    const [, deleted] = await this.db.query(
      `DELETE FROM outbox_message WHERE sent_at IS NOT NULL AND sent_at < $1::timestamptz - make_interval(days => $2::int)`,
      [asOf.toISOString(), this.config.outbox.retentionDays],
    );
    this.logger.log({ deleted }, 'outbox pruned');
    return { deleted: Number(deleted) };
  }
}
