/**
 * The case-management steps of seed 004 as a state machine. Work moves forward; monitoring may send a case
 * back to planning (a provider failed, a need changed) and evaluation back to monitoring; any open case may be
 * closed (goals met, referral elsewhere, client's request, external reasons), with a reason code (see
 * case-closure.ts). A closed case moves only by being reopened, to REOPEN_STAGE.
 */
export const CASE_STAGES = ['INTAKE', 'ASSESSMENT', 'PLANNING', 'INTERVENTION', 'MONITORING', 'EVALUATION', 'CLOSED'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

const NEXT: Record<CaseStage, CaseStage[]> = {
  INTAKE: ['ASSESSMENT', 'CLOSED'],
  ASSESSMENT: ['PLANNING', 'CLOSED'],
  PLANNING: ['INTERVENTION', 'ASSESSMENT', 'CLOSED'],
  INTERVENTION: ['MONITORING', 'PLANNING', 'CLOSED'],
  MONITORING: ['EVALUATION', 'PLANNING', 'ASSESSMENT', 'CLOSED'],
  EVALUATION: ['MONITORING', 'CLOSED'],
  CLOSED: [],
};

export function allowedStages(from: CaseStage): readonly CaseStage[] {
  return NEXT[from];
}

export function canMoveCase(from: CaseStage, to: CaseStage): boolean {
  return NEXT[from].includes(to);
}
