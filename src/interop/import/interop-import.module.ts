import { Module } from '@nestjs/common';
import { DirectoryImportModule } from '../../directory/directory-import.module';
import { TaxonomyModule } from '../../taxonomy/taxonomy.module';
import { DirectoryImportController } from './directory-import.controller';
import { DirectoryImportJob } from './directory-import.job';
import { DirectoryImportTimers } from './directory-import-timers';
import { DirectoryImportResolver } from './directory-import.resolver';
import { DirectoryImportsService } from './directory-imports.service';

/** Importing the directory, for the API: the upload endpoint and the GraphQL reads. */
@Module({
  imports: [TaxonomyModule, DirectoryImportModule],
  providers: [DirectoryImportsService, DirectoryImportResolver],
  controllers: [DirectoryImportController],
})
export class InteropImportModule {}

/** The import job and the reconciler's source of its jobs, for the worker process (and the CLI, which runs imports in-process). */
@Module({
  imports: [TaxonomyModule, DirectoryImportModule],
  providers: [DirectoryImportsService, DirectoryImportJob, DirectoryImportTimers],
  exports: [DirectoryImportsService, DirectoryImportJob],
})
export class InteropImportJobsModule {}
