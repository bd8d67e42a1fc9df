import { Global, Module } from '@nestjs/common';
import { AuditTrailService } from './audit-trail.service';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/** Global: every feature module writes its state changes (and reads of client records) through AuditService. */
@Global()
@Module({
  providers: [AuditService, AuditTrailService, AuditResolver],
  exports: [AuditService],
})
export class AuditModule {}
