import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError, isUniqueViolation } from '../common/app-error';
import type { Viewer } from '../common/viewer';
import { compareWithBaseline } from './assessment-delta';
import { appendCaseEvent, caseForWork } from './case-access';
import { AssessmentEntity, GoalEntity } from './cases.entity';
import { toAssessmentType, toGoalType } from './cases.mappers';
import { AssessmentComparisonType, AssessmentType, GoalType } from './cases.types';
import { RecordAssessmentInput, SetGoalsInput } from './dto/cases.inputs';

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
    return { baselineId: base.id, ...compareWithBaseline(base.items, a.items) };
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
          const base = await repo.findOne({ where: { caseId: kase.id, instrument: input.instrument, baseline: true } });
          if (base && base.instrumentVersion !== input.instrumentVersion) {
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

  /** Adds the goals without an id and updates those with one; a goal is never deleted, only CANCELLED. */
  async setGoals(viewer: Viewer, input: SetGoalsInput): Promise<GoalType[]> {
    input.goals.forEach((g, i) => {
      if (Number.isNaN(new Date(`${g.targetDate}T00:00:00Z`).getTime())) throw AppError.badInput(`input.goals[${i}].targetDate`, 'is not a real date');
    });
    return this.db.transaction(async (tx) => {
      const { kase } = await caseForWork(tx, viewer, input.caseId, { lock: true, open: true });
      const repo = tx.getRepository(GoalEntity);
      for (const [i, g] of input.goals.entries()) {
        const fields = {
          term: g.term, description: g.description, evaluationCriteria: g.evaluationCriteria, targetDate: g.targetDate,
          status: g.status ?? 'ACTIVE', attainment: g.attainment ?? null,
        };
        if (g.id) {
          const existing = await repo.findOne({ where: { id: g.id, caseId: kase.id } });
          if (!existing) throw AppError.badInput(`input.goals[${i}].id`, 'is not a goal of this case');
          await repo.save({ ...existing, ...fields });
        } else {
          await repo.insert({ caseId: kase.id, ...fields });
        }
      }
      await appendCaseEvent(tx, { caseId: kase.id, type: 'GOALS_SET', actorId: viewer.id });
      await this.audit.record(tx, viewer, { action: 'GOALS_SET', entityType: 'Case', entityId: kase.id, entityOrganizationId: kase.organizationId, details: { count: input.goals.length } });
      return (await repo.find({ where: { caseId: kase.id }, order: { createdAt: 'ASC' } })).map(toGoalType);
    });
  }
}
