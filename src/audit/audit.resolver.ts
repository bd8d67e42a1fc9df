import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../common/current-user.decorator';
import type { Viewer } from '../common/viewer';
import { AuditTrailService } from './audit-trail.service';
import { AuditEventConnection } from './audit.types';
import { AuditTrailArgs } from './dto/audit.inputs';

@Resolver()
export class AuditResolver {
  constructor(private readonly trails: AuditTrailService) {}

  @Query(() => AuditEventConnection, {
    description: 'The audit trail of one record, oldest first. Admins: all; supervisors: acts by or on their organisation',
  })
  auditTrail(@CurrentUser() viewer: Viewer, @Args() args: AuditTrailArgs): Promise<AuditEventConnection> {
    return this.trails.trail(viewer, args);
  }
}
