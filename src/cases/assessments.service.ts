import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError, ErrorCode, isUniqueViolation } from '../common/app-error';
import type { Viewer } from '../common/viewer';
import { compareWithBaseline } from './assessment-delta';
import { appendCaseEvent, caseForWork } from './case-access';
import { AssessmentEntity, GoalEntity } from './cases.entity';
import { toAssessmentType, toGoalType } from './cases.mappers';
import { AssessmentComparisonType, AssessmentType, GoalType } from './cases.types';
import { AssessmentChangeArgs, EvaluateGoalInput, RecordAssessmentInput, SetGoalsInput } from './dto/cases.inputs';

/** Assessments against a baseline on the same instrument, and the goals they set. */
@Injectable()
export class AssessmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async comparisonFor(a: AssessmentEntity, manager: EntityManager = this.db.manager): Promise<AssessmentComparisonType | null> {
    if (a.baseline) return null;
    const base = await manager.getRepository(AssessmentEntity).findOne({ where: { caseId: a.caseId, instrument: a.instrument, baseline: true } });
    if (!base) return null;
    return { baselineId: base.id, assessmentId: a.id, instrument: a.instrument, ...compareWithBaseline(base.items, a.items) };
  }

  /**
   * The change of a reassessment against its baseline: the one named, or the case's latest reassessment on an
   * instrument it has a baseline on (null when it has none yet). Reading it is audited as a read of the client.
   */
  async change(viewer: Viewer, args: AssessmentChangeArgs): Promise<AssessmentComparisonType | null> {
    if (!args.assessmentId === !args.caseId) throw AppError.badInput('assessmentId', 'give either assessmentId or caseId');
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(AssessmentEntity);
      let a: AssessmentEntity | null;
      let caseId: string;
      if (args.assessmentId) {
        a = await repo.findOne({ where: { id: args.assessmentId } });
        if (!a) throw AppError.notFound('Assessment', args.assessmentId);
        caseId = a.caseId;
      } else {
        caseId = args.caseId!;
        a = null;
      }
      const { client } = args.assessmentId
        ? await caseOfRecord(tx, viewer, caseId, 'Assessment', args.assessmentId)
        : await caseForWork(tx, viewer, caseId);
      if (a?.baseline) throw AppError.badInput('assessmentId', 'is a baseline; name a reassessment');
      if (!a) {
        a = await repo.createQueryBuilder('a')
          .where('a.caseId = :caseId AND NOT a.baseline', { caseId })
          .andWhere('EXISTS (SELECT 1 FROM assessment b WHERE b.case_id = a.case_id AND b.instrument = a.instrument AND b.baseline)')
          .orderBy('a.takenAt', 'DESC').addOrderBy('a.createdAt', 'DESC').getOne();
      }
      await this.audit.recordRead(tx, viewer, { entityType: 'Client', entityId: client.id, entityOrganizationId: client.organizationId, details: { via: 'AssessmentChange', caseId } });
      return a ? this.comparisonFor(a, tx) : null;
    });
  }

  async record(viewer: Viewer, input: RecordAssessmentInput): Promise<AssessmentType> {
    const codes = input.items.map((i) => i.code);
    const dup = codes.find((c, i) => codes.indexOf(c) !== i);
    if (dup) throw AppError.badInput('input.items', `item ${dup} appears twice`);
    const takenAt = input.takenAt ? new Date(input.takenAt) : new Date();
    if (Number.isNaN(takenAt.getTime()) || takenAt.getTime() > Date.now() + 60_000) throw AppError.badInput('input.takenAt', 'must be a time not in the future');
    try {
      return await this.db.transaction(async (tx) => {
        const { kase } = await caseForWork(tx, viewer, input.caseId, { lock: true, open: true });
        const repo = tx.getRepository(AssessmentEntity);
        if (input.baseline) {
          const existing = await repo.findOne({ where: { caseId: kase.id, instrument: input.instrument, baseline: true } });
          if (existing) throw AppError.conflict(`The case already has a baseline on ${input.instrument}`, { field: 'input.baseline', baselineId: existing.id });
        } else {
          const baselines = await repo.find({ where: { caseId: kase.id, baseline: true }, order: { takenAt: 'ASC' } });
          const base = baselines.find((b) => b.instrument === input.instrument);
          if (!base) {
            throw AppError.badInput('input.instrument', baselines.length
              ? `a reassessment must use a baseline's instrument (${baselines.map((b) => b.instrument).join(', ')}) to be compared`
              : 'the case has no baseline yet: record the first assessment with baseline: true');
          }
          if (base.instrumentVersion !== input.instrumentVersion) {
            throw AppError.badInput('input.instrumentVersion', `reassess with the baseline's version ${base.instrumentVersion} to compare`);
          }
        }
        const items = input.items.map((i) => ({ code: i.code, score: i.score }));
        const a = await repo.save(repo.create({
          caseId: kase.id, instrument: input.instrument, instrumentVersion: input.instrumentVersion, items,
          total: items.reduce((s, i) => s + i.score, 0), baseline: input.baseline ?? false, takenAt, recordedBy: viewer.id,
        }));
        await appendCaseEvent(tx, { caseId: kase.id, type: a.baseline ? 'BASELINE_RECORDED' : 'REASSESSMENT_RECORDED', actorId: viewer.id, reason: input.instrument });
        await this.audit.record(tx, viewer, { action: 'ASSESSMENT_RECORDED', entityType: 'Case', entityId: kase.id, entityOrganizationId: kase.organizationId, details: { instrument: a.instrument, baseline: a.baseline } });
        return toAssessmentType(a, await this.comparisonFor(a, tx));
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw AppError.conflict(`The case already has a baseline on ${input.instrument}`, { field: 'input.baseline' });
      throw err;
    }
  }

  /**
   * Adds the goals without an id and updates those with one; a goal is never deleted, only CANCELLED. Its
   * attainment is set by evaluateGoal only; setting a goal ACTIVE or CANCELLED clears it.
   */
  async setGoals(viewer: Viewer, input: SetGoalsInput): Promise<GoalType[]> {
    input.goals.forEach((g, i) => {
      if (Number.isNaN(new Date(`${g.targetDate}T00:00:00Z`).getTime())) throw AppError.badInput(`input.goals[${i}].targetDate`, 'is not a real date');
      if (g.status === 'EVALUATED') throw AppError.badInput(`input.goals[${i}].status`, 'a goal is evaluated with evaluateGoal, which records its attainment');
    });
    return this.db.transaction(async (tx) => {
      const { kase } = await caseForWork(tx, viewer, input.caseId, { lock: true, open: true });
      const repo = tx.getRepository(GoalEntity);
      for (const [i, g] of input.goals.entries()) {
        const fields = { term: g.term, description: g.description, evaluationCriteria: g.evaluationCriteria, targetDate: g.targetDate };
        const unevaluated = (status: 'ACTIVE' | 'CANCELLED') => ({ status, attainment: null, evaluatedAt: null, evaluatedBy: null });
        if (g.id) {
          const existing = await repo.findOne({ where: { id: g.id, caseId: kase.id } });
          if (!existing) throw AppError.badInput(`input.goals[${i}].id`, 'is not a goal of this case');
          await repo.save({ ...existing, ...fields, ...(g.status ? unevaluated(g.status as 'ACTIVE' | 'CANCELLED') : {}) });
        } else {
          await repo.insert({ caseId: kase.id, ...fields, ...unevaluated((g.status as 'ACTIVE' | 'CANCELLED' | undefined) ?? 'ACTIVE') });
        }
      }
      await appendCaseEvent(tx, { caseId: kase.id, type: 'GOALS_SET', actorId: viewer.id });
      await this.audit.record(tx, viewer, { action: 'GOALS_SET', entityType: 'Case', entityId: kase.id, entityOrganizationId: kase.organizationId, details: { count: input.goals.length } });
      return (await repo.find({ where: { caseId: kase.id }, order: { createdAt: 'ASC' } })).map(toGoalType);
    });
  }

  /** Records a goal's attainment (again, if it changed): the goal is EVALUATED, the case's timeline says by whom and when. */
  async evaluateGoal(viewer: Viewer, input: EvaluateGoalInput): Promise<GoalType> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(GoalEntity);
      const goal = await repo.findOne({ where: { id: input.goalId } });
      if (!goal) throw AppError.notFound('Goal', input.goalId);
      const { kase } = await caseOfRecord(tx, viewer, goal.caseId, 'Goal', goal.id, { lock: true, open: true });
      if (goal.status === 'CANCELLED') throw AppError.badInput('input.goalId', 'the goal is CANCELLED; set it ACTIVE before evaluating it');
      const before = goal.attainment;
      const saved = await repo.save({ ...goal, status: 'EVALUATED' as const, attainment: input.attainment, evaluatedAt: new Date(), evaluatedBy: viewer.id });
      await appendCaseEvent(tx, {
        caseId: kase.id, type: 'GOAL_EVALUATED', goalId: goal.id, actorId: viewer.id, fromState: before, toState: input.attainment,
        code: input.attainment, reason: input.note?.trim() || null,
      });
      await this.audit.record(tx, viewer, { action: 'GOAL_EVALUATED', entityType: 'Case', entityId: kase.id, entityOrganizationId: kase.organizationId, details: { goalId: goal.id, attainment: input.attainment } });
      return toGoalType(saved);
    });
  }
}

/** The case of a record (an assessment, a goal) for work: a case out of reach makes the record as unknown as it. */
async function caseOfRecord(tx: EntityManager, viewer: Viewer, caseId: string, entity: string, id: string, opts: { lock?: boolean; open?: boolean } = {}) {
  try {
    return await caseForWork(tx, viewer, caseId, opts);
  } catch (err) {
    if (err instanceof AppError && err.code === ErrorCode.NOT_FOUND) throw AppError.notFound(entity, id);
    throw err;
  }
}
