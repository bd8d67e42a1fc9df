import { Args, Query, Resolver } from '@nestjs/graphql';
import { pageWindow, toConnection, ConnectionShape } from '../../common/connection';
import { CurrentUser } from '../../common/current-user.decorator';
import type { Viewer } from '../../common/viewer';
import { DirectoryImportService } from '../../directory/directory-import.service';
import { DirectoryImportsService } from './directory-imports.service';
import {
  DirectoryImportArgs, DirectoryImportStatus, DirectoryImportType, UnclassifiedServiceConnection, UnclassifiedServicesArgs, UnclassifiedServiceType,
} from './directory-import.types';

@Resolver()
export class DirectoryImportResolver {
  constructor(
    private readonly imports: DirectoryImportsService,
    private readonly directory: DirectoryImportService,
  ) {}

  @Query(() => DirectoryImportType, { description: 'An import of the directory with its counts and row report (its requester, admins, coordinators of its region)' })
  async directoryImport(@CurrentUser() viewer: Viewer, @Args() args: DirectoryImportArgs): Promise<DirectoryImportType> {
    const row = await this.imports.require(viewer, args.id);
    const issues = await this.imports.issues(row.id, args.issuesFirst ?? 100, args.issuesOffset ?? 0);
    return { ...row, status: row.status as DirectoryImportStatus, issues };
  }

  @Query(() => UnclassifiedServiceConnection, { description: 'Imported services to classify: no need category, or labels that matched nothing (coordinators: their region)' })
  async unclassifiedServices(@CurrentUser() viewer: Viewer, @Args() args: UnclassifiedServicesArgs): Promise<ConnectionShape<UnclassifiedServiceType>> {
    const window = pageWindow(args);
    const { rows, total } = await this.directory.unclassified(viewer, window.limit, window.offset);
    return toConnection(rows, total, window);
  }
}
