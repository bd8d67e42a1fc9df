import { Module } from '@nestjs/common';
import { DirectoryPublicationModule } from '../../directory/directory-publication.module';
import { TaxonomyModule } from '../../taxonomy/taxonomy.module';
import { HsdsAccessGuard } from './hsds-access.guard';
import { HsdsExportService } from './hsds-export.service';
import { HsdsController } from './hsds.controller';
import { HsdsService } from './hsds.service';

/** Publishing the directory as Open Referral HSDS 3.0: the API under /hsds and the export (HTTP and CLI). */
@Module({
  imports: [DirectoryPublicationModule, TaxonomyModule],
  controllers: [HsdsController],
  providers: [HsdsService, HsdsExportService, HsdsAccessGuard],
  exports: [HsdsService, HsdsExportService],
})
export class HsdsModule {}
