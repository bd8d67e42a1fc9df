import { Module } from '@nestjs/common';
import { HsdsAccessGuard } from './hsds-access.guard';
import { HsdsExportModule } from './hsds-export.module';
import { HsdsController } from './hsds.controller';

/** Publishing the directory as Open Referral HSDS 3.0 over HTTP: the API and the export under /hsds. */
@Module({ imports: [HsdsExportModule], controllers: [HsdsController], providers: [HsdsAccessGuard] })
export class HsdsModule {}
