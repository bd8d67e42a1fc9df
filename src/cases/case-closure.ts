/**
 * Closing and reopening a case, and evaluating its goals, as pure rules over plain data. No Nest, no database.
 *
 * A case closes with a reason code; OTHER needs a note. While referrals of the case are open (not yet
 * completed, declined, expired, failed or cancelled) closing is refused, unless forced with a note: the open
 * referrals are then cancelled by the system (the referrals feature does it, in its own job). A closed case
 * reopens to ASSESSMENT: whatever brought the client back has changed the situation, so the case manager
 * reassesses before planning again.
 */
export const CLOSURE_REASONS = ['GOALS_MET', 'REFERRED_ELSEWHERE', 'CLIENT_REQUEST', 'CLIENT_UNREACHABLE', 'MOVED', 'DECEASED', 'OTHER'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export const GOAL_ATTAINMENTS = ['ACHIEVED', 'PARTLY', 'NOT_ACHIEVED'] as const;
export type GoalAttainment = (typeof GOAL_ATTAINMENTS)[number];

/** The stage a reopened case returns to. */
export const REOPEN_STAGE = 'ASSESSMENT' as const;

export interface ClosureRequest {
  reason: ClosureReason;
  note?: string | null;
  force?: boolean | null;
}

export interface OpenReferral {
  id: string;
  status: string;
  serviceName: string;
}

export type ClosureRefusal = { field: string; rule: string; openReferralIds?: string[] };

/** The input-only part: refused before anything is read. */
export function closureInputRefusal(req: ClosureRequest): ClosureRefusal | null {
  const hasNote = !!req.note?.trim();
  if (req.reason === 'OTHER' && !hasNote) return { field: 'input.note', rule: 'closing for OTHER needs a note saying why' };
  if (req.force && !hasNote) return { field: 'input.note', rule: 'a forced closure needs a note saying why the open referrals are cancelled' };
  return null;
}

/** Why the case may not close now, or null. `open` are the case's open referrals. */
export function closureRefusal(req: ClosureRequest, open: readonly OpenReferral[]): ClosureRefusal | null {
  const input = closureInputRefusal(req);
  if (input) return input;
  if (open.length && !req.force) {
    const list = open.map((r) => `${r.id} (${r.status}, ${r.serviceName})`).join('; ');
    return {
      field: 'input.force',
      rule: `the case has ${open.length} open referral${open.length > 1 ? 's' : ''}: ${list}. Finish or cancel them first, `
        + 'or close with force: true and a note, which cancels them',
      openReferralIds: open.map((r) => r.id),
    };
  }
  return null;
}
