import type { Viewer } from '../common/viewer';

/**
 * The audit trail is for admins (everything) and supervisors (entries whose actor belongs to their
 * organisation, or whose record belongs to it). Everyone else: nothing.
 */
export function auditTrailScope(v: Viewer): { kind: 'all' } | { kind: 'organization'; organizationId: string } | { kind: 'none' } {
  if (v.role === 'ADMIN') return { kind: 'all' };
  if (v.role === 'SUPERVISOR' && v.organizationId) return { kind: 'organization', organizationId: v.organizationId };
  return { kind: 'none' };
}

/** Whether one audit entry falls within a viewer's view of the trail (the SQL filter says the same). */
export function canSeeAuditEntry(
  v: Viewer,
  entry: { actorOrganizationId: string | null; entityOrganizationId: string | null },
): boolean {
  const scope = auditTrailScope(v);
  if (scope.kind === 'all') return true;
  if (scope.kind === 'none') return false;
  return entry.actorOrganizationId === scope.organizationId || entry.entityOrganizationId === scope.organizationId;
}

