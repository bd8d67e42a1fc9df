import { Injectable } from '@nestjs/common';
import { JobHandler, JobProcessor } from '../jobs/job-handler.decorator';
import { JobPayloads } from '../jobs/job-registry';
import { GapRunsService } from './gap-runs.service';

/** Daily and on request: computes a scope's gap snapshot (GapRunsService.execute). */
@Injectable()
@JobHandler('gaps.analyse')
export class AnalyseGapsJob implements JobProcessor<'gaps.analyse'> {
  constructor(private readonly runs: GapRunsService) {}

  async handle(payload: JobPayloads['gaps.analyse']): Promise<{ runId: string; status: string } | null> {
    const run = await this.runs.execute(payload);
    return run && { runId: run.id, status: run.status };
  }
}
