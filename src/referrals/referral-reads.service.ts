import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService, isLinkActor, LinkActor } from '../audit/audit.service';
import { ageOn } from '../cases/age';
import { canReadClient, worksWithClients } from '../cases/case.policy';
import { AssessmentEntity, ClientEntity, ConsentCategory, NeedEntity } from '../cases/cases.entity';
import { CaseAccessService } from '../cases/case-access.service';
import type { Locale } from '../common/locale';
import type { MatchCandidateType } from '../matching/matching.types';
import { ReferralRoutingService } from './referral-routing.service';
import { AppError } from '../common/app-error';
import { ConnectionShape, pageWindow, toConnection } from '../common/connection';
import type DataLoader from 'dataloader';
import { byKeys, defineLoader, groupByKeys, requestLoader } from '../common/request-loaders';
import { sexFromCode } from '../directory/directory.types';
import type { Viewer } from '../common/viewer';
import { fhirTaskStatus } from './referral-state';
import { ReferralEntity, ReferralEventEntity } from './referral.entity';
import { canSeeReferral, canUseInbox, isSender } from './referral.policy';
import { InboxArgs, ReferralEventType, ReferralsArgs, ReferralType, SharedClientType } from './referrals.types';

/** Statuses in which the receiving organisation no longer sees the client (need-to-know). */
const NO_LONGER_NEEDS_TO_KNOW: readonly ReferralEntity['status'][] = ['DECLINED', 'EXPIRED', 'CANCELLED'];

const VISIBLE_REFERRALS = defineLoader<string, ReferralEntity | null>('visibleReferrals');
const NEXT_REFERRAL_IDS = defineLoader<string, string | null>('nextReferralIds');
const REFERRAL_EVENTS = defineLoader<string, ReferralEventEntity[]>('referralEvents');

