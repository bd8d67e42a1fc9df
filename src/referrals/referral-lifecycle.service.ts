import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { caseForWork } from '../cases/case-access';
import { CaseEntity, ClientEntity, NeedEntity } from '../cases/cases.entity';
import { ConsentsService } from '../cases/consents.service';
import { NeedChange, NeedsService } from '../cases/needs.service';
import { AppError, ErrorCode } from '../common/app-error';
import { CHANNELS } from '../redis/pubsub';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { Viewer } from '../common/viewer';
import { jobId } from '../jobs/job-registry';
import type { NotificationTemplate } from '../notifications/notification-templates';
import type { NotificationRecipient } from '../jobs/notification-payloads';
import { Notifier } from '../notifications/notifier.service';
import { OutboxService } from '../outbox/outbox.service';
import type { OutboxMessage } from '../outbox/outbox.types';
import { canTakeNow, eligibilityFailures, loadServiceRows, ServiceRow } from './referral-eligibility';
import { ActorKind, DeclineReason, needStatusAfter, Outcome, ReferralAction, ReferralStatus, SUPPLY_REASONS, transition } from './referral-state';
import { ReferralEntity, ReferralEventEntity } from './referral.entity';
import { carriedChoice, decideSharing, maySendWithoutAsking, WithoutIdentifyingData } from './referral-sharing';
import { actorKindFor } from './referral.policy';
import { countAccepts, countAnswers } from './referral-stats';

export interface TransitionRequest {
  referralId: string;
  action: ReferralAction;
  expectedVersion?: number;
  reason?: string | null;
  declineReason?: DeclineReason | null;
  outcome?: Outcome | null;
  appointmentAt?: Date | null;
  /** On a send: the case manager's choice to send without identifying data (see referral-sharing.ts). */
  withoutIdentifyingData?: WithoutIdentifyingData | null;
}

const MINUTE = 60_000;

/** One transition of one referral, as applyMany takes it. */
export interface Change {
  r: ReferralEntity;
  action: ReferralAction;
  actor: ActorKind;
  actorId: string | null;
  req: Partial<TransitionRequest>;
}

/**
 * Every state change of a referral: the pure state machine decides, one transaction records the new state
 * (optimistic version check), the event, the need's status, and the outbox rows for deadlines, notifications
 * and subscription events. Nothing is published for a change that rolled back.
 */
@Injectable()
export class ReferralLifecycle {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxService,
    private readonly notifier: Notifier,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates a referral (DRAFT, or SENT when `send`), refusing a service the client is not eligible for unless overridden. */
  async create(
    viewer: Viewer,
    input: { needId: string; serviceId: string; locationId?: string; matchRunId?: string; urgency?: CaseEntity['priority']; note?: string; overrideEligibility?: string; send?: boolean; withoutIdentifyingData?: WithoutIdentifyingData },
  ): Promise<ReferralEntity> {
    return this.db.transaction(async (tx) => {
      const need = await tx.getRepository(NeedEntity).findOne({ where: { id: input.needId } });
      if (!need) throw AppError.notFound('Need', input.needId);
      const { kase, client } = await caseForWork(tx, viewer, need.caseId, { open: true, asked: { entity: 'Need', id: input.needId } });
      if (!['OPEN', 'REFERRED', 'BEING_SERVED'].includes(need.status)) throw AppError.badInput('input.needId', `the need is ${need.status}`);
      const [service] = await loadServiceRows(tx, [input.serviceId]);
      if (!service) throw AppError.badInput('input.serviceId', 'no such active service');
      const failed = eligibilityFailures(client, need, service);
      if (failed.length && !input.overrideEligibility) {
        throw AppError.badInput('input.serviceId', `the client is not eligible: ${failed.join(', ')}`, { failedCriteria: failed });
      }
      if (input.locationId) {
        const [link] = await tx.query(`SELECT 1 FROM service_at_location WHERE service_id = $1 AND location_id = $2`, [service.id, input.locationId]);
        if (!link) throw AppError.badInput('input.locationId', 'is not a location of this service');
      }
      let alternatives: string[] = [];
      if (input.matchRunId) {
        const [run] = await tx.query(`SELECT candidate_ids FROM match_run WHERE id = $1 AND need_id = $2`, [input.matchRunId, need.id]);
        if (!run) throw AppError.badInput('input.matchRunId', 'is not a match run for this need');
        alternatives = (run.candidate_ids as string[]).filter((id) => id !== service.id);
      }
      const referral = await this.insert(tx, {
        kase, client, need, service, viewer, urgency: input.urgency ?? kase.priority, note: input.note ?? null,
        locationId: input.locationId ?? null, alternatives, matchRunId: input.matchRunId ?? null,
        eligibilityOverride: failed.length ? `${failed.join(', ')}: ${input.overrideEligibility}` : null, attempt: 1, previousId: null,
      });
      await this.audit.record(tx, { action: 'REFERRAL_CREATED', entityType: 'Referral', entityId: referral.id, entityOrganizationId: kase.organizationId, details: { serviceId: service.id, override: failed } });
      return input.send ? this.applyInTx(tx, referral, 'send', 'SENDER', viewer.id, { withoutIdentifyingData: input.withoutIdentifyingData }) : referral;
    });
  }

