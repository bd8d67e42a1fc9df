import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { ConnectionShape, pageWindow, toConnection } from '../common/connection';
import { auditTrailScope } from './audit.policy';
import type { Viewer } from '../common/viewer';
import { AuditEventType } from './audit.types';
import { AuditTrailArgs } from './dto/audit.inputs';

interface AuditRow {
  id: string; at: Date; actor_id: string | null; actor_role: string | null; actor_organization_id: string | null;
  action: string; entity_type: string; entity_id: string; entity_organization_id: string | null;
  request_id: string | null; client_address: string | null; details: unknown;
}

const toAuditEventType = (r: AuditRow): AuditEventType => ({
  id: r.id, at: r.at, actorId: r.actor_id, actorRole: r.actor_role, actorOrganizationId: r.actor_organization_id,
  action: r.action, entityType: r.entity_type, entityId: r.entity_id, entityOrganizationId: r.entity_organization_id,
  requestId: r.request_id, clientAddress: r.client_address, details: JSON.stringify(r.details ?? {}),
});

/** Reads the audit trail of one record, oldest first (offsets stay stable while the trail grows). */
@Injectable()
export class AuditTrailService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async trail(viewer: Viewer, args: AuditTrailArgs): Promise<ConnectionShape<AuditEventType>> {
    const scope = auditTrailScope(viewer);
    if (scope.kind === 'none') throw AppError.forbidden('Only admins and supervisors may read the audit trail');
    const window = pageWindow(args);
    const where = ['entity_type = $1', 'entity_id = $2'];
    const params: unknown[] = [args.entityType, args.entityId];
    if (scope.kind === 'organization') {
      params.push(scope.organizationId);
      where.push(`(actor_organization_id = $3 OR entity_organization_id = $3)`);
    }
    const filter = where.join(' AND ');
    const [rows, [{ n }]] = await Promise.all([
      this.db.query(
        `SELECT id::text, at, actor_id, actor_role, actor_organization_id, action, entity_type, entity_id,
                entity_organization_id, request_id, host(client_address) AS client_address, details
           FROM audit_event WHERE ${filter}
          ORDER BY id LIMIT ${window.limit} OFFSET ${window.offset}`,
        params,
      ) as Promise<AuditRow[]>,
      this.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE ${filter}`, params) as Promise<{ n: number }[]>,
    ]);
    const total = n;
    return toConnection(rows.map(toAuditEventType), total, window);
  }
}
