/**
 * The referral lifecycle (docs/architecture.md) as a pure function: given the current status, an action and who acts,
 * the next status or why not. No Nest, no database.
 */
export const REFERRAL_STATUSES = ['DRAFT', 'SENT', 'ACCEPTED', 'DECLINED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'CANCELLED', 'EXPIRED', 'FAILED'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const DECLINE_REASONS = ['NO_CAPACITY', 'NOT_ELIGIBLE', 'OUTSIDE_SERVICE_AREA', 'SERVICE_NOT_OFFERED', 'CLIENT_UNREACHABLE', 'CLIENT_DECLINED', 'DUPLICATE', 'OTHER'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** Declines that say the network lacks supply: these propose the next provider. */
export const SUPPLY_REASONS: readonly DeclineReason[] = ['NO_CAPACITY', 'NOT_ELIGIBLE', 'OUTSIDE_SERVICE_AREA', 'SERVICE_NOT_OFFERED'];

export const OUTCOMES = ['NEED_MET', 'PARTIALLY_MET', 'NOT_MET'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type ReferralAction = 'send' | 'accept' | 'decline' | 'expire' | 'start' | 'hold' | 'complete' | 'fail' | 'cancel';
/** LINK: the receiving organisation answering through a single-referral link (no account): accept or decline only. */
export type ActorKind = 'SENDER' | 'RECEIVER' | 'SYSTEM' | 'LINK';

/** Statuses in which the referral still may lead to service (every other status is closed). */
export const OPEN_STATUSES: readonly ReferralStatus[] = ['DRAFT', 'SENT', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'];

/** Closed statuses in which the referral led to no service (COMPLETED, the other closed one, did). */
export const UNSERVED_STATUSES: ReadonlySet<ReferralStatus> = new Set(['DECLINED', 'EXPIRED', 'FAILED', 'CANCELLED']);

interface Rule {
  from: readonly ReferralStatus[];
  to: ReferralStatus;
  by: readonly ActorKind[];
  needs?: 'declineReason' | 'reason' | 'outcome';
}

const RULES: Record<ReferralAction, Rule> = {
  // The system sends only a re-routed referral, when the case allows automatic re-routing.
  send: { from: ['DRAFT'], to: 'SENT', by: ['SENDER', 'SYSTEM'] },
  accept: { from: ['SENT'], to: 'ACCEPTED', by: ['RECEIVER', 'LINK'] },
  decline: { from: ['SENT'], to: 'DECLINED', by: ['RECEIVER', 'LINK'], needs: 'declineReason' },
  expire: { from: ['SENT'], to: 'EXPIRED', by: ['SYSTEM'] },
  start: { from: ['ACCEPTED', 'ON_HOLD'], to: 'IN_PROGRESS', by: ['RECEIVER'] },
  hold: { from: ['IN_PROGRESS'], to: 'ON_HOLD', by: ['RECEIVER'], needs: 'reason' },
  complete: { from: ['IN_PROGRESS'], to: 'COMPLETED', by: ['RECEIVER'], needs: 'outcome' },
  fail: { from: ['IN_PROGRESS'], to: 'FAILED', by: ['RECEIVER'], needs: 'reason' },
  // The system cancels the open referrals of a case closed by force (referrals.cancel-for-closed-case).
  cancel: { from: OPEN_STATUSES, to: 'CANCELLED', by: ['SENDER', 'SYSTEM'], needs: 'reason' },
};

export interface TransitionInput {
  declineReason?: DeclineReason | null;
  reason?: string | null;
  outcome?: Outcome | null;
}

export type TransitionResult =
  | { ok: true; to: ReferralStatus }
  | { ok: false; error: 'INVALID_TRANSITION' | 'WRONG_ACTOR'; message: string }
  | { ok: false; error: 'MISSING_INPUT'; field: 'declineReason' | 'reason' | 'outcome'; message: string };

export type TransitionFailure = Extract<TransitionResult, { ok: false }>;

export function transition(from: ReferralStatus, action: ReferralAction, actor: ActorKind, input: TransitionInput = {}): TransitionResult {
  const rule = RULES[action];
  if (!rule.from.includes(from)) {
    return { ok: false, error: 'INVALID_TRANSITION', message: `cannot ${action} a referral that is ${from}` };
  }
  if (!rule.by.includes(actor)) {
    const who = { SENDER: 'the sending case manager', RECEIVER: 'the receiving organisation', SYSTEM: 'the system', LINK: 'the receiving organisation' }[rule.by[0]];
    return { ok: false, error: 'WRONG_ACTOR', message: `only ${who} may ${action} a referral` };
  }
  if (rule.needs === 'declineReason' && !input.declineReason) return { ok: false, error: 'MISSING_INPUT', field: 'declineReason', message: 'a decline needs a reason code' };
  if (rule.needs === 'reason' && !input.reason?.trim()) return { ok: false, error: 'MISSING_INPUT', field: 'reason', message: `${action} needs a reason` };
  if (rule.needs === 'outcome' && !input.outcome) return { ok: false, error: 'MISSING_INPUT', field: 'outcome', message: 'completion needs an outcome' };
  return { ok: true, to: rule.to };
}


/** What the referral's status means for its need, or null for no change. */
export function needStatusAfter(to: ReferralStatus, outcome: Outcome | null): 'REFERRED' | 'BEING_SERVED' | 'MET' | 'NOT_MET' | 'OPEN' | null {
  switch (to) {
    case 'SENT':
      return 'REFERRED';
    case 'IN_PROGRESS':
      return 'BEING_SERVED';
    case 'COMPLETED':
      return outcome === 'NEED_MET' ? 'MET' : outcome === 'NOT_MET' ? 'NOT_MET' : 'OPEN';
    case 'DECLINED':
    case 'EXPIRED':
    case 'CANCELLED':
    case 'FAILED':
      return 'OPEN';
    default:
      return null;
  }
}

/** FHIR SDOH Task status for a referral status (SENT=requested, DECLINED=rejected, EXPIRED=failed, the rest by name). */
export function fhirTaskStatus(s: ReferralStatus): string {
  switch (s) {
    case 'SENT':
      return 'requested';
    case 'DECLINED':
      return 'rejected';
    case 'EXPIRED':
      return 'failed';
    case 'IN_PROGRESS':
      return 'in-progress';
    case 'ON_HOLD':
      return 'on-hold';
    default:
      return s.toLowerCase();
  }
}