  async insert(
    tx: EntityManager,
    p: {
      kase: CaseEntity; client: ClientEntity; need: NeedEntity; service: ServiceRow; viewer: { id: string };
      urgency: CaseEntity['priority']; note: string | null; locationId: string | null; alternatives: string[];
      matchRunId: string | null; eligibilityOverride: string | null; attempt: number; previousId: string | null;
      /** Created by the system (automatic re-routing): its DRAFT event names no user. */
      bySystem?: boolean;
    },
  ): Promise<ReferralEntity> {
    const consents = await ConsentsService.inForce(tx, p.client.id);
    const repo = tx.getRepository(ReferralEntity);
    const referral = await repo.save(repo.create({
      caseId: p.kase.id, needId: p.need.id, clientId: p.client.id, fromOrganizationId: p.kase.organizationId, fromUserId: p.viewer.id,
      serviceId: p.service.id, toOrganizationId: p.service.organizationId, locationId: p.locationId, urgency: p.urgency, note: p.note,
      consentCategories: [...new Set(consents.flatMap((c) => c.categories))].sort() as ReferralEntity['consentCategories'],
      consentIds: consents.map((c) => c.id), alternatives: p.alternatives, matchRunId: p.matchRunId,
      eligibilityOverride: p.eligibilityOverride, attempt: p.attempt, previousId: p.previousId, status: 'DRAFT', version: 1,
    }));
    await tx.getRepository(ReferralEventEntity).insert({
      referralId: referral.id, fromStatus: null, toStatus: 'DRAFT', action: 'create',
      actorId: p.bySystem ? null : p.viewer.id, actorKind: p.bySystem ? 'SYSTEM' : 'SENDER',
      reason: p.previousId ? `re-routed from ${p.previousId}` : null,
    });
    return referral;
  }

