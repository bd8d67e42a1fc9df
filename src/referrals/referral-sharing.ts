import type { EntityManager } from 'typeorm';
import { sharingDecision } from '../cases/consent-scope';
import type { CaseAccessService } from '../cases/case-access.service';
import { AppError, ErrorCode } from '../common/app-error';
import type { ServiceRowsService } from '../directory/service-rows.service';
import type { ReferralEntity, ReferralSharing } from './referral.entity';

/** What the case manager chose when consent does not cover the recipient. */
export interface WithoutIdentifyingData {
  reason: string;
}

/**
 * The sharing decision for sending this referral, from the client's consents in force now: the categories
 * consented for its recipient, or the recorded choice to send without identifying data. Refuses with
 * CONSENT_REQUIRED, naming what is missing, when there is neither.
 */
export async function decideSharing(
  tx: EntityManager, r: ReferralEntity, cases: CaseAccessService, services: ServiceRowsService, choice?: WithoutIdentifyingData | null,
): Promise<ReferralSharing & { consentIds: string[] }> {
  const inForce = await cases.consentsInForce(tx, r.clientId);
  const d = sharingDecision(inForce, { referralId: r.id, caseId: r.caseId, toOrganizationId: r.toOrganizationId }, choice);
  if (d.ok) return { mode: d.mode, categories: d.categories, reason: d.reason, consentIds: d.consentIds };
  const recipient = `organisation ${(await services.organizationName(tx, r.toOrganizationId)) ?? r.toOrganizationId} (${r.toOrganizationId})`;
  const message = d.missing === 'NO_CONSENT'
    ? `No consent in force for the client: record the client's consent to share with ${recipient}, or send without identifying data and say why`
    : `The client's consent in force does not cover ${recipient}: record consent that names it, or send without identifying data and say why`;
  throw new AppError(ErrorCode.CONSENT_REQUIRED, message, { missing: d.missing, organizationId: r.toOrganizationId, referralId: r.id });
}

/**
 * For a referral the system sends on by itself (automatic re-routing): the choice of the referral it replaces
 * carries over, and it may go only where that would be decided without asking (false: propose it instead).
 */
export function carriedChoice(previous: ReferralEntity): WithoutIdentifyingData | null {
  return previous.shareMode === 'WITHOUT_IDENTIFYING_DATA' ? { reason: previous.shareReason ?? 'sent without identifying data before' } : null;
}

export async function maySendWithoutAsking(tx: EntityManager, cases: CaseAccessService, previous: ReferralEntity, toOrganizationId: string): Promise<boolean> {
  const inForce = await cases.consentsInForce(tx, previous.clientId);
  return sharingDecision(inForce, { referralId: null, caseId: previous.caseId, toOrganizationId }, carriedChoice(previous)).ok;
}
