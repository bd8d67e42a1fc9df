import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import type { Viewer } from '../identity/viewer';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { ageOn, categoryMismatch } from './age';
import { appendCaseEvent, caseForWork } from './case-access';
import { NeedEntity, NeedStatus } from './cases.entity';
import { toNeedType } from './cases.mappers';
import { NeedType } from './cases.types';
import { AddNeedInput, UpdateNeedInput } from './dto/cases.inputs';

@Injectable()
export class NeedsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly audit: AuditService,
  ) {}

  async toType(n: NeedEntity): Promise<NeedType> {
    return toNeedType(n, (await this.taxonomy.needCategory(n.category))?.criteria ?? []);
  }

  private async checkIndicators(category: string, indicators: string[] | undefined): Promise<void> {
    if (!indicators?.length) return;
    const known = (await this.taxonomy.needCategory(category))?.criteria ?? [];
    const unknown = indicators.filter((i) => !known.includes(i));
    if (unknown.length) throw AppError.badInput('input.confirmedIndicators', `not an indicator of ${category}: ${unknown.join('; ')}`);
  }

  /** Adds a need after checking the PMKS category's age ([min, max)) and sex bounds against the client. */
  async add(viewer: Viewer, input: AddNeedInput): Promise<NeedType> {
    const category = await this.taxonomy.needCategory(input.category);
    if (!category) throw AppError.badInput('input.category', `unknown need category ${input.category}`);
    await this.checkIndicators(input.category, input.confirmedIndicators);
    return this.db.transaction(async (tx) => {
      const { kase, client } = await caseForWork(tx, viewer, input.caseId, { lock: true, open: true });
      const mismatch = categoryMismatch(category, ageOn(client.birthDate, new Date()), client.sex);
      if (mismatch) throw AppError.badInput('input.category', mismatch);
      const repo = tx.getRepository(NeedEntity);
      const need = await repo.save(repo.create({
        caseId: kase.id, category: input.category, description: input.description ?? null, severity: input.severity ?? 'MODERATE',
        status: 'OPEN', confirmedIndicators: input.confirmedIndicators ?? [],
      }));
      await appendCaseEvent(tx, { caseId: kase.id, type: 'NEED_ADDED', needId: need.id, actorId: viewer.id, toState: 'OPEN' });
      await this.audit.record(tx, { action: 'NEED_ADDED', entityType: 'Need', entityId: need.id, entityOrganizationId: kase.organizationId, details: { category: need.category } });
      return this.toType(need);
    });
  }

  async update(viewer: Viewer, input: UpdateNeedInput): Promise<NeedType> {
    return this.db.transaction(async (tx) => {
      const need = await tx.getRepository(NeedEntity).findOne({ where: { id: input.needId }, lock: { mode: 'pessimistic_write' } });
      if (!need) throw AppError.notFound('Need', input.needId);
      const { kase } = await caseForWork(tx, viewer, need.caseId, { open: true });
      await this.checkIndicators(need.category, input.confirmedIndicators);
      if (input.description !== undefined) need.description = input.description;
      if (input.severity !== undefined) need.severity = input.severity;
      if (input.confirmedIndicators !== undefined) need.confirmedIndicators = input.confirmedIndicators;
      const from = need.status;
      if (input.status !== undefined && input.status !== from) need.status = input.status;
      const saved = await tx.getRepository(NeedEntity).save(need);
      if (saved.status !== from) {
        await appendCaseEvent(tx, { caseId: kase.id, type: 'NEED_STATUS_CHANGED', needId: need.id, actorId: viewer.id, fromState: from, toState: saved.status, reason: input.reason ?? null });
      }
      await this.audit.record(tx, { action: 'NEED_UPDATED', entityType: 'Need', entityId: need.id, entityOrganizationId: kase.organizationId, details: { from, to: saved.status } });
      return this.toType(saved);
    });
  }

  /**
   * Moves a need's status on behalf of the system (the referral lifecycle: REFERRED, BEING_SERVED, MET/NOT_MET),
   * in the caller's transaction, as a case event. A need already withdrawn is left alone.
   */
  static async followReferral(tx: EntityManager, needId: string, to: NeedStatus, actorId: string | null, reason: string): Promise<void> {
    const need = await tx.getRepository(NeedEntity).findOne({ where: { id: needId }, lock: { mode: 'pessimistic_write' } });
    if (!need || need.status === to || need.status === 'WITHDRAWN') return;
    const from = need.status;
    need.status = to;
    await tx.getRepository(NeedEntity).save(need);
    await appendCaseEvent(tx, { caseId: need.caseId, type: 'NEED_STATUS_CHANGED', needId, actorId, fromState: from, toState: to, reason });
  }
}