  /**
   * The case manager sends the need to another provider instead: an open referral is cancelled, a closed one
   * (declined, expired, failed) stays as it is, and the new one (attempt + 1) links to it and is sent.
   */
  async redirect(viewer: Viewer, input: { referralId: string; serviceId: string; reason: string; overrideEligibility?: string; withoutIdentifyingData?: WithoutIdentifyingData }): Promise<ReferralEntity> {
    return this.db.transaction(async (tx) => {
      const r = await tx.getRepository(ReferralEntity).findOne({ where: { id: input.referralId } });
      if (!r || actorKindFor(viewer, r, 'SENDER') !== 'SENDER') throw AppError.notFound('Referral', input.referralId);
      const { kase, client } = await caseForWork(tx, viewer, r.caseId, { open: true, asked: { entity: 'Referral', id: input.referralId } });
      if (r.status === 'COMPLETED' || r.status === 'CANCELLED') {
        throw new AppError(ErrorCode.INVALID_TRANSITION, `cannot redirect a referral that is ${r.status}`, { from: r.status, action: 'redirect' });
      }
      if (input.serviceId === r.serviceId) throw AppError.badInput('input.serviceId', 'is the service the referral already went to');
      const need = await tx.getRepository(NeedEntity).findOneOrFail({ where: { id: r.needId } });
      const [service] = await loadServiceRows(tx, [input.serviceId]);
      if (!service) throw AppError.badInput('input.serviceId', 'no such active service');
      const failed = eligibilityFailures(client, need, service);
      if (failed.length && !input.overrideEligibility) {
        throw AppError.badInput('input.serviceId', `the client is not eligible: ${failed.join(', ')}`, { failedCriteria: failed });
      }
      if (['DRAFT', 'SENT', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'].includes(r.status)) {
        await this.applyInTx(tx, r, 'cancel', 'SENDER', viewer.id, { reason: `redirected: ${input.reason}` });
      }
      const next = await this.insert(tx, {
        kase, client, need, service, viewer, urgency: r.urgency, note: r.note, locationId: null,
        alternatives: r.alternatives.filter((id) => id !== service.id), matchRunId: r.matchRunId,
        eligibilityOverride: failed.length ? `${failed.join(', ')}: ${input.overrideEligibility}` : null, attempt: r.attempt + 1, previousId: r.id,
      });
      const sent = await this.applyInTx(tx, next, 'send', 'SENDER', viewer.id, { reason: input.reason, withoutIdentifyingData: input.withoutIdentifyingData });
      await this.audit.record(tx, { action: 'REFERRAL_REDIRECTED', entityType: 'Referral', entityId: sent.id, entityOrganizationId: r.fromOrganizationId, details: { previousId: r.id, serviceId: service.id } });
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
        await this.audit.record(tx, { action: 'REFERRAL_VIEWED', entityType: 'Referral', entityId: r.id, entityOrganizationId: r.toOrganizationId });
      }
      return r;
    });
  }

  /** A transition asked for by a user. */
  async apply(viewer: Viewer, req: TransitionRequest): Promise<ReferralEntity> {
    const result = await this.db.transaction(async (tx) => {
      const r = await tx.getRepository(ReferralEntity).findOne({ where: { id: req.referralId } });
      const wanted: ActorKind = req.action === 'send' || req.action === 'cancel' ? 'SENDER' : 'RECEIVER';
      const actor = r ? actorKindFor(viewer, r, wanted) : null;
      if (!r || !actor) throw AppError.notFound('Referral', req.referralId);
      if (req.expectedVersion !== undefined && req.expectedVersion !== r.version) {
        throw AppError.conflict(`The referral changed (version ${r.version}, expected ${req.expectedVersion})`, { version: r.version });
      }
      if (actor === 'SENDER') await caseForWork(tx, viewer, r.caseId, { asked: { entity: 'Referral', id: req.referralId } });
      const applied = await this.applyInTx(tx, r, req.action, actor, viewer.id, req);
      await this.audit.record(tx, { action: `REFERRAL_${req.action.toUpperCase()}`, entityType: 'Referral', entityId: r.id, entityOrganizationId: r.fromOrganizationId, details: { from: r.status, to: applied.status } });
      return applied;
    });
    return result;
  }

  /** Applies one transition inside a transaction: a batch of one (see applyMany). */
  async applyInTx(tx: EntityManager, r: ReferralEntity, action: ReferralAction, actor: ActorKind, actorId: string | null, req: Partial<TransitionRequest>): Promise<ReferralEntity> {
    const [updated] = await this.applyMany(tx, [{ r, action, actor, actorId, req }]);
    return updated;
  }

