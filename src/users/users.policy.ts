import type { Role, Viewer } from '../common/viewer';
import { isPartnerOrganization, withinScope } from '../identity/policies';

export interface UserTarget {
  id?: string;
  role: Role;
  /** The user's organisation, or null for a national admin. */
  organization: { id: string; regionCode: string; partnerKind: string } | null;
  regionScope: string | null;
}

/**
 * Admins create any user. Coordinators create partner staff only, for partner organisations within their
 * region, with a region scope inside their own. Nobody else creates users.
 */
export function canCreateUser(v: Viewer, target: UserTarget): boolean {
  if (v.role === 'ADMIN') return true;
  if (v.role !== 'COORDINATOR' || target.role !== 'PARTNER_STAFF' || !target.organization) return false;
  return (
    isPartnerOrganization(target.organization) &&
    withinScope(v.regionScope, target.organization.regionCode) &&
    (target.regionScope === null ? v.regionScope === null : withinScope(v.regionScope, target.regionScope))
  );
}

/**
 * Deactivating and reactivating a user: admins for anyone but themselves (so the last admin cannot lock
 * the network out by accident); coordinators for the partner staff they could have created.
 */
export function canManageUser(v: Viewer, target: UserTarget): boolean {
  if (target.id !== undefined && target.id === v.id) return false;
  if (v.role === 'ADMIN') return true;
  return (
    v.role === 'COORDINATOR' && target.role === 'PARTNER_STAFF' && target.organization !== null &&
    isPartnerOrganization(target.organization) && withinScope(v.regionScope, target.organization.regionCode)
  );
}

/** Changing a role is an admin's act, and never on one's own account. */
export function canChangeUserRole(v: Viewer, target: { id: string }): boolean {
  return v.role === 'ADMIN' && target.id !== v.id;
}

/**
 * Who may list users, and which: admins all; coordinators the users of organisations within their region.
 * `null` means not at all.
 */
export function userListScope(v: Viewer): { kind: 'all' } | { kind: 'region'; regionScope: string } | null {
  if (v.role === 'ADMIN') return { kind: 'all' };
  if (v.role === 'COORDINATOR') return v.regionScope === null ? { kind: 'all' } : { kind: 'region', regionScope: v.regionScope };
  return null;
}
