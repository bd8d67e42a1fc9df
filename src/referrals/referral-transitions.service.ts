import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseAccessService } from '../cases/case-access.service';
import type { CaseEntity, ClientEntity, NeedEntity } from '../cases/cases.entity';
import type { NeedChange } from '../cases/needs.service';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ServiceRow, ServiceRowsService } from '../directory/service-rows.service';
import { OutboxService } from '../outbox/outbox.service';
import type { OutboxMessage } from '../outbox/outbox.types';
import { messagesAfter } from './referral-effects';
import { decideSharing, WithoutIdentifyingData } from './referral-sharing';
import { ActorKind, DeclineReason, needStatusAfter, OPEN_STATUSES, Outcome, ReferralAction, transition } from './referral-state';
import { countAccepts, countAnswers } from './referral-stats';
import { ReferralEntity, ReferralEventEntity } from './referral.entity';
import { transitionError } from './referrals.errors';
import { ReferralLinksService } from './referral-links.service';
import { ReferralHooks } from './referral-hooks';

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

/** One transition of one referral, as applyMany takes it. */
export interface Change {
  r: ReferralEntity;
  action: ReferralAction;
  actor: ActorKind;
  actorId: string | null;
  /** The single-referral link acted through (actor LINK). */
  linkId?: string | null;
  req: Partial<TransitionRequest>;
  /**
   * Who or what asked for it, for the request id of its outbox messages (OutboxService): the acting viewer or link
   * (an actor of its request, actorInRequest) or the request; none when a job acts.
   */
  cause?: object;
}

/** A new referral's row, as `insert` takes it. */
export interface NewReferral {
  kase: CaseEntity; client: ClientEntity; need: NeedEntity; service: ServiceRow; viewer: { id: string };
  urgency: CaseEntity['priority']; note: string | null; locationId: string | null; alternatives: string[];
  matchRunId: string | null; eligibilityOverride: string | null; attempt: number; previousId: string | null;
  /** Created by the system (automatic re-routing): its DRAFT event names no user. */
  bySystem?: boolean;
}

const MINUTE = 60_000;

/** Transitions out of SENT: the referral's single-referral link stops working. */
const LINK_ENDING: ReadonlySet<ReferralAction> = new Set(['accept', 'decline', 'expire', 'cancel']);

/**
 * The transition engine: the pure state machine decides, and one set of statements records the new states
 * (optimistic version check), their events, their needs' statuses, the outbox rows of their effects
 * (referral-effects.ts) and the services' answer statistics. Nothing is published for a change that rolled back.
 */
