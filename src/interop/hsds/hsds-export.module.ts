import { Module } from '@nestjs/common';
import { DirectoryPublicationModule } from '../../directory/directory-publication.module';
import { TaxonomyModule } from '../../taxonomy/taxonomy.module';
import { HsdsExportService } from './hsds-export.service';
import { HsdsService } from './hsds.service';

/** The HSDS records and the export, without HTTP: for the API's controller and the export command. */
@Module({
  imports: [DirectoryPublicationModule, TaxonomyModule],
  providers: [HsdsService, HsdsExportService],
  exports: [HsdsService, HsdsExportService],
})
export class HsdsExportModule {}
