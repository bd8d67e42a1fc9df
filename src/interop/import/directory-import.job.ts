import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler, JobProcessor } from '../../jobs/job-handler.decorator';
import type { JobPayloads } from '../../jobs/job-registry';
import { DirectoryImportsService } from './directory-imports.service';

/** Runs a queued directory import; its progress (rows read and done) is the job's progress. */
@Injectable()
@JobHandler('directory.import')
export class DirectoryImportJob implements JobProcessor<'directory.import'> {
  constructor(private readonly imports: DirectoryImportsService) {}

  async handle(payload: JobPayloads['directory.import'], job: Job<JobPayloads['directory.import']>): Promise<unknown> {
    let last = 0;
    const row = await this.imports.execute(payload.importId, (p) => {
      const now = Date.now();
      if (now - last < 1000) return;
      last = now;
      void job.updateProgress({ phase: p.phase, rowsRead: p.rowsRead, done: p.done }).catch(() => undefined);
    });
    return row ? { status: row.status, rowsRead: row.rowsRead, rejected: row.rejected } : { skipped: true };
  }
}
