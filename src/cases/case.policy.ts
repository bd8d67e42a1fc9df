/**
 * Who may see and work on clients and cases. Pure functions over plain data, like src/identity/policies.ts.
 * Case managers work on their organisation's clients within their region scope; supervisors see all of their
 * organisation's. Coordinators and admins keep the directory and the system, not client records (UU 27/2022:
 * no access without a purpose). Partner staff see clients only through referrals, consent-scoped.
 */
import { withinScope } from '../identity/policies';
import type { Viewer } from '../common/viewer';

export interface ClientScope {
  organizationId: string;
  regionCode: string;
}

export function canRegisterClient(v: Viewer): boolean {
  return (v.role === 'CASE_MANAGER' || v.role === 'SUPERVISOR') && v.organizationId !== null;
}

export function canReadClient(v: Viewer, c: ClientScope): boolean {
  if (v.organizationId !== c.organizationId) return false;
  if (v.role === 'SUPERVISOR') return true;
  return v.role === 'CASE_MANAGER' && withinScope(v.regionScope, c.regionCode);
}

/** Reading a case is reading its client. */
export const canReadCase = canReadClient;

/** Working on a case (needs, assessments, goals, consent, notes, stages) needs the same reach as reading it. */
export const canWorkOnCase = canReadClient;

/** Matching on an ad-hoc profile touches no client record: any case manager or supervisor may. */
export function canMatch(v: Viewer): boolean {
  return v.role === 'CASE_MANAGER' || v.role === 'SUPERVISOR' || v.role === 'COORDINATOR' || v.role === 'ADMIN';
}