  /**
   * Applies transitions to one or many referrals inside a transaction, with the same few statements for one as
   * for a hundred: one UPDATE of the referrals, one INSERT of their events, one change of their needs, one
   * INSERT of the outbox rows (deadlines, notifications, subscription events), one upsert of the services'
   * answer counts. Every UPDATE carries the version read: if another transaction changed a referral first,
   * nothing is applied and the call fails with CONFLICT. Each referral appears at most once in a batch.
   */
  async applyMany(tx: EntityManager, changes: Change[]): Promise<ReferralEntity[]> {
    if (!changes.length) return [];
    const now = new Date();
    const updated: ReferralEntity[] = [];
    for (const { r, action, actor, req } of changes) {
      const t = transition(r.status, action, actor, { declineReason: req.declineReason, reason: req.reason, outcome: req.outcome });
      if (!t.ok) {
        if (t.error === 'MISSING_INPUT') throw AppError.badInput(`input.${t.field}`, t.message);
        if (t.error === 'WRONG_ACTOR') throw AppError.forbidden(t.message);
        throw new AppError(ErrorCode.INVALID_TRANSITION, t.message, { from: r.status, action });
      }
      const next: Partial<ReferralEntity> = { status: t.to, version: r.version + 1, updatedAt: now };
      if (action === 'send') {
        next.sentAt = now;
        next.acceptBy = new Date(now.getTime() + (await this.deadlineMs(tx, r)));
        const sharing = await decideSharing(tx, r, req.withoutIdentifyingData);
        Object.assign(next, { sharedCategories: sharing.categories, shareMode: sharing.mode, shareReason: sharing.reason, consentIds: sharing.consentIds });
      }
      if (action === 'accept' || action === 'decline') next.answeredAt = now;
      if (action === 'accept' && req.appointmentAt) next.appointmentAt = new Date(req.appointmentAt);
      if (action === 'decline') next.declineReason = req.declineReason ?? null;
      if (req.reason) next.statusReason = req.reason;
      if (action === 'complete') next.outcome = req.outcome ?? null;
      if (['COMPLETED', 'CANCELLED', 'EXPIRED', 'FAILED', 'DECLINED'].includes(t.to)) next.closedAt = now;
      updated.push({ ...r, ...next } as ReferralEntity);
    }

    // A column a transition does not set is sent as null and keeps its value (every column set here is still
    // null before the transition that sets it). `id = ANY` lets the planner find the rows by primary key (it
    // cannot estimate the recordset and would scan the table).
    const [, affected] = await tx.query(
      `UPDATE referral r
          SET status = d.status, version = d.version + 1, updated_at = d.updated_at,
              sent_at = coalesce(d.sent_at, r.sent_at), accept_by = coalesce(d.accept_by, r.accept_by),
              answered_at = coalesce(d.answered_at, r.answered_at), appointment_at = coalesce(d.appointment_at, r.appointment_at),
              decline_reason = coalesce(d.decline_reason, r.decline_reason), status_reason = coalesce(d.status_reason, r.status_reason),
              outcome = coalesce(d.outcome, r.outcome), closed_at = coalesce(d.closed_at, r.closed_at),
              shared_categories = coalesce(d.shared_categories, r.shared_categories), share_mode = coalesce(d.share_mode, r.share_mode),
              share_reason = coalesce(d.share_reason, r.share_reason), consent_ids = coalesce(d.consent_ids, r.consent_ids)
         FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, version int, status text, updated_at timestamptz, sent_at timestamptz,
              accept_by timestamptz, answered_at timestamptz, appointment_at timestamptz, decline_reason text, status_reason text,
              outcome text, closed_at timestamptz, shared_categories text[], share_mode text, share_reason text, consent_ids uuid[])
        WHERE r.id = ANY($2::uuid[]) AND r.id = d.id AND r.version = d.version`,
      [JSON.stringify(changes.map(({ r }, i) => {
        const u = updated[i];
        const changed = (v: unknown, before: unknown) => (v === before ? null : v);
        return {
          id: r.id, version: r.version, status: u.status, updated_at: u.updatedAt, sent_at: changed(u.sentAt, r.sentAt), accept_by: changed(u.acceptBy, r.acceptBy),
          answered_at: changed(u.answeredAt, r.answeredAt), appointment_at: changed(u.appointmentAt, r.appointmentAt),
          decline_reason: changed(u.declineReason, r.declineReason), status_reason: changed(u.statusReason, r.statusReason),
          outcome: changed(u.outcome, r.outcome), closed_at: changed(u.closedAt, r.closedAt),
          // Set by a send only (the sharing decision).
          shared_categories: changed(u.sharedCategories, r.sharedCategories), share_mode: changed(u.shareMode, r.shareMode),
          share_reason: changed(u.shareReason, r.shareReason), consent_ids: changed(u.consentIds, r.consentIds),
        };
      })), changes.map(({ r }) => r.id)],
    );
    if (affected !== changes.length) throw AppError.conflict('The referral was changed by someone else at the same time; reload and retry', { field: 'referralId' });
    await tx.query(
      `INSERT INTO referral_event (referral_id, from_status, to_status, action, actor_id, actor_kind, reason, sharing)
       SELECT d.referral_id, d.from_status, d.to_status, d.action, d.actor_id, d.actor_kind, d.reason, d.sharing
         FROM jsonb_to_recordset($1::jsonb) AS d(referral_id uuid, from_status text, to_status text, action text,
              actor_id uuid, actor_kind text, reason text, sharing jsonb)`,
      [JSON.stringify(changes.map(({ r, action, actor, actorId, req }, i) => ({
        referral_id: r.id, from_status: r.status, to_status: updated[i].status, action, actor_id: actorId, actor_kind: actor,
        reason: req.declineReason ? `${req.declineReason}${req.reason ? `: ${req.reason}` : ''}` : (req.reason ?? null),
        sharing: action === 'send' ? { mode: updated[i].shareMode, categories: updated[i].sharedCategories, reason: updated[i].shareReason } : null,
      })))],
    );
    await this.followNeeds(tx, changes, updated);
    await this.sideEffects(tx, changes, updated);
    for (const [i, { action, actorId, req }] of changes.entries()) {
      if (action === 'expire' || (action === 'decline' && SUPPLY_REASONS.includes(req.declineReason!))) {
        updated[i].suggestedNextServiceId = await this.routeOnward(tx, updated[i], actorId);
      }
    }
    // Last, so the services' stats rows stay locked for as short a time as possible (one row per service:
    // concurrent answers to the same service wait for each other's commit here).
    const accepts = new Map<string, number>();
    for (const c of changes) if (c.action === 'accept') accepts.set(c.r.serviceId, (accepts.get(c.r.serviceId) ?? 0) + 1);
    for (const [serviceId, n] of [...accepts].sort(([a], [b]) => a.localeCompare(b))) await countAccepts(tx, serviceId, n);
    await countAnswers(tx, changes.filter((c) => c.action === 'decline' || c.action === 'expire').map((c) => c.r.serviceId));
    return updated;
  }

