import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, LinkActor } from '../audit/audit.service';
import { CaseAccessService } from '../cases/case-access.service';
import type { CaseEntity, ClientEntity, NeedEntity } from '../cases/cases.entity';
import { AppError, ErrorCode } from '../common/app-error';
import { actorInRequest } from '../common/request-context';
import type { Viewer } from '../common/viewer';
import { ServiceRow, ServiceRowsService } from '../directory/service-rows.service';
import { MatchRunsService } from '../matching/match-runs.service';
import { eligibilityFailures } from './referral-eligibility';
import { ReferralRoutingService } from './referral-routing.service';
import type { WithoutIdentifyingData } from './referral-sharing';
import { ActorKind, OPEN_STATUSES } from './referral-state';
import { Change, ReferralTransitionsService, TransitionRequest } from './referral-transitions.service';
import { ReferralEntity } from './referral.entity';
import { actorKindFor } from './referral.policy';

export type { Change, TransitionRequest };

/**
 * The referral use cases: create (and send), redirect, mark viewed, and apply a transition asked for by a user
 * or a job. The transition engine (referral-transitions.service.ts) records every change and its effects; the
 * routing (referral-routing.service.ts) sends a need onward after an expiry or a supply decline.
 */
@Injectable()
export class ReferralLifecycleService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly transitions: ReferralTransitionsService,
    private readonly routing: ReferralRoutingService,
    private readonly cases: CaseAccessService,
    private readonly services: ServiceRowsService,
    private readonly matchRuns: MatchRunsService,
    private readonly audit: AuditService,
  ) {}

  /** Creates a referral (DRAFT, or SENT when `send`), refusing a service the client is not eligible for unless overridden. */
  async create(
    viewer: Viewer,
    input: { needId: string; serviceId: string; locationId?: string; matchRunId?: string; urgency?: CaseEntity['priority']; note?: string; overrideEligibility?: string; send?: boolean; withoutIdentifyingData?: WithoutIdentifyingData },
  ): Promise<ReferralEntity> {
    return this.db.transaction(async (tx) => {
      const need = await this.cases.need(tx, input.needId);
      if (!need) throw AppError.notFound('Need', input.needId);
      const { kase, client } = await this.cases.forWork(tx, viewer, need.caseId, { open: true, asked: { entity: 'Need', id: input.needId } });
      if (!['OPEN', 'REFERRED', 'BEING_SERVED'].includes(need.status)) throw AppError.badInput('input.needId', `the need is ${need.status}`);
      const { service, override, failed } = await this.eligibleService(tx, client, need, input.serviceId, input.overrideEligibility);
      if (input.locationId && !(await this.services.isLocationOf(tx, service.id, input.locationId))) {
        throw AppError.badInput('input.locationId', 'is not a location of this service');
      }
      let alternatives: string[] = [];
      if (input.matchRunId) {
        const candidates = await this.matchRuns.candidateIds(tx, input.matchRunId, need.id);
        if (!candidates) throw AppError.badInput('input.matchRunId', 'is not a match run for this need');
        alternatives = candidates.filter((id) => id !== service.id);
      }
      const referral = await this.transitions.insert(tx, {
        kase, client, need, service, viewer, urgency: input.urgency ?? kase.priority, note: input.note ?? null,
        locationId: input.locationId ?? null, alternatives, matchRunId: input.matchRunId ?? null,
        eligibilityOverride: override, attempt: 1, previousId: null,
      });
      await this.audit.record(tx, viewer, { action: 'REFERRAL_CREATED', entityType: 'Referral', entityId: referral.id, entityOrganizationId: kase.organizationId, details: { serviceId: service.id, override: failed } });
      return input.send ? this.transitions.applyInTx(tx, referral, 'send', 'SENDER', viewer.id, { withoutIdentifyingData: input.withoutIdentifyingData }, viewer) : referral;
    });
  }

  /**
   * The case manager sends the need to another provider instead: an open referral is cancelled, a closed one
   * (declined, expired, failed) stays as it is, and the new one (attempt + 1) links to it and is sent.
   */
  async redirect(viewer: Viewer, input: { referralId: string; serviceId: string; reason: string; overrideEligibility?: string; withoutIdentifyingData?: WithoutIdentifyingData }): Promise<ReferralEntity> {
    return this.db.transaction(async (tx) => {
      const r = await tx.getRepository(ReferralEntity).findOne({ where: { id: input.referralId } });
      if (!r || actorKindFor(viewer, r, 'SENDER') !== 'SENDER') throw AppError.notFound('Referral', input.referralId);
      const { kase, client } = await this.cases.forWork(tx, viewer, r.caseId, { open: true, asked: { entity: 'Referral', id: input.referralId } });
      if (r.status === 'COMPLETED' || r.status === 'CANCELLED') {
        throw new AppError(ErrorCode.INVALID_TRANSITION, `cannot redirect a referral that is ${r.status}`, { from: r.status, action: 'redirect' });
      }
      if (input.serviceId === r.serviceId) throw AppError.badInput('input.serviceId', 'is the service the referral already went to');
      const need = (await this.cases.need(tx, r.needId))!;
      const { service, override } = await this.eligibleService(tx, client, need, input.serviceId, input.overrideEligibility);
      if (OPEN_STATUSES.includes(r.status)) {
        await this.transitions.applyInTx(tx, r, 'cancel', 'SENDER', viewer.id, { reason: `redirected: ${input.reason}` }, viewer);
      }
      const next = await this.transitions.insert(tx, {
        kase, client, need, service, viewer, urgency: r.urgency, note: r.note, locationId: null,
        alternatives: r.alternatives.filter((id) => id !== service.id), matchRunId: r.matchRunId,
        eligibilityOverride: override, attempt: r.attempt + 1, previousId: r.id,
      });
      const sent = await this.transitions.applyInTx(tx, next, 'send', 'SENDER', viewer.id, { reason: input.reason, withoutIdentifyingData: input.withoutIdentifyingData }, viewer);
      await this.audit.record(tx, viewer, { action: 'REFERRAL_REDIRECTED', entityType: 'Referral', entityId: sent.id, entityOrganizationId: r.fromOrganizationId, details: { previousId: r.id, serviceId: service.id } });
      return sent;
    });
  }

  /** The receiving organisation opened the referral: sets viewedAt once (not a state). */
  async markViewed(viewer: Viewer, referralId: string): Promise<ReferralEntity> {
    return this.db.transaction(async (tx) => {
      const r = await tx.getRepository(ReferralEntity).findOne({ where: { id: referralId }, lock: { mode: 'pessimistic_write' } });
      if (!r || actorKindFor(viewer, r, 'RECEIVER') !== 'RECEIVER') throw AppError.notFound('Referral', referralId);
      if (!r.viewedAt && r.status !== 'DRAFT') {
        r.viewedAt = new Date();
        await tx.query(`UPDATE referral SET viewed_at = $2 WHERE id = $1`, [r.id, r.viewedAt]);
        await this.audit.record(tx, viewer, { action: 'REFERRAL_VIEWED', entityType: 'Referral', entityId: r.id, entityOrganizationId: r.toOrganizationId });
      }
      return r;
    });
  }

  /** A transition asked for by a user. */
  async apply(viewer: Viewer, req: TransitionRequest): Promise<ReferralEntity> {
    return this.db.transaction(async (tx) => {
      const r = await tx.getRepository(ReferralEntity).findOne({ where: { id: req.referralId } });
      const wanted: ActorKind = req.action === 'send' || req.action === 'cancel' ? 'SENDER' : 'RECEIVER';
      const actor = r ? actorKindFor(viewer, r, wanted) : null;
      if (!r || !actor) throw AppError.notFound('Referral', req.referralId);
      if (req.expectedVersion !== undefined && req.expectedVersion !== r.version) {
        throw AppError.conflict(`The referral changed (version ${r.version}, expected ${req.expectedVersion})`, { version: r.version });
      }
      if (actor === 'SENDER') await this.cases.forWork(tx, viewer, r.caseId, { asked: { entity: 'Referral', id: req.referralId } });
      const [applied] = await this.applyMany(tx, [{ r, action: req.action, actor, actorId: viewer.id, req, cause: viewer }]);
      await this.audit.record(tx, viewer, { action: `REFERRAL_${req.action.toUpperCase()}`, entityType: 'Referral', entityId: r.id, entityOrganizationId: r.fromOrganizationId, details: { from: r.status, to: applied.status } });
      return applied;
    });
  }

  /**
   * An accept or decline by the receiving organisation through its single-referral link, in the caller's
   * transaction (the link and the referral locked by the caller): the same transition, events, outbox messages
   * and routing as acceptReferral/declineReferral, with the link as the actor (event actor LINK, audit role LINK).
   * `request` is the request the answer came in (anything requestContextOf understands): the link acts in it, so
   * the outbox messages carry its id.
   */
  async applyByLink(
    tx: EntityManager, link: { id: string; organizationId: string }, r: ReferralEntity, req: TransitionRequest & { action: 'accept' | 'decline' }, request?: unknown,
  ): Promise<ReferralEntity> {
    const actor = actorInRequest<LinkActor>({ kind: 'LINK', linkId: link.id, organizationId: link.organizationId }, request);
    const [applied] = await this.applyMany(tx, [{ r, action: req.action, actor: 'LINK', actorId: null, linkId: link.id, req, cause: actor }]);
    await this.audit.record(tx, actor, { action: `REFERRAL_${req.action.toUpperCase()}`, entityType: 'Referral', entityId: r.id, entityOrganizationId: r.fromOrganizationId, details: { from: r.status, to: applied.status, linkId: link.id } });
    return applied;
  }

  /**
   * Transitions of one or many referrals in the caller's transaction (users' actions, deadline and case-closure
   * jobs): recorded by the transition engine, then routed onward where a provider could not take the need.
   */
  async applyMany(tx: EntityManager, changes: Change[]): Promise<ReferralEntity[]> {
    const updated = await this.transitions.applyMany(tx, changes);
    await this.routing.afterTransitions(tx, changes, updated);
    return updated;
  }

  /** The service, if the client is eligible for it for this need, or overridden with a reason (kept on the referral). */
  private async eligibleService(
    tx: EntityManager, client: ClientEntity, need: NeedEntity, serviceId: string, overrideReason?: string,
  ): Promise<{ service: ServiceRow; override: string | null; failed: string[] }> {
    const [service] = await this.services.load(tx, [serviceId]);
    if (!service) throw AppError.badInput('input.serviceId', 'no such active service');
    const failed = eligibilityFailures(client, need, service);
    if (failed.length && !overrideReason) {
      throw AppError.badInput('input.serviceId', `the client is not eligible: ${failed.join(', ')}`, { failedCriteria: failed });
    }
    return { service, override: failed.length ? `${failed.join(', ')}: ${overrideReason}` : null, failed };
  }
}
