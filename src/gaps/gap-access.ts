/**
 * Who reads gaps and network metrics, and how exactly: pure functions over the viewer and their organisation's
 * region. No client data is ever in these figures; small counts are still hidden (below SUPPRESS_BELOW, shown
 * as "<5") where they could point at a person in a small place.
 */
import { AppError, ErrorCode } from '../common/app-error';
import type { Viewer } from '../common/viewer';
import { regencyOf, regionAncestry } from '../taxonomy/region-code';

/** Counts from 1 to SUPPRESS_BELOW - 1 are shown as "<5" to those who may not see them exactly. */
export const SUPPRESS_BELOW = 5;

export interface GapAccess {
  /** The region the viewer may read (a code at any level), or null for the whole network. */
  scope: string | null;
  /** Admins see every count exactly. */
  exact: boolean;
  /** Figures about this organisation (network metrics per organisation or service) are exact for its staff. */
  ownOrganizationId: string | null;
}

/**
 * Admins read everything; coordinators their region scope; case managers and supervisors the regency of their
 * organisation. Partner staff read none of it.
 */
export function gapAccess(v: Viewer, organizationRegion: string | null): GapAccess {
  switch (v.role) {
    case 'ADMIN':
      return { scope: null, exact: true, ownOrganizationId: v.organizationId };
    case 'COORDINATOR':
      return { scope: v.regionScope, exact: false, ownOrganizationId: v.organizationId };
    case 'CASE_MANAGER':
    case 'SUPERVISOR':
      if (!organizationRegion) throw AppError.forbidden('Gap figures are for staff of an organisation');
      return { scope: regencyOf(organizationRegion) ?? organizationRegion, exact: false, ownOrganizationId: v.organizationId };
    default:
      throw AppError.forbidden('Gap figures are for coordinators, case managers and admins');
  }
}

/**
 * The region a read covers: the one asked for when it lies in the scope, the scope when the one asked for
 * contains it; refused when they do not meet. `field` names the argument in the refusal.
 */
export function readableRegion(access: GapAccess, asked: string | null | undefined, field: string): string | null {
  if (!asked) return access.scope;
  if (access.scope === null || regionAncestry(asked).includes(access.scope)) return asked;
  if (regionAncestry(access.scope).includes(asked)) return access.scope;
  throw new AppError(ErrorCode.FORBIDDEN, `${field}: ${asked} is outside your region`, { field });
}

/** Only admins and coordinators start runs, coordinators within their scope. */
export function canRunGapAnalysis(v: Viewer, regionCode: string | null): boolean {
  if (v.role === 'ADMIN') return true;
  if (v.role !== 'COORDINATOR') return false;
  return v.regionScope === null || (regionCode !== null && regionAncestry(regionCode).includes(v.regionScope));
}

/** A count as shown: exact, or "<5" (value null) when it is 1-4 and the reader may not see it exactly. */
export interface ShownCount {
  value: number | null;
  display: string;
}

/** Whether a count (or a rate or time computed from it) is hidden from a reader who may not see it exactly. */
export function isHidden(n: number, exact: boolean): boolean {
  return !exact && n > 0 && n < SUPPRESS_BELOW;
}

export function shownCount(n: number, exact: boolean): ShownCount {
  if (isHidden(n, exact)) return { value: null, display: `<${SUPPRESS_BELOW}` };
  return { value: n, display: String(n) };
}

/** isHidden in SQL: `n` a count expression, `exact` a boolean expression. */
export function hiddenSql(n: string, exact: string): string {
  return `(NOT (${exact}) AND (${n}) > 0 AND (${n}) < ${SUPPRESS_BELOW})`;
}

/** shownCount's display in SQL: the count as text, or "<5" when hidden. */
export function shownCountSql(n: string, exact: string): string {
  return `CASE WHEN ${hiddenSql(n, exact)} THEN '<${SUPPRESS_BELOW}' ELSE (${n})::text END`;
}