/** Reads of referrals: the sender's view, the partner's inbox, and the consent-scoped client projection. */
@Injectable()
export class ReferralReadsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly cases: CaseAccessService,
    private readonly routing: ReferralRoutingService,
  ) {}

  toType(r: ReferralEntity, viewer: Viewer): ReferralType {
    const sender = isSender(viewer, r);
    return {
      id: r.id, status: r.status, urgency: r.urgency, serviceId: r.serviceId, toOrganizationId: r.toOrganizationId,
      fromOrganizationId: r.fromOrganizationId, caseId: sender ? r.caseId : null, needId: sender ? r.needId : null, note: r.note,
      acceptBy: r.acceptBy, viewedAt: r.viewedAt, appointmentAt: r.appointmentAt, declineReason: r.declineReason,
      statusReason: r.statusReason, outcome: r.outcome, attempt: r.attempt, previousId: r.previousId,
      suggestedNextServiceId: sender ? r.suggestedNextServiceId : null, alternatives: sender ? r.alternatives : [],
      overdue: r.status === 'SENT' && r.acceptBy !== null && r.acceptBy.getTime() < Date.now(),
      createdAt: r.createdAt, sentAt: r.sentAt, version: r.version, fhirStatus: fhirTaskStatus(r.status),
      sharing: r.shareMode ? { mode: r.shareMode, categories: r.sharedCategories ?? [], reason: sender ? r.shareReason : null } : null,
    };
  }

  /** A referral the viewer is party to; anyone else gets NOT_FOUND, not a hint that it exists. */
  async require(viewer: Viewer, id: string): Promise<ReferralEntity> {
    const r = await this.db.getRepository(ReferralEntity).findOne({ where: { id } });
    if (!r || !canSeeReferral(viewer, r)) throw AppError.notFound('Referral', id);
    if (isSender(viewer, r)) {
      const client = await this.db.getRepository(ClientEntity).findOneOrFail({ where: { id: r.clientId } });
      if (!canReadClient(viewer, client)) throw AppError.notFound('Referral', id);
    }
    return r;
  }

  async inbox(viewer: Viewer, args: InboxArgs): Promise<ConnectionShape<ReferralType>> {
    if (!canUseInbox(viewer)) throw AppError.forbidden('The inbox is for staff of a receiving organisation');
    const window = pageWindow(args);
    const qb = this.db.getRepository(ReferralEntity).createQueryBuilder('r')
      .where('r.to_organization_id = :org', { org: viewer.organizationId })
      .andWhere("r.status <> 'DRAFT'");
    if (args.statuses?.length) qb.andWhere('r.status IN (:...statuses)', { statuses: args.statuses });
    if (args.urgency) qb.andWhere('r.urgency = :urgency', { urgency: args.urgency });
    if (args.overdue === true) qb.andWhere("r.status = 'SENT' AND r.accept_by < now()");
    if (args.overdue === false) qb.andWhere("NOT (r.status = 'SENT' AND r.accept_by < now())");
    qb.orderBy("CASE r.urgency WHEN 'EMERGENCY' THEN 0 WHEN 'URGENT' THEN 1 ELSE 2 END").addOrderBy('r.accept_by', 'ASC', 'NULLS LAST').addOrderBy('r.id');
    const [rows, total] = await qb.skip(window.offset).take(window.limit).getManyAndCount();
    return toConnection(rows.map((r) => this.toType(r, viewer)), total, window);
  }

  /** The sending side's referrals, newest first, optionally of one case or some statuses. */
  async list(viewer: Viewer, args: ReferralsArgs): Promise<ConnectionShape<ReferralType>> {
    if (!worksWithClients(viewer)) throw AppError.forbidden('Only case managers and supervisors list sent referrals');
    const window = pageWindow(args);
    const qb = this.db.getRepository(ReferralEntity).createQueryBuilder('r')
      .where('r.fromOrganizationId = :org', { org: viewer.organizationId });
    if (args.caseId) qb.andWhere('r.caseId = :caseId', { caseId: args.caseId });
    if (args.statuses?.length) qb.andWhere('r.status IN (:...statuses)', { statuses: args.statuses });
    // Order by property paths (alias.property): with skip/take TypeORM resolves them to columns itself.
    const [rows, total] = await qb.orderBy('r.createdAt', 'DESC').addOrderBy('r.id', 'ASC').skip(window.offset).take(window.limit).getManyAndCount();
    return toConnection(rows.map((r) => this.toType(r, viewer)), total, window);
  }

  /**
   * The referrals of these cases the viewer sees as their sender, oldest first. For `Case.referrals`: the
   * case itself was checked by the query that returned it.
   */
  async ofCases(viewer: Viewer, caseIds: readonly string[]): Promise<ReferralEntity[]> {
    const rows = await this.db.getRepository(ReferralEntity).find({ where: { caseId: In([...caseIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.filter((r) => isSender(viewer, r));
  }

  /** For each of these referrals, the id of the latest attempt re-routed from it (redirected or sent on by the system). */
  async nextIds(ids: readonly string[]): Promise<{ previousId: string; id: string }[]> {
    return this.db.query(
      `SELECT DISTINCT ON (previous_id) previous_id AS "previousId", id FROM referral
        WHERE previous_id = ANY($1::uuid[]) ORDER BY previous_id, attempt DESC, created_at DESC`,
      [[...ids]],
    );
  }

  /**
   * Referrals by id that this viewer may see, for one request: the rows of a list's `previous`, `next` and
   * per-item fields in one query (and one of their clients, for the sending side's check); null when out of
   * reach, as `require` would refuse.
   */
  visibleLoader(request: object, viewer: Viewer): DataLoader<string, ReferralEntity | null> {
    return requestLoader(request, VISIBLE_REFERRALS, async (ids) => {
      const rows = (await this.db.getRepository(ReferralEntity).find({ where: { id: In([...ids]) } })).filter((r) => canSeeReferral(viewer, r));
      const sent = rows.filter((r) => isSender(viewer, r));
      const clients = sent.length ? await this.db.getRepository(ClientEntity).find({ where: { id: In([...new Set(sent.map((r) => r.clientId))]) } }) : [];
      const readable = new Set(clients.filter((c) => canReadClient(viewer, c)).map((c) => c.id));
      return byKeys(ids, rows.filter((r) => !isSender(viewer, r) || readable.has(r.clientId)), (r) => r.id);
    });
  }

  /** For each referral of a request, the id of the latest attempt re-routed from it (see nextIds). */
  nextIdLoader(request: object): DataLoader<string, string | null> {
    return requestLoader(request, NEXT_REFERRAL_IDS, async (ids) => byKeys(ids, await this.nextIds(ids), (x) => x.previousId).map((x) => x?.id ?? null));
  }

  /** The referral's history; the reason for sending without identifying data is the sending side's only. */
  async events(request: object, viewer: Viewer, r: { id: string; fromOrganizationId: string; toOrganizationId: string }): Promise<ReferralEventType[]> {
    const rows = await requestLoader(request, REFERRAL_EVENTS, async (ids) =>
      groupByKeys(ids, await this.db.getRepository(ReferralEventEntity).find({ where: { referralId: In([...ids]) }, order: { id: 'ASC' } }), (e) => e.referralId),
    ).load(r.id);
    const sender = isSender(viewer, r);
    return rows.map((e) => ({
      id: e.id, fromStatus: e.fromStatus, toStatus: e.toStatus, action: e.action, actorId: e.actorId, actorKind: e.actorKind, actorLinkId: e.actorLinkId ?? null, reason: e.reason,
      sharing: e.sharing ? { ...e.sharing, reason: sender ? e.sharing.reason : null } : null, at: e.at,
    }));
  }

  /**
   * The client as the viewer may see them on this referral. The sending side sees the full record elsewhere;
   * here everyone gets the consent-scoped projection: the categories shared when the referral was sent that
   * consent covering it still allows (withdrawn consent hides data from then on; nothing before it is sent).
   * A receiver that declined, let it expire, or whose referral was cancelled or redirected away no longer
   * needs to know the client: it sees nothing of them (the referral's own facts stay). Every read is audited.
   * The receiving organisation's single-referral link (a LinkActor) gets the same projection.
   */
  async sharedClient(viewer: Viewer | LinkActor, r: ReferralEntity): Promise<SharedClientType> {
    const target = { referralId: r.id, caseId: r.caseId, toOrganizationId: r.toOrganizationId };
    // A single-referral link is the receiving organisation: it sees what the receiver sees.
    const closedAway = (isLinkActor(viewer) || !isSender(viewer, r)) && NO_LONGER_NEEDS_TO_KNOW.includes(r.status);
    const inForce = new Set(closedAway ? [] : await this.cases.categoriesInForceFor(this.db.manager, r.clientId, target));
    const shared = (r.sharedCategories ?? []).filter((c) => inForce.has(c)) as ConsentCategory[];
    const has = (c: ConsentCategory) => shared.includes(c);
    const client = await this.db.getRepository(ClientEntity).findOneOrFail({ where: { id: r.clientId } });
    const need = has('NEEDS_SUMMARY') ? await this.db.getRepository(NeedEntity).findOne({ where: { id: r.needId } }) : null;
    const assessments = has('ASSESSMENT_DETAIL')
      ? await this.db.getRepository(AssessmentEntity).find({ where: { caseId: r.caseId }, order: { takenAt: 'ASC' } })
      : null;
    await this.audit.recordRead(null, viewer, {
      entityType: 'Client', entityId: client.id, entityOrganizationId: client.organizationId,
      action: 'CLIENT_SHARED_READ', details: { referralId: r.id, categories: shared },
    });
    const identity = has('IDENTITY');
    const contact = has('CONTACT');
    return {
      sharedCategories: shared,
      fullName: identity ? client.fullName : null,
      sex: identity ? sexFromCode(client.sex) : null,
      age: identity ? ageOn(client.birthDate, new Date()) : null,
      birthDate: identity ? client.birthDate : null,
      phone: contact ? client.phone : null,
      addressLine: contact ? client.addressLine : null,
      regionCode: contact ? client.regionCode : null,
      contactPreference: contact ? client.contactPreference : null,
      safeContact: contact ? client.safeContact : null,
      safeContactNote: contact ? client.safeContactNote : null,
      languages: contact ? client.languages : null,
      need: need ? { category: need.category, description: need.description, severity: need.severity } : null,
      assessments: assessments ? assessments.map((a) => ({ instrument: a.instrument, total: a.total, takenAt: a.takenAt, baseline: a.baseline })) : null,
    };
  }


  /** The proposed next provider, scored as the match did (see ReferralRoutingService.suggestedNext). */
  suggestedNext(r: ReferralEntity, lang: Locale): Promise<MatchCandidateType | null> {
    return this.routing.suggestedNext(this.db.manager, r, lang);
  }

  /** Refuses (NOT_FOUND) a case the viewer may not work on, before subscribing to its referrals. */
  async assertCaseReachable(viewer: Viewer, caseId: string): Promise<void> {
    await this.cases.forWork(this.db.manager, viewer, caseId);
  }
}
