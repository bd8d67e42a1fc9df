import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseAccessService } from '../cases/case-access.service';
import { toServiceType } from '../directory/directory.mappers';
import { ServiceRow, ServiceRowsService } from '../directory/service-rows.service';
import type { Locale } from '../common/locale';
import type { MatchCandidateType } from '../matching/matching.types';
import { MatchingService } from '../matching/matching.service';
import { OutboxService } from '../outbox/outbox.service';
import { referralNotification } from './referral-effects';
import { canTakeNow } from './referral-eligibility';
import { carriedChoice, maySendWithoutAsking } from './referral-sharing';
import { SUPPLY_REASONS } from './referral-state';
import type { ReferralEntity } from './referral.entity';
import { Change, ReferralTransitionsService } from './referral-transitions.service';

/**
 * Where a need goes next when a provider cannot take it: after an expiry or a decline for a supply reason, the
 * next of the referral's stored alternatives that offers the same help and can take the client now, never a
 * provider that already declined or let the need expire; sent automatically where the case allows it and the
 * client's consent covers the new recipient, proposed to the case manager otherwise. Also scores the proposal
 * as the match did, for the case manager to read.
 */
@Injectable()
export class ReferralRoutingService {
  constructor(
    private readonly transitions: ReferralTransitionsService,
    private readonly cases: CaseAccessService,
    private readonly services: ServiceRowsService,
    private readonly matching: MatchingService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * After a batch of transitions: routes onward every referral that expired or was declined for a supply reason.
   * The proposal or re-route is caused by the change that triggered it (its messages carry that change's request id).
   */
  async afterTransitions(tx: EntityManager, changes: Change[], updated: ReferralEntity[]): Promise<void> {
    for (const [i, { action, req, cause }] of changes.entries()) {
      if (action === 'expire' || (action === 'decline' && SUPPLY_REASONS.includes(req.declineReason!))) {
        updated[i].suggestedNextServiceId = await this.routeOnward(tx, updated[i], cause);
      }
    }
  }

  private async routeOnward(tx: EntityManager, r: ReferralEntity, cause: object | undefined): Promise<string | null> {
    if (!r.alternatives.length) return null; // nothing to re-check: no reads
    const kase = await this.cases.caseOf(tx, r.caseId);
    const need = await this.cases.need(tx, r.needId);
    const client = await this.cases.client(tx, r.clientId);
    if (!need || kase.stage === 'CLOSED' || !['OPEN', 'REFERRED'].includes(need.status)) return null;
    // Never a service already tried for this need, nor any service of an organisation that declined it or let
    // it expire (the one that just did included: this referral is already updated).
    const earlier: { service_id: string; to_organization_id: string; status: string }[] = await tx.query(
      `SELECT service_id, to_organization_id, status FROM referral WHERE need_id = $1`, [r.needId],
    );
    const tried = new Set(earlier.map((x) => x.service_id));
    const refused = new Set(earlier.filter((x) => x.status === 'DECLINED' || x.status === 'EXPIRED').map((x) => x.to_organization_id));
    refused.add(r.toOrganizationId);
    const candidates = r.alternatives.filter((id) => !tried.has(id));
    const rows = await this.services.load(tx, candidates);
    // canTakeNow checks the need's service types too: the next provider offers the help this referral was for.
    const next = candidates.map((id) => rows.find((row) => row.id === id))
      .find((row): row is ServiceRow => !!row && !refused.has(row.organizationId) && canTakeNow(client, need, row));
    if (!next) return null;
    if (!kase.autoReroute || !(await maySendWithoutAsking(tx, this.cases, r, next.organizationId))) {
      await tx.query(`UPDATE referral SET suggested_next_service_id = $2 WHERE id = $1`, [r.id, next.id]);
      await this.outbox.addMany(tx, referralNotification(r, 'referral.next-suggested', { userId: r.fromUserId }, String(r.version)), cause);
      return next.id;
    }
    const rerouted = await this.transitions.insert(tx, {
      kase, client, need, service: next, viewer: { id: r.fromUserId }, urgency: r.urgency, note: r.note, locationId: null,
      alternatives: candidates.filter((id) => id !== next.id), matchRunId: r.matchRunId, eligibilityOverride: null,
      attempt: r.attempt + 1, previousId: r.id, bySystem: true,
    });
    // A send never routes onward, so the transition engine alone applies it.
    const sent = await this.transitions.applyInTx(tx, rerouted, 'send', 'SYSTEM', null, { reason: `re-routed after ${r.status.toLowerCase()}`, withoutIdentifyingData: carriedChoice(r) }, cause);
    await tx.query(`UPDATE referral SET suggested_next_service_id = $2 WHERE id = $1`, [r.id, next.id]);
    await this.outbox.addMany(tx, referralNotification(sent, 'referral.rerouted', { userId: r.fromUserId }, String(sent.version)), cause);
    return next.id;
  }

  /**
   * The proposed next provider, scored for this client with the profile of the match the referral came from
   * (MatchingService.scoreForNeed), so its reasons are the match's (distance included).
   */
  async suggestedNext(tx: EntityManager, r: ReferralEntity, lang: Locale): Promise<MatchCandidateType | null> {
    if (!r.suggestedNextServiceId) return null;
    const [service] = await this.services.load(tx, [r.suggestedNextServiceId]);
    if (!service) return null;
    const client = await this.cases.client(tx, r.clientId);
    const need = await this.cases.need(tx, r.needId);
    if (!need) return null;
    const scored = await this.matching.scoreForNeed(need, client, r.matchRunId, r.urgency, service.id, lang);
    if (!scored) return null;
    return { service: toServiceType(service), location: null, ...scored };
  }
}
