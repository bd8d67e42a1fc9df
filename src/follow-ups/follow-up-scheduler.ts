import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Notifier } from '../notifications/notifier';
import { OutboxService } from '../outbox/outbox.service';
import { OPEN_STATUSES } from '../referrals/referral-state';
import type { OutboxMessage } from '../outbox/outbox.types';
import type { TransitionedReferral } from '../referrals/referral-hooks';
import {
  dedupeKey, escalationCutoff, FollowUpKind, FOLLOW_UP_KINDS, followUpWork, nextProviderCheckDue, PlannedTask, planForReferral, ReferralForFollowUp, staleCutoff,
  unservedCancelReason,
} from './follow-up-policy';

/** Rows a scan handles in one transaction. */
export const SCAN_BATCH = 5000;

interface DueRow {
  id: string;
  kind: FollowUpKind;
  assignee_id: string;
  organization_id: string;
  referral_id: string | null;
  case_id: string;
  provider_organization_id: string | null;
  sequence: number;
  due_at: Date;
}

/**
 * The set-based side of follow-ups, shared by the referral transitions' hook, the worker's jobs and the benches:
 * the tasks of many referrals in one INSERT, their cancellations in one UPDATE, every state change with its event
 * row in the same statement (a CTE), and the scans that find what fell due by the Clock. Callers pass the
 * transaction and the time.
 */
