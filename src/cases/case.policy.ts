/**
 * Who may see and work on clients and cases. Pure functions over plain data, like src/identity/policies.ts.
 * A client belongs to the organisation that registered them (`client.organization_id`), and its case managers
 * and supervisors see and work on all of that organisation's clients, wherever the client lives: a region scope
 * says where a user works in the directory, it never makes a record unreachable to the organisation that holds
 * it. Coordinators and admins keep the directory and the system, not client records (UU 27/2022: no access
 * without a purpose). Partner staff see clients only through referrals, consent-scoped.
 */
import type { Viewer } from '../common/viewer';

export interface ClientScope {
  organizationId: string;
}

/** Case managers and supervisors of an organisation keep its client records (register, list, read, work). */
export function worksWithClients(v: Viewer): boolean {
  return (v.role === 'CASE_MANAGER' || v.role === 'SUPERVISOR') && v.organizationId !== null;
}

export const canRegisterClient = worksWithClients;

/** The organisation's own client records, whatever the client's address region. */
export function canReadClient(v: Viewer, c: ClientScope): boolean {
  return worksWithClients(v) && v.organizationId === c.organizationId;
}

/** Reading a case is reading its client. */
export const canReadCase = canReadClient;

/** Working on a case (needs, assessments, goals, consent, notes, stages) needs the same reach as reading it. */
export const canWorkOnCase = canReadClient;

/** Matching on an ad-hoc profile touches no client record: any case manager or supervisor may. */
export function canMatch(v: Viewer): boolean {
  return v.role === 'CASE_MANAGER' || v.role === 'SUPERVISOR' || v.role === 'COORDINATOR' || v.role === 'ADMIN';
}
