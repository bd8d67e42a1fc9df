import { Module } from '@nestjs/common';
import { MarkStaleServicesJob } from './mark-stale-services.job';

/** The directory's job handlers, for the worker process. */
@Module({ providers: [MarkStaleServicesJob], exports: [MarkStaleServicesJob] })
export class DirectoryJobsModule {}
