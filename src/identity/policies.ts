/**
 * Authorisation as pure functions over plain data. Services call these; resolvers never check roles.
 * Later modules add their own (canReadCase, canTransitionReferral) beside these, in the same style.
 */
import { regionAncestry } from '../taxonomy/region-code';
import type { Role } from '../common/viewer';
import type { Viewer } from '../common/viewer';

/** Whether a place (or a place's area) lies within a viewer's region scope. */
export function withinScope(scope: string | null, regionCode: string): boolean {
  return scope === null || regionAncestry(regionCode).includes(scope);
}

/** A scope and a set of area codes overlap when one contains the other. */
export function scopeOverlaps(scope: string | null, areaCodes: string[]): boolean {
  if (scope === null) return true;
  return areaCodes.some((a) => regionAncestry(a).includes(scope) || regionAncestry(scope).includes(a));
}

export function isAdmin(v: Viewer): boolean {
  return v.role === 'ADMIN';
}

/** Admins, and coordinators for organisations in their region, keep the directory. */
export function canManageOrganization(v: Viewer, org: { regionCode: string }): boolean {
  if (v.role === 'ADMIN') return true;
  return v.role === 'COORDINATOR' && withinScope(v.regionScope, org.regionCode);
}

/** Creating an organisation is the same right as managing one in that place. */
export const canCreateOrganization = canManageOrganization;

/** Full edits of a service (eligibility, area, categories) are the directory keepers'. */
export function canEditService(v: Viewer, org: { regionCode: string }): boolean {
  return canManageOrganization(v, org);
}

/**
 * Status, capacity and opening hours are also the provider's own to keep: partner staff may change them
 * for their own organisation's services and nothing else. Self-service capacity keeps the directory true.
 */
export function canUpdateServiceOperations(v: Viewer, org: { id: string; regionCode: string }): boolean {
  if (canManageOrganization(v, org)) return true;
  return v.role === 'PARTNER_STAFF' && v.organizationId === org.id;
}

/** Verifying a directory record (HSDS assured_date) is a coordinator's act. */
export const canVerifyService = canManageOrganization;

/**
 * A confidential location (a shelter) shows its address and coordinates only to its own organisation,
 * to coordinators and to admins.
 */
export function canSeeConfidentialLocation(v: Viewer | null, loc: { organizationId: string }): boolean {
  if (!v) return false;
  if (v.role === 'ADMIN' || v.role === 'COORDINATOR') return true;
  return v.organizationId === loc.organizationId;
}

/** Reading the directory is open to every signed-in user; partners use it to refer onwards too. */
export function canReadDirectory(v: Viewer): boolean {
  return v !== null;
}

/** The stale-records list is for the directory's keepers. */
export function canSeeStaleServices(v: Viewer): boolean {
  return v.role === 'ADMIN' || v.role === 'COORDINATOR';
}

// ---- Users ----------------------------------------------------------------------------------------------

/** The organisation that runs the network (the social affairs office) is not a partner organisation. */
export function isPartnerOrganization(org: { partnerKind: string }): boolean {
  return org.partnerKind !== 'DINAS_SOSIAL';
}


/** An organisation's webhook (where its notifications go, and the secret that signs them): its directory keepers. */
export function canManageOrganizationWebhook(v: Viewer, org: { regionCode: string }): boolean {
  return canManageOrganization(v, org);
}

/** Notification deliveries that failed for good (the dead-letter list) are for admins. */
export function canSeeDeadLetters(v: Viewer): boolean {
  return v.role === 'ADMIN';
}
