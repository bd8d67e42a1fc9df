import { Module } from '@nestjs/common';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { DirectoryImportService } from './directory-import.service';

/** The directory's door for imports (interop): see DirectoryImportService. */
@Module({ imports: [TaxonomyModule], providers: [DirectoryImportService], exports: [DirectoryImportService] })
export class DirectoryImportModule {}