  /**
   * What the referrals' new statuses mean for their needs (needStatusAfter). A need goes back to OPEN only when
   * none of its referrals is still open; these referrals are already updated, so they no longer count.
   */
  private async followNeeds(tx: EntityManager, changes: Change[], updated: ReferralEntity[]): Promise<void> {
    const wanted: NeedChange[] = [];
    for (const [i, { r, action, actorId }] of changes.entries()) {
      const to = needStatusAfter(updated[i].status, updated[i].outcome);
      if (to) wanted.push({ needId: r.needId, to, actorId, reason: `referral ${action}` });
    }
    if (!wanted.length) return;
    const reopening = [...new Set(wanted.filter((c) => c.to === 'OPEN').map((c) => c.needId))];
    const stillReferred = new Set<string>();
    if (reopening.length) {
      const rows: { need_id: string }[] = await tx.query(
        `SELECT DISTINCT need_id FROM referral WHERE need_id = ANY($1::uuid[]) AND status IN ('SENT', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD')`,
        [reopening],
      );
      for (const row of rows) stillReferred.add(row.need_id);
    }
    await NeedsService.followReferrals(tx, wanted.filter((c) => !(c.to === 'OPEN' && stillReferred.has(c.needId))));
  }

  /**
   * After an expiry or a supply decline: re-checks the stored alternatives against current eligibility and
   * capacity, skipping providers already tried for this need. The first that can take the client is sent
   * automatically when the case allows re-routing, or proposed to the case manager otherwise.
   */
  private async routeOnward(tx: EntityManager, r: ReferralEntity, actorId: string | null): Promise<string | null> {
    if (!r.alternatives.length) return null; // nothing to re-check: no reads
    const kase = await tx.getRepository(CaseEntity).findOneOrFail({ where: { id: r.caseId } });
    const need = await tx.getRepository(NeedEntity).findOneOrFail({ where: { id: r.needId } });
    const client = await tx.getRepository(ClientEntity).findOneOrFail({ where: { id: r.clientId } });
    if (kase.stage === 'CLOSED' || !['OPEN', 'REFERRED'].includes(need.status)) return null;
    // Never a service already tried for this need, nor any service of an organisation that declined it or let
    // it expire (the one that just did included: this referral is already updated).
    const earlier: { service_id: string; to_organization_id: string; status: string }[] = await tx.query(
      `SELECT service_id, to_organization_id, status FROM referral WHERE need_id = $1`, [r.needId],
    );
    const tried = new Set(earlier.map((x) => x.service_id));
    const refused = new Set(earlier.filter((x) => x.status === 'DECLINED' || x.status === 'EXPIRED').map((x) => x.to_organization_id));
    refused.add(r.toOrganizationId);
    const candidates = r.alternatives.filter((id) => !tried.has(id));
    const rows = await loadServiceRows(tx, candidates);
    // canTakeNow checks the need's service types too: the next provider offers the help this referral was for.
    const next = candidates.map((id) => rows.find((row) => row.id === id))
      .find((row): row is ServiceRow => !!row && !refused.has(row.organizationId) && canTakeNow(client, need, row));
    if (!next) return null;
    if (!kase.autoReroute || !(await maySendWithoutAsking(tx, r, next.organizationId))) {
      await tx.query(`UPDATE referral SET suggested_next_service_id = $2 WHERE id = $1`, [r.id, next.id]);
      await this.notify(tx, r, 'referral.next-suggested', { userId: r.fromUserId }, String(r.version));
      return next.id;
    }
    const rerouted = await this.insert(tx, {
      kase, client, need, service: next, viewer: { id: r.fromUserId }, urgency: r.urgency, note: r.note, locationId: null,
      alternatives: candidates.filter((id) => id !== next.id), matchRunId: r.matchRunId, eligibilityOverride: null,
      attempt: r.attempt + 1, previousId: r.id, bySystem: true,
    });
    const sent = await this.applyInTx(tx, rerouted, 'send', 'SYSTEM', null, { reason: `re-routed after ${r.status.toLowerCase()}`, withoutIdentifyingData: carriedChoice(r) });
    await tx.query(`UPDATE referral SET suggested_next_service_id = $2 WHERE id = $1`, [r.id, next.id]);
    await this.notify(tx, sent, 'referral.rerouted', { userId: r.fromUserId }, String(sent.version));
    return next.id;
  }

