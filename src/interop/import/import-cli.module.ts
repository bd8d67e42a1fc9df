import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { AppConfigModule } from '../../config/app-config.module';
import { DatabaseModule } from '../../database/database.module';
import { OutboxModule } from '../../outbox/outbox.module';
import { InteropImportJobsModule } from './interop-import.module';

/** The application context of `npm run import:directory` (the import runs in-process, no queue, no Redis). */
@Module({ imports: [AppConfigModule, DatabaseModule.forRoot('worker'), OutboxModule, AuditModule, InteropImportJobsModule] })
export class ImportCliModule {}
