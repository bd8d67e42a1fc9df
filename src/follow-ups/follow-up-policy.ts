/**
 * The rules of follow-ups as plain functions over plain data: which tasks a referral's state calls for and when
 * they fall due, how a client may be contacted, what an answer means, who sees and works on a task.
 * Services load rows, call these, and write; nothing here touches Nest or the database.
 */
import type { Viewer } from '../common/viewer';
import type { FollowUpsConfig } from '../config/app-config';
import type { ContactPreference } from '../cases/cases.entity';
import { ReferralAction, ReferralStatus, UNSERVED_STATUSES } from '../referrals/referral-state';

export const FOLLOW_UP_KINDS = ['ATTENDANCE_CHECK', 'PROVIDER_CHECK', 'OUTCOME_CHECK', 'REASSESSMENT', 'STALE_CASE', 'CUSTOM'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
export const FOLLOW_UP_STATUSES = ['PENDING', 'DONE', 'MISSED', 'CANCELLED'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
export const CONTACT_TARGETS = ['CLIENT', 'PROVIDER'] as const;
export type ContactTarget = (typeof CONTACT_TARGETS)[number];
/** OFFICE: in person at the office; PARTNER_IN_RUJUK: the provider answered in Rujuk. */
export const FOLLOW_UP_CHANNELS = ['PHONE', 'VISIT', 'SMS', 'EMAIL', 'OFFICE', 'PARTNER_IN_RUJUK'] as const;
export type FollowUpChannel = (typeof FOLLOW_UP_CHANNELS)[number];
export const FOLLOW_UP_RESULTS = ['ATTENDED', 'NOT_ATTENDED', 'SERVICE_RECEIVED', 'SERVICE_NOT_RECEIVED', 'NEED_MET', 'NEED_NOT_MET', 'OTHER'] as const;
export type FollowUpResult = (typeof FOLLOW_UP_RESULTS)[number];
export type FollowUpActorKind = 'CASE_MANAGER' | 'PARTNER' | 'SYSTEM';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** A referral as the scheduler reads it, in the transaction of its transition (or a reconciliation job). */
export interface ReferralForFollowUp {
  id: string;
  status: string;
  statusReason: string | null;
  appointmentAt: Date | null;
  answeredAt: Date | null;
  closedAt: Date | null;
  /** When the referral was last started (its latest IN_PROGRESS event). */
  startedAt: Date | null;
  caseClosed: boolean;
  baselineInstrument: string | null;
}

export interface PlannedTask {
  referralId: string;
  kind: FollowUpKind;
  contactTarget: ContactTarget;
  sequence: number;
  dueAt: Date;
  reassessmentInstrument: string | null;
}

export interface FollowUpPlan {
  create: PlannedTask[];
  /** Pending tasks of the referral to cancel (kinds; all when 'ALL'), with the reason recorded. */
  cancel: { kinds: FollowUpKind[] | 'ALL'; reason: string } | null;
}

/** The key that makes a scheduled task unique: the same job twice, or two jobs for one fact, create one task. */
export function dedupeKey(kind: FollowUpKind, ownerId: string, sequence: number): string {
  return `${kind}:${ownerId}:${sequence}`;
}

/**
 * What a referral's current state calls for. It may be applied more than once (a transition's transaction run
 * again, a reconciliation job delivered twice): the plan depends on the state, not on the transition, and tasks
 * are unique per key.
 */
export function planForReferral(r: ReferralForFollowUp, cfg: FollowUpsConfig): FollowUpPlan {
  if (r.caseClosed) return { create: [], cancel: { kinds: 'ALL', reason: 'case closed' } };
  const task = (kind: FollowUpKind, contactTarget: ContactTarget, dueAt: Date, reassessmentInstrument: string | null = null): PlannedTask => ({
    referralId: r.id, kind, contactTarget, sequence: 1, dueAt, reassessmentInstrument,
  });
  switch (r.status) {
    case 'ACCEPTED':
      return { create: [task('ATTENDANCE_CHECK', 'CLIENT', attendanceDue(r, cfg))], cancel: null };
    case 'IN_PROGRESS':
      return { create: r.startedAt ? [task('PROVIDER_CHECK', 'PROVIDER', new Date(r.startedAt.getTime() + cfg.providerCheckEveryDays * DAY))] : [], cancel: null };
    case 'COMPLETED':
      return {
        create: [task('OUTCOME_CHECK', 'CLIENT', new Date((r.closedAt ?? new Date()).getTime() + cfg.outcomeCheckAfterDays * DAY), r.baselineInstrument)],
        cancel: { kinds: ['ATTENDANCE_CHECK', 'PROVIDER_CHECK'], reason: 'referral completed' },
      };
    case 'CANCELLED':
    case 'DECLINED':
    case 'EXPIRED':
    case 'FAILED':
      return { create: [], cancel: { kinds: 'ALL', reason: unservedCancelReason(r.status, r.statusReason) } };
    default:
      return { create: [], cancel: null };
  }
}

/** Transitions after which a referral's follow-ups are reconciled with its new state (planForReferral). */
const RECONCILING_ACTIONS: ReadonlySet<ReferralAction> = new Set(['accept', 'start', 'complete']);

/**
 * What a batch of referral transitions means for follow-ups, in the transitions' transaction: the referrals
 * accepted (attendance check), started (provider checks) or completed (outcome check, the earlier checks cancelled)
 * are reconciled with their new state; those closed without service (declined, expired, failed, cancelled or
 * redirected) have everything pending cancelled, which needs no read of their state. Other transitions (send,
 * hold) change nothing.
 */
export function followUpWork(transitioned: { referralId: string; action: ReferralAction; fromStatus: ReferralStatus; status: ReferralStatus; statusReason: string | null }[]): {
  reconcile: string[];
  cancelUnserved: { referralId: string; status: string; statusReason: string | null }[];
} {
  return {
    reconcile: transitioned.filter((t) => RECONCILING_ACTIONS.has(t.action)).map((t) => t.referralId),
    cancelUnserved: transitioned.filter((t) => t.status !== t.fromStatus && UNSERVED_STATUSES.has(t.status))
      .map(({ referralId, status, statusReason }) => ({ referralId, status, statusReason })),
  };
}

/** Why the pending follow-ups of a referral closed without service (cancelled, redirected, declined, expired, failed) are cancelled. */
export function unservedCancelReason(status: string, statusReason: string | null): string {
  if (status === 'CANCELLED') return statusReason?.startsWith('redirected') ? 'referral redirected' : 'referral cancelled';
  return `referral ${status.toLowerCase()}`;
}

/** The appointment day + the configured hours, or the acceptance + the configured days without an appointment. */
export function attendanceDue(r: Pick<ReferralForFollowUp, 'appointmentAt' | 'answeredAt'>, cfg: FollowUpsConfig): Date {
  if (r.appointmentAt) return new Date(r.appointmentAt.getTime() + cfg.attendanceAfterAppointmentHours * HOUR);
  return new Date((r.answeredAt ?? new Date()).getTime() + cfg.attendanceWithoutAppointmentDays * DAY);
}

/** The provider check after one that fell due, while the referral is still in progress. */
export function nextProviderCheckDue(previousDue: Date, cfg: FollowUpsConfig): Date {
  return new Date(previousDue.getTime() + cfg.providerCheckEveryDays * DAY);
}

/** When an overdue follow-up is escalated to the supervisors. */
export function escalationCutoff(now: Date, cfg: FollowUpsConfig): Date {
  return new Date(now.getTime() - cfg.escalationGraceHours * HOUR);
}

/** Cases whose last activity is at or before this are quiet. */
export function staleCutoff(now: Date, cfg: FollowUpsConfig): Date {
  return new Date(now.getTime() - cfg.staleCaseAfterDays * DAY);
}

// ---------------------------------------------------------------------------------------------- safe contact

export interface ClientContact {
  contactPreference: ContactPreference;
  /** The client's number is not safe to use (someone else may read or answer it). */
  safeContact: boolean;
  safeContactNote: string | null;
  hasPhone: boolean;
}

export interface ContactPlan {
  /** Channels a case manager may record for reaching the client. */
  allowed: FollowUpChannel[];
  suggested: FollowUpChannel;
  /** How to reach the client, in one sentence for the case manager. */
  advice: string;
}

const NUMBER_CHANNELS: FollowUpChannel[] = ['PHONE', 'SMS'];
const IN_PERSON: FollowUpChannel[] = ['VISIT', 'OFFICE', 'EMAIL'];

/**
 * How a client may be contacted: with the safe-contact flag, never by a call or a message to their number
 * (the note, e.g. "only through her sister at the market", says how instead); otherwise by their preference.
 */
export function contactPlan(c: ClientContact): ContactPlan {
  if (c.safeContact) {
    const how = c.safeContactNote?.trim() ? c.safeContactNote.trim() : 'meet the client in person, at a visit agreed safely or at the office';
    return {
      allowed: IN_PERSON,
      suggested: c.contactPreference === 'VISIT' ? 'VISIT' : 'OFFICE',
      advice: `Safe contact: do not call or message the client's number. ${how}`,
    };
  }
  const allowed: FollowUpChannel[] = c.hasPhone ? [...NUMBER_CHANNELS, ...IN_PERSON] : IN_PERSON;
  switch (c.contactPreference) {
    case 'PHONE':
      return c.hasPhone ? { allowed, suggested: 'PHONE', advice: 'Call the client.' } : { allowed, suggested: 'VISIT', advice: 'No phone number recorded: visit the client.' };
    case 'SMS':
    case 'WHATSAPP':
      return c.hasPhone
        ? { allowed, suggested: 'SMS', advice: `Send the client a ${c.contactPreference === 'SMS' ? 'text message' : 'WhatsApp message'}.` }
        : { allowed, suggested: 'VISIT', advice: 'No phone number recorded: visit the client.' };
    case 'VISIT':
      return { allowed, suggested: 'VISIT', advice: 'The client prefers a visit.' };
    case 'NONE':
    default:
      return { allowed, suggested: 'OFFICE', advice: 'The client asked not to be contacted: talk to them when they come to the office.' };
  }
}

// ---------------------------------------------------------------------------------------------- answers

export type RecordFailure = { field: string; message: string };

export interface RecordInput {
  channel: FollowUpChannel;
  reached: boolean;
  result?: FollowUpResult | null;
}

/** Which results fit which kind of check (OTHER fits all). */
const RESULTS_BY_KIND: Record<FollowUpKind, FollowUpResult[]> = {
  ATTENDANCE_CHECK: ['ATTENDED', 'NOT_ATTENDED', 'OTHER'],
  PROVIDER_CHECK: ['ATTENDED', 'NOT_ATTENDED', 'SERVICE_RECEIVED', 'SERVICE_NOT_RECEIVED', 'OTHER'],
  OUTCOME_CHECK: ['NEED_MET', 'NEED_NOT_MET', 'SERVICE_RECEIVED', 'SERVICE_NOT_RECEIVED', 'OTHER'],
  REASSESSMENT: ['NEED_MET', 'NEED_NOT_MET', 'OTHER'],
  STALE_CASE: [...FOLLOW_UP_RESULTS],
  CUSTOM: [...FOLLOW_UP_RESULTS],
};

/**
 * Checks an answer before anything is written: the task must be PENDING; the partner answers only in Rujuk and
 * always reaches (it is answering); a client task may not use a channel the contact plan forbids; a reached
 * contact needs a result that fits the kind.
 */
export function checkRecord(
  task: { status: FollowUpStatus; kind: FollowUpKind; contactTarget: ContactTarget },
  input: RecordInput,
  side: 'CASE_MANAGER' | 'PARTNER',
  plan: ContactPlan | null,
): RecordFailure | null {
  if (task.status !== 'PENDING') return { field: 'input.followUpId', message: `the follow-up is ${task.status}` };
  if (side === 'PARTNER' && input.channel !== 'PARTNER_IN_RUJUK') return { field: 'input.channel', message: 'a partner answers with PARTNER_IN_RUJUK' };
  if (side === 'CASE_MANAGER' && input.channel === 'PARTNER_IN_RUJUK') return { field: 'input.channel', message: 'PARTNER_IN_RUJUK is the partner\'s own answer' };
  if (task.contactTarget === 'CLIENT' && plan && !plan.allowed.includes(input.channel)) {
    return { field: 'input.channel', message: `${input.channel} may not be used for this client: ${plan.advice}` };
  }
  if (!input.reached) {
    if (side === 'PARTNER') return { field: 'input.reached', message: 'a partner answering is reached' };
    if (input.result) return { field: 'input.result', message: 'an unreached attempt has no result' };
    return null;
  }
  if (!input.result) return { field: 'input.result', message: 'a reached contact needs a result' };
  if (!RESULTS_BY_KIND[task.kind].includes(input.result)) {
    return { field: 'input.result', message: `${input.result} is not an answer to ${task.kind}; use one of ${RESULTS_BY_KIND[task.kind].join(', ')}` };
  }
  return null;
}

/** An answer saying the client did not get the service reopens the need for advocacy and offers alternatives. */
export function reopensNeed(result: FollowUpResult | null | undefined): boolean {
  return result === 'NOT_ATTENDED' || result === 'SERVICE_NOT_RECEIVED';
}

export const UNREACHED_IN_A_ROW = 3;

/** The case is flagged when its latest attempts (newest first) are that many unreached ones in a row. */
export function flagsUnreachable(latestReachedNewestFirst: boolean[]): boolean {
  return latestReachedNewestFirst.length >= UNREACHED_IN_A_ROW && latestReachedNewestFirst.slice(0, UNREACHED_IN_A_ROW).every((r) => !r);
}

// ---------------------------------------------------------------------------------------------- access

export interface FollowUpScope {
  organizationId: string;
  providerOrganizationId: string | null;
  kind: FollowUpKind;
}

/** The case's organisation's case managers and supervisors see and work on its follow-ups (as on its cases). */
export function isCaseSide(v: Viewer, f: Pick<FollowUpScope, 'organizationId'>): boolean {
  return (v.role === 'CASE_MANAGER' || v.role === 'SUPERVISOR') && v.organizationId === f.organizationId;
}

/** Partner staff see and answer only their organisation's provider checks. */
export function isAskedPartner(v: Viewer, f: FollowUpScope): boolean {
  return v.role === 'PARTNER_STAFF' && v.organizationId !== null && f.kind === 'PROVIDER_CHECK' && f.providerOrganizationId === v.organizationId;
}

export function sideOf(v: Viewer, f: FollowUpScope): 'CASE_MANAGER' | 'PARTNER' | null {
  if (isCaseSide(v, f)) return 'CASE_MANAGER';
  if (isAskedPartner(v, f)) return 'PARTNER';
  return null;
}

/** Who may list follow-ups at all. */
export function canListFollowUps(v: Viewer): boolean {
  return v.organizationId !== null && (v.role === 'CASE_MANAGER' || v.role === 'SUPERVISOR' || v.role === 'PARTNER_STAFF');
}

/** The caseload view is for supervisors, of their own organisation. */
export function canSeeCaseload(v: Viewer): boolean {
  return v.role === 'SUPERVISOR' && v.organizationId !== null;
}

/** The question a provider check asks the partner. */
export function providerQuestion(kind: FollowUpKind): string | null {
  return kind === 'PROVIDER_CHECK' ? 'Did the client attend, and is the service being received?' : null;
}