  private async deadlineMs(tx: EntityManager, r: ReferralEntity): Promise<number> {
    const [svc] = await tx.query(
      `SELECT deadline_emergency_minutes AS "EMERGENCY", deadline_urgent_minutes AS "URGENT", deadline_routine_minutes AS "ROUTINE" FROM service WHERE id = $1`,
      [r.serviceId],
    );
    const override = svc?.[r.urgency] as number | null;
    return override ? override * MINUTE : this.config.referrals.deadlineSeconds[r.urgency] * 1000;
  }

  private async notify(tx: EntityManager, r: ReferralEntity, template: NotificationTemplate, recipient: NotificationRecipient, key: string): Promise<void> {
    await this.outbox.addMany(tx, this.notification(r, template, recipient, key));
  }

  private notification(r: ReferralEntity, template: NotificationTemplate, recipient: NotificationRecipient, key: string): OutboxMessage[] {
    return this.notifier.messages({ recipient, template, data: { referralId: r.id }, dedupeKey: `${template}:${r.id}:${key}` });
  }

  /**
   * Outbox rows for what must happen after the commit: deadlines, notifications, subscription events. All of
   * them, for every referral of the batch, in one INSERT.
   */
  private async sideEffects(tx: EntityManager, changes: Change[], updated: ReferralEntity[]): Promise<void> {
    const messages: OutboxMessage[] = [];
    for (const [i, { action }] of changes.entries()) messages.push(...this.messagesAfter(updated[i], action));
    await this.outbox.addMany(tx, messages);
  }