@Injectable()
export class FollowUpScheduler {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly notifier: Notifier,
  ) {}

  /**
   * What a batch of referral transitions means for follow-ups (followUpWork), in the transitions' own transaction
   * (the referrals' hook, see FollowUpReferralHook): the tasks the new states call for are created, and those of
   * referrals closed without service cancelled, in the same commit as the transitions. Returns the counts.
   */
  async applyTransitions(tx: EntityManager, transitioned: TransitionedReferral[], now: Date): Promise<{ created: number; cancelled: number }> {
    const work = followUpWork(transitioned);
    const cancelled = await this.cancelForUnservedReferrals(tx, work.cancelUnserved, now);
    const r = await this.applyReferrals(tx, work.reconcile, now);
    return { created: r.created, cancelled: cancelled + r.cancelled };
  }

  /**
   * Reconciles the follow-ups of these referrals with their current state (planForReferral). In a transition's
   * transaction the referral rows are already locked by its UPDATE. Run on its own (the reconciliation job), the
   * rows of open referrals are share-locked, so a transition committing meanwhile waits and reconciles after this
   * one; closed referrals (declined, expired, failed, cancelled, completed) cannot change any more and are read
   * without a lock. Returns how many tasks were created and cancelled.
   */
  async applyReferrals(tx: EntityManager, referralIds: string[], now: Date): Promise<{ created: number; cancelled: number }> {
    if (!referralIds.length) return { created: 0, cancelled: 0 };
    const rows: { id: string; status: string; status_reason: string | null; appointment_at: Date | null; answered_at: Date | null; closed_at: Date | null; case_closed: boolean; started_at: Date | null; baseline_instrument: string | null }[] = await tx.query(
      `WITH open AS (
         SELECT id, case_id, status, status_reason, appointment_at, answered_at, closed_at FROM referral
          WHERE id = ANY($1::uuid[]) AND status = ANY($2::text[])
          ORDER BY id
            FOR SHARE),
       closed AS (
         SELECT id, case_id, status, status_reason, appointment_at, answered_at, closed_at FROM referral
          WHERE id = ANY($1::uuid[]) AND NOT (status = ANY($2::text[])))
       SELECT r.id, r.status, r.status_reason, r.appointment_at, r.answered_at, r.closed_at, k.stage = 'CLOSED' AS case_closed,
              CASE WHEN r.status = 'IN_PROGRESS' THEN (SELECT max(e.at) FROM referral_event e WHERE e.referral_id = r.id AND e.to_status = 'IN_PROGRESS') END AS started_at,
              CASE WHEN r.status = 'COMPLETED' THEN (SELECT a.instrument FROM assessment a WHERE a.case_id = r.case_id AND a.baseline ORDER BY a.taken_at LIMIT 1) END AS baseline_instrument
         FROM (SELECT * FROM open UNION ALL SELECT * FROM closed) r JOIN client_case k ON k.id = r.case_id
        ORDER BY r.id`,
      [[...new Set(referralIds)], OPEN_STATUSES],
    );
    const creates: PlannedTask[] = [];
    const cancels: { referralId: string; kinds: FollowUpKind[]; reason: string }[] = [];
    for (const row of rows) {
      const ref: ReferralForFollowUp = {
        id: row.id, status: row.status, statusReason: row.status_reason, appointmentAt: row.appointment_at, answeredAt: row.answered_at,
        closedAt: row.closed_at, startedAt: row.started_at, caseClosed: row.case_closed, baselineInstrument: row.baseline_instrument,
      };
      const plan = planForReferral(ref, this.config.followUps);
      creates.push(...plan.create);
      if (plan.cancel) cancels.push({ referralId: row.id, kinds: plan.cancel.kinds === 'ALL' ? [...FOLLOW_UP_KINDS] : plan.cancel.kinds, reason: plan.cancel.reason });
    }
    const cancelled = await this.cancelForReferrals(tx, cancels, now);
    const created = await this.createForReferrals(tx, creates, now);
    return { created, cancelled };
  }

  /** One INSERT of the tasks (assigned to each case's case manager) and their CREATED events; a known key is skipped. */
  async createForReferrals(tx: EntityManager, tasks: PlannedTask[], now: Date): Promise<number> {
    if (!tasks.length) return 0;
    const rows: { n: number }[] = await tx.query(
      `WITH d AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::text[], $7::text[])
                    AS d(referral_id, kind, contact_target, sequence, due_at, instrument, dedupe_key)),
       ins AS (
         INSERT INTO follow_up (case_id, referral_id, organization_id, provider_organization_id, kind, contact_target, sequence,
                                dedupe_key, due_at, assignee_id, reassessment_instrument, created_at, updated_at)
         SELECT r.case_id, r.id, k.organization_id, r.to_organization_id, d.kind, d.contact_target, d.sequence,
                d.dedupe_key, d.due_at, k.case_manager_id, d.instrument, $8, $8
           FROM d JOIN referral r ON r.id = d.referral_id JOIN client_case k ON k.id = r.case_id
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id, case_id),
       ev AS (
         INSERT INTO follow_up_event (follow_up_id, case_id, type, to_status, actor_kind, at)
         SELECT id, case_id, 'CREATED', 'PENDING', 'SYSTEM', $8 FROM ins)
       SELECT count(*)::int AS n FROM ins`,
      [
        tasks.map((t) => t.referralId), tasks.map((t) => t.kind), tasks.map((t) => t.contactTarget), tasks.map((t) => t.sequence),
        tasks.map((t) => t.dueAt.toISOString()), tasks.map((t) => t.reassessmentInstrument), tasks.map((t) => dedupeKey(t.kind, t.referralId, t.sequence)), now,
      ],
    );
    return rows[0].n;
  }

  /**
   * Referrals closed without service, in the transaction that closed them: all their pending tasks cancelled, in
   * one statement per batch of transitions.
   */
  async cancelForUnservedReferrals(tx: EntityManager, closed: { referralId: string; status: string; statusReason: string | null }[], now: Date): Promise<number> {
    return this.cancelForReferrals(tx, closed.map((c) => ({ referralId: c.referralId, kinds: [...FOLLOW_UP_KINDS], reason: unservedCancelReason(c.status, c.statusReason) })), now);
  }

  /**
   * One UPDATE cancelling the referrals' pending tasks of the given kinds, with their CANCELLED events. The reason
   * is 'case closed' when the task's case is closed (as planForReferral says), whichever of the case's closing
   * and its referrals' cancellation comes first. `referral_id = ANY` finds the tasks by key.
   */
  private async cancelForReferrals(tx: EntityManager, cancels: { referralId: string; kinds: FollowUpKind[]; reason: string }[], now: Date): Promise<number> {
    if (!cancels.length) return 0;
    const rows: { n: number }[] = await tx.query(
      `WITH d AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) AS d(referral_id, kinds, reason)),
       upd AS (
         UPDATE follow_up f SET status = 'CANCELLED', status_reason = CASE WHEN k.stage = 'CLOSED' THEN 'case closed' ELSE d.reason END,
                updated_at = $4, version = f.version + 1
           FROM d, client_case k
          WHERE f.referral_id = ANY($1::uuid[]) AND f.referral_id = d.referral_id AND k.id = f.case_id
            AND f.status = 'PENDING' AND f.kind = ANY(string_to_array(d.kinds, ','))
         RETURNING f.id, f.case_id, f.status_reason AS reason),
       ev AS (
         INSERT INTO follow_up_event (follow_up_id, case_id, type, from_status, to_status, actor_kind, reason, at)
         SELECT id, case_id, 'CANCELLED', 'PENDING', 'CANCELLED', 'SYSTEM', reason, $4 FROM upd)
       SELECT count(*)::int AS n FROM upd`,
      [cancels.map((c) => c.referralId), cancels.map((c) => c.kinds.join(',')), cancels.map((c) => c.reason), now],
    );
    return rows[0].n;
  }

  /** Cancels a closed case's pending follow-ups; nothing when the case is open (again). */
  async cancelForClosedCase(tx: EntityManager, caseId: string, now: Date): Promise<number> {
    const rows: { n: number }[] = await tx.query(
      `WITH k AS (SELECT id FROM client_case WHERE id = $1 AND stage = 'CLOSED' FOR SHARE),
       upd AS (
         UPDATE follow_up f SET status = 'CANCELLED', status_reason = 'case closed', updated_at = $2, version = f.version + 1
           FROM k WHERE f.case_id = k.id AND f.status = 'PENDING'
         RETURNING f.id, f.case_id),
       ev AS (
         INSERT INTO follow_up_event (follow_up_id, case_id, type, from_status, to_status, actor_kind, reason, at)
         SELECT id, case_id, 'CANCELLED', 'PENDING', 'CANCELLED', 'SYSTEM', 'case closed', $2 FROM upd)
       SELECT count(*)::int AS n FROM upd`,
      [caseId, now],
    );
    return rows[0].n;
  }

  /**
   * One batch of follow-ups that fell due and were not yet announced (`notified_at`, so each once): each assignee
   * is told with one message for the batch, the partner of a provider check gets its question, and a provider check of a referral still in
   * progress schedules the next one. Returns the number handled (less than the batch: nothing more is due).
   */
  async announceDue(tx: EntityManager, now: Date, limit = SCAN_BATCH): Promise<number> {
    const due: DueRow[] = await tx.query(
      `UPDATE follow_up f SET notified_at = $1
         FROM (SELECT id FROM follow_up WHERE status = 'PENDING' AND notified_at IS NULL AND due_at <= $1
                ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED) due
        WHERE f.id = due.id
       RETURNING f.id, f.kind, f.assignee_id, f.organization_id, f.referral_id, f.case_id, f.provider_organization_id, f.sequence, f.due_at`,
      [now, limit],
    ).then(([rows]: [DueRow[]]) => rows);
    if (!due.length) return 0;
    const messages: OutboxMessage[] = [];
    const next: PlannedTask[] = [];
    // The assignee is told once per batch, however many of their tasks fell due in it (a case manager with 40
    // visits due at 09:00 gets one message, not 40); the list is `followUps(filter: { overdue, assignedToMe })`.
    const byAssignee = new Map<string, DueRow[]>();
    for (const f of due) byAssignee.set(f.assignee_id, [...(byAssignee.get(f.assignee_id) ?? []), f]);
    for (const [assigneeId, tasks] of byAssignee) {
      const first = tasks.reduce((a, b) => (a.id < b.id ? a : b));
      messages.push(...this.notifier.messages({
        recipient: { userId: assigneeId }, template: 'followup.due', data: { count: String(tasks.length) },
        dedupeKey: `followup.due:${assigneeId}:${now.getTime()}:${first.id}`,
      }));
    }
    for (const f of due) {
      const at = new Date(f.due_at).getTime();
      if (f.kind === 'PROVIDER_CHECK' && f.provider_organization_id && f.referral_id) {
        messages.push(...this.notifier.messages({
          recipient: { organizationId: f.provider_organization_id }, template: 'followup.provider-question',
          data: { followUpId: f.id, referralId: f.referral_id }, dedupeKey: `followup.provider-question:${f.id}:${at}`,
        }));
        next.push({ referralId: f.referral_id, kind: 'PROVIDER_CHECK', contactTarget: 'PROVIDER', sequence: f.sequence + 1, dueAt: nextProviderCheckDue(new Date(f.due_at), this.config.followUps), reassessmentInstrument: null });
      }
    }
    if (next.length) {
      const inProgress = new Set((await tx.query(`SELECT id FROM referral WHERE id = ANY($1::uuid[]) AND status = 'IN_PROGRESS'`, [next.map((t) => t.referralId)]) as { id: string }[]).map((r) => r.id));
      await this.createForReferrals(tx, next.filter((t) => inProgress.has(t.referralId)), now);
    }
    await this.outbox.addMany(tx, messages);
    return due.length;
  }

  /**
   * One batch of follow-ups overdue beyond the grace period and not yet escalated: the case's organisation's
   * supervisors are told once (escalated_at, and a dedupe key per task and due date), with an ESCALATED event.
   */
  async escalateOverdue(tx: EntityManager, now: Date, limit = SCAN_BATCH): Promise<number> {
    const rows: DueRow[] = await tx.query(
      `WITH due AS (
         SELECT id FROM follow_up WHERE status = 'PENDING' AND escalated_at IS NULL AND due_at <= $2
          ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED),
       upd AS (
         UPDATE follow_up f SET escalated_at = $1 FROM due WHERE f.id = due.id
         RETURNING f.id, f.kind, f.assignee_id, f.organization_id, f.referral_id, f.case_id, f.provider_organization_id, f.sequence, f.due_at),
       ev AS (
         INSERT INTO follow_up_event (follow_up_id, case_id, type, actor_kind, reason, at)
         SELECT id, case_id, 'ESCALATED', 'SYSTEM', 'overdue beyond the grace period', $1 FROM upd)
       SELECT * FROM upd`,
      [now, escalationCutoff(now, this.config.followUps), limit],
    );
    await this.outbox.addMany(tx, rows.flatMap((f) => this.notifier.messages({
      recipient: { organizationId: f.organization_id, role: 'SUPERVISOR' }, template: 'followup.overdue',
      data: { followUpId: f.id, caseId: f.case_id }, dedupeKey: `followup.overdue:${f.id}:${new Date(f.due_at).getTime()}`,
    })));
    return rows.length;
  }

  /**
   * Open cases quiet since the staleness cutoff get a STALE_CASE task, due now, for their case manager; the key
   * names the case and its last activity, so one quiet spell gives one task however often the scan runs.
   */
  async flagStaleCases(tx: EntityManager, now: Date, limit = SCAN_BATCH): Promise<number> {
    const rows: { n: number }[] = await tx.query(
      `WITH quiet AS (
         SELECT k.id, k.organization_id, k.case_manager_id, k.last_activity_at FROM client_case k
          WHERE k.stage <> 'CLOSED' AND k.last_activity_at <= $2
            AND NOT EXISTS (SELECT 1 FROM follow_up f WHERE f.case_id = k.id AND f.kind = 'STALE_CASE' AND f.status = 'PENDING')
          LIMIT $3),
       ins AS (
         INSERT INTO follow_up (case_id, organization_id, kind, contact_target, sequence, dedupe_key, due_at, assignee_id, created_at, updated_at)
         SELECT id, organization_id, 'STALE_CASE', 'CLIENT', 1, 'STALE_CASE:' || id || ':' || (extract(epoch FROM last_activity_at) * 1000)::bigint,
                $1, case_manager_id, $1, $1
           FROM quiet
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id, case_id),
       ev AS (
         INSERT INTO follow_up_event (follow_up_id, case_id, type, to_status, actor_kind, reason, at)
         SELECT id, case_id, 'CREATED', 'PENDING', 'SYSTEM', 'no activity on the case', $1 FROM ins)
       SELECT count(*)::int AS n FROM ins`,
      [now, staleCutoff(now, this.config.followUps), limit],
    );
    return rows[0].n;
  }
}
