/**
 * Who acts on a referral, and who may see it. Pure functions over plain data.
 * The sending side is the case manager's organisation (case managers and supervisors); the receiving side is
 * the staff of the organisation the referral is addressed to. Anyone else does not learn it exists.
 */
import type { Viewer } from '../common/viewer';
import type { ActorKind } from './referral-state';

export interface ReferralParties {
  fromOrganizationId: string;
  toOrganizationId: string;
}

export function isSender(v: Viewer, r: ReferralParties): boolean {
  return v.organizationId === r.fromOrganizationId && (v.role === 'CASE_MANAGER' || v.role === 'SUPERVISOR');
}

export function isReceiver(v: Viewer, r: ReferralParties): boolean {
  return v.organizationId === r.toOrganizationId && (v.role === 'PARTNER_STAFF' || v.role === 'CASE_MANAGER' || v.role === 'SUPERVISOR');
}

export function canSeeReferral(v: Viewer, r: ReferralParties): boolean {
  return isSender(v, r) || isReceiver(v, r);
}

/** The side the viewer acts for, preferring the side the action needs (an organisation may refer to itself). */
export function actorKindFor(v: Viewer, r: ReferralParties, wanted: ActorKind): ActorKind | null {
  const kinds: ActorKind[] = [];
  if (isSender(v, r)) kinds.push('SENDER');
  if (isReceiver(v, r)) kinds.push('RECEIVER');
  if (kinds.includes(wanted)) return wanted;
  return kinds[0] ?? null;
}

/** The inbox is for the receiving organisation's staff. */
export function canUseInbox(v: Viewer): boolean {
  return v.organizationId !== null && (v.role === 'PARTNER_STAFF' || v.role === 'CASE_MANAGER' || v.role === 'SUPERVISOR');
}