  private messagesAfter(r: ReferralEntity, action: ReferralAction): OutboxMessage[] {
    const caseManager = { userId: r.fromUserId };
    const v = String(r.version);
    const messages: OutboxMessage[] = [];
    switch (action) {
      case 'send': {
        const sentAt = r.sentAt!.getTime();
        const half = new Date(sentAt + (r.acceptBy!.getTime() - sentAt) / 2);
        messages.push(
          { kind: 'job', name: 'referrals.sla-reminder', payload: { referralId: r.id, version: r.version }, jobId: jobId('referral-sla', r.id, r.version, 'reminder'), runAt: half },
          { kind: 'job', name: 'referrals.sla-expire', payload: { referralId: r.id, version: r.version }, jobId: jobId('referral-sla', r.id, r.version, 'expire'), runAt: r.acceptBy! },
          ...this.notification(r, 'referral.new', { organizationId: r.toOrganizationId }, v),
          ...this.notification(r, 'referral.sent', caseManager, v),
        );
        break;
      }
      case 'start':
        messages.push(...this.notification(r, 'referral.started', caseManager, v));
        break;
      case 'hold':
        messages.push(...this.notification(r, 'referral.on-hold', caseManager, v));
        break;
      case 'fail':
        messages.push(...this.notification(r, 'referral.failed', caseManager, v));
        break;
      case 'accept':
        messages.push(...this.notification(r, 'referral.accepted', caseManager, v));
        break;
      case 'decline':
        messages.push(...this.notification(r, 'referral.declined', caseManager, v));
        break;
      case 'expire':
        messages.push(...this.notification(r, 'referral.expired', caseManager, v));
        if (r.urgency === 'EMERGENCY') messages.push(...this.notification(r, 'referral.expired', { organizationId: r.fromOrganizationId, role: 'SUPERVISOR' }, `${v}-supervisors`));
        break;
      case 'complete':
        messages.push(...this.notification(r, 'referral.completed', caseManager, v));
        break;
      case 'cancel':
        messages.push(...this.notification(r, 'referral.cancelled', { organizationId: r.toOrganizationId }, v));
        break;
      default:
        break;
    }
    // One row for the four subscription channels of the change (the relay publishes it to each).
    messages.push({
      kind: 'event',
      channel: [...new Set([CHANNELS.referral(r.id), CHANNELS.organizationReferrals(r.toOrganizationId), CHANNELS.organizationReferrals(r.fromOrganizationId), CHANNELS.caseReferrals(r.caseId)])],
      payload: { referralId: r.id, status: r.status, version: r.version },
      dedupeKey: `event:referral-change:${r.id}:${v}`,
    });
    return messages;
  }
}

export type { ReferralStatus };
