import { Module } from '@nestjs/common';
import { AppConfigModule } from '../../config/app-config.module';
import { DatabaseModule } from '../../database/database.module';
import { HsdsExportModule } from './hsds-export.module';

/** The application context of `npm run export:hsds` (scripts/export-hsds.ts): reads only, never migrates. */
@Module({ imports: [AppConfigModule, DatabaseModule.forRoot('worker'), HsdsExportModule] })
export class HsdsCliModule {}
