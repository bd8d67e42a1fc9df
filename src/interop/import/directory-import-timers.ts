import { Injectable } from '@nestjs/common';
import { PendingTimer, TimerSource, TimerSourceProvider } from '../../jobs/timer-source.decorator';
import { DirectoryImportsService, importJobId } from './directory-imports.service';

/**
 * Every QUEUED directory import has its `directory.import` job (queued through the outbox with the request), due
 * at once; one Redis lost is added again under the same id. (An import the CLI recorded runs in the CLI's process
 * at once; one left QUEUED by a CLI that died is run by a worker, or fails there naming its missing file.)
 */
@Injectable()
@TimerSource('directory.import')
export class DirectoryImportTimers implements TimerSourceProvider<'directory.import'> {
  constructor(private readonly imports: DirectoryImportsService) {}

  async pending(after: string | null, limit: number, writtenBefore: Date): Promise<PendingTimer<'directory.import'>[]> {
    return (await this.imports.queuedIds(after, limit, writtenBefore)).map((id) => ({ key: id, jobId: importJobId(id), data: { importId: id }, runAt: null }));
  }
}
