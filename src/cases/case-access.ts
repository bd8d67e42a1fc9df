import { EntityManager } from 'typeorm';
import { AppError } from '../common/app-error';
import type { Viewer } from '../common/viewer';
import { canWorkOnCase } from './case.policy';
import { CaseEntity, CaseEventEntity, ClientEntity } from './cases.entity';

/**
 * Loads a case and its client for work by the viewer, locking the case row; NOT_FOUND when out of reach. A
 * caller that reached the case through another record (a need, a referral) names that record in `asked`: the
 * refusal then says only that the id the client gave was not found, never the case's id.
 */
export async function caseForWork(
  tx: EntityManager,
  viewer: Viewer,
  caseId: string,
  opts: { lock?: boolean; open?: boolean; asked?: { entity: string; id: string } } = {},
): Promise<{ kase: CaseEntity; client: ClientEntity }> {
  const notFound = () => (opts.asked ? AppError.notFound(opts.asked.entity, opts.asked.id) : AppError.notFound('Case', caseId));
  const kase = await tx.getRepository(CaseEntity).findOne({
    where: { id: caseId },
    ...(opts.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!kase) throw notFound();
  const client = await tx.getRepository(ClientEntity).findOneOrFail({ where: { id: kase.clientId } });
  if (!canWorkOnCase(viewer, client)) throw notFound();
  if (opts.open && kase.stage === 'CLOSED') throw AppError.conflict('The case is closed', { field: 'caseId' });
  return { kase, client };
}

/** Appends to the case's event log (never updated, never deleted) and marks activity. */
export async function appendCaseEvent(
  tx: EntityManager,
  e: {
    caseId: string; type: string; actorId: string | null; needId?: string; goalId?: string; fromState?: string | null; toState?: string | null;
    reason?: string | null; code?: string | null;
  },
): Promise<void> {
  await tx.getRepository(CaseEventEntity).insert({
    caseId: e.caseId, type: e.type, actorId: e.actorId, needId: e.needId ?? null, goalId: e.goalId ?? null, fromState: e.fromState ?? null,
    toState: e.toState ?? null, reason: e.reason ?? null, code: e.code ?? null,
  });
  await tx.query(`UPDATE client_case SET last_activity_at = now() WHERE id = $1`, [e.caseId]);
}