@Injectable()
export class ReferralTransitionsService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly cases: CaseAccessService,
    private readonly services: ServiceRowsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly links: ReferralLinksService,
    private readonly hooks: ReferralHooks,
  ) {}

  /** A new referral in DRAFT, with its first event. */
  async insert(tx: EntityManager, p: NewReferral): Promise<ReferralEntity> {
    const consents = await this.cases.consentsInForce(tx, p.client.id);
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

  /** Applies one transition inside a transaction: a batch of one (see applyMany; `cause` as in Change). */
  async applyInTx(
    tx: EntityManager, r: ReferralEntity, action: ReferralAction, actor: ActorKind, actorId: string | null, req: Partial<TransitionRequest>, cause?: object,
  ): Promise<ReferralEntity> {
    const [updated] = await this.applyMany(tx, [{ r, action, actor, actorId, req, cause }]);
    return updated;
  }

  /**
   * Applies transitions to one or many referrals inside a transaction, with the same few statements for one as
   * for a hundred: one UPDATE of the referrals, one INSERT of their events, one change of their needs, one
   * INSERT of the outbox rows (deadlines, notifications, subscription events), one upsert of the services'
   * answer counts, and the registered hooks' work (ReferralHooks: follow-ups) after the events. Every UPDATE carries the version read: if another transaction changed a referral first,
   * nothing is applied and the call fails with CONFLICT. Each referral appears at most once in a batch.
   */
  async applyMany(tx: EntityManager, changes: Change[]): Promise<ReferralEntity[]> {
    if (!changes.length) return [];
    const now = this.clock.now();
    const updated: ReferralEntity[] = [];
    for (const { r, action, actor, req } of changes) {
      const t = transition(r.status, action, actor, { declineReason: req.declineReason, reason: req.reason, outcome: req.outcome });
      if (!t.ok) throw transitionError(t, r.status, action);
      const next: Partial<ReferralEntity> = { status: t.to, version: r.version + 1, updatedAt: now };
      if (action === 'send') {
        next.sentAt = now;
        next.acceptBy = new Date(now.getTime() + (await this.deadlineMs(tx, r)));
        const sharing = await decideSharing(tx, r, this.cases, this.services, req.withoutIdentifyingData);
        Object.assign(next, { sharedCategories: sharing.categories, shareMode: sharing.mode, shareReason: sharing.reason, consentIds: sharing.consentIds });
      }
      if (action === 'accept' || action === 'decline') next.answeredAt = now;
      if (action === 'accept' && req.appointmentAt) next.appointmentAt = new Date(req.appointmentAt);
      if (action === 'decline') next.declineReason = req.declineReason ?? null;
      if (req.reason) next.statusReason = req.reason;
      if (action === 'complete') next.outcome = req.outcome ?? null;
      if (!OPEN_STATUSES.includes(t.to)) next.closedAt = now;
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
      `INSERT INTO referral_event (referral_id, from_status, to_status, action, actor_id, actor_kind, actor_link_id, reason, sharing)
       SELECT d.referral_id, d.from_status, d.to_status, d.action, d.actor_id, d.actor_kind, d.actor_link_id, d.reason, d.sharing
         FROM jsonb_to_recordset($1::jsonb) AS d(referral_id uuid, from_status text, to_status text, action text,
              actor_id uuid, actor_kind text, actor_link_id uuid, reason text, sharing jsonb)`,
      [JSON.stringify(changes.map(({ r, action, actor, actorId, linkId, req }, i) => ({
        referral_id: r.id, from_status: r.status, to_status: updated[i].status, action, actor_id: actorId, actor_kind: actor, actor_link_id: linkId ?? null,
        reason: req.declineReason ? `${req.declineReason}${req.reason ? `: ${req.reason}` : ''}` : (req.reason ?? null),
        sharing: action === 'send' ? { mode: updated[i].shareMode, categories: updated[i].sharedCategories, reason: updated[i].shareReason } : null,
      })))],
    );
    // The features registered with the hooks (follow-ups: the tasks a referral's new state calls for) write in
    // this transaction, after the referrals and their events (so they read the new states) and before the needs
    // and cases: a follow-up answer locks its task, then the need and case, and this keeps the same order.
    await this.hooks.runTransitioned(tx, changes.map(({ r, action }, i) => ({
      referralId: r.id, action, fromStatus: r.status, status: updated[i].status, statusReason: updated[i].statusReason ?? null,
    })), now);
    await this.followNeeds(tx, changes, updated);
    // Single-referral links: a new one with each send, the open ones revoked once the referral leaves SENT.
    await this.links.revokeFor(tx, changes.filter(({ action }) => LINK_ENDING.has(action)).map(({ r, action }) => ({ id: r.id, reason: action })));
    const linkIds = await this.links.createFor(tx, updated.filter((_, i) => changes[i].action === 'send'));
    // The messages of the changes of one cause together, with its request id: one INSERT for a batch, which has
    // one cause (a user's action, or a job's).
    const byCause = new Map<object | undefined, OutboxMessage[]>();
    for (const [i, { action, cause }] of changes.entries()) {
      let messages = byCause.get(cause);
      if (!messages) byCause.set(cause, (messages = []));
      messages.push(...messagesAfter(updated[i], action, linkIds.get(updated[i].id)));
    }
    for (const [cause, messages] of byCause) await this.outbox.addMany(tx, messages, cause);
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
        `SELECT DISTINCT need_id FROM referral WHERE need_id = ANY($1::uuid[]) AND status = ANY($2::text[])`,
        [reopening, OPEN_STATUSES.filter((s) => s !== 'DRAFT')],
      );
      for (const row of rows) stillReferred.add(row.need_id);
    }
    await this.cases.followReferrals(tx, wanted.filter((c) => !(c.to === 'OPEN' && stillReferred.has(c.needId))));
  }

  private async deadlineMs(tx: EntityManager, r: ReferralEntity): Promise<number> {
    const override = (await this.services.deadlineMinutes(tx, r.serviceId))?.[r.urgency];
    return override ? override * MINUTE : this.config.referrals.deadlineSeconds[r.urgency] * 1000;
  }
}
