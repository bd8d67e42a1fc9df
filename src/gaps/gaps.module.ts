import { Module } from '@nestjs/common';
import { AnalyseGapsJob } from './analyse-gaps.job';
import { GapReadsService } from './gap-reads.service';
import { GapReportsController } from './gap-reports.controller';
import { GapReportsService } from './gap-reports.service';
import { GapRunsService } from './gap-runs.service';
import { GapsResolver } from './gaps.resolver';
import { GapRunTimers } from './gap-run-timers';

/** Gap analysis and network metrics for the API: the GraphQL fields and the CSV reports. */
@Module({
  providers: [GapRunsService, GapReadsService, GapReportsService, GapsResolver],
  controllers: [GapReportsController],
})
export class GapsModule {}

/** The gap analysis job, for the worker process. */
@Module({ providers: [GapRunsService, AnalyseGapsJob, GapRunTimers], exports: [AnalyseGapsJob] })
export class GapsJobsModule {}
