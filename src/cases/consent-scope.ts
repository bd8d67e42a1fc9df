/**
 * Which consents cover a referral, and what sending it may share. Pure functions over plain data.
 *
 * A consent covers a referral when it is in force and each scope it names matches: its case (if any), its
 * referral (if any), its recipient organisations (if any). A consent that names no recipients means "any
 * recipient" (the meaning consents had before recipients could be named).
 *
 * Sending needs a decision: consent that covers the recipient (the referral shares the categories of the
 * consents that cover it), or the case manager's recorded choice to send without identifying data (then the
 * identifying categories are never shared, whatever consent covers).
 */
import type { ConsentCategory } from './cases.entity';

export interface ConsentScope {
  id: string;
  caseId: string | null;
  referralId: string | null;
  recipientOrganizationIds: string[];
  categories: ConsentCategory[];
}

export interface SharingTarget {
  /** Null for a referral not yet created (a consent naming a referral then covers nothing). */
  referralId: string | null;
  caseId: string;
  toOrganizationId: string;
}

export const IDENTIFYING_CATEGORIES: readonly ConsentCategory[] = ['IDENTITY', 'CONTACT'];

export type ShareMode = 'CONSENT' | 'WITHOUT_IDENTIFYING_DATA';

export type SharingDecision =
  | { ok: true; mode: ShareMode; categories: ConsentCategory[]; consentIds: string[]; reason: string | null }
  | { ok: false; missing: 'NO_CONSENT' | 'NOT_COVERED' };

export function covers(c: ConsentScope, t: SharingTarget): boolean {
  return (c.caseId === null || c.caseId === t.caseId)
    && (c.referralId === null || c.referralId === t.referralId)
    && (c.recipientOrganizationIds.length === 0 || c.recipientOrganizationIds.includes(t.toOrganizationId));
}

/** The categories the consents in force allow this referral to share, sorted. */
export function categoriesFor(inForce: ConsentScope[], t: SharingTarget): ConsentCategory[] {
  return [...new Set(inForce.filter((c) => covers(c, t)).flatMap((c) => c.categories))].sort();
}

/** The decision recorded when a referral is sent, or what is missing for one. */
export function sharingDecision(inForce: ConsentScope[], t: SharingTarget, withoutIdentifyingData?: { reason: string } | null): SharingDecision {
  const covering = inForce.filter((c) => covers(c, t));
  const categories = categoriesFor(covering, t);
  const consentIds = covering.map((c) => c.id);
  if (withoutIdentifyingData) {
    return { ok: true, mode: 'WITHOUT_IDENTIFYING_DATA', categories: categories.filter((c) => !IDENTIFYING_CATEGORIES.includes(c)), consentIds, reason: withoutIdentifyingData.reason };
  }
  if (covering.length) return { ok: true, mode: 'CONSENT', categories, consentIds, reason: null };
  return { ok: false, missing: inForce.length ? 'NOT_COVERED' : 'NO_CONSENT' };
}
