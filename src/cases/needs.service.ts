import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import type { Viewer } from '../common/viewer';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { ageOn, categoryMismatch } from './age';
import { appendCaseEvent, caseForWork } from './case-access';
import { NeedEntity, NeedStatus } from './cases.entity';
import { toNeedType } from './cases.mappers';
import { NeedType } from './cases.types';
import { AddNeedInput, UpdateNeedInput } from './dto/cases.inputs';

/** One need status change that follows a referral (see NeedsService.followReferrals). */
export interface NeedChange {
  needId: string;
  to: NeedStatus;
  actorId: string | null;
  reason: string;
}

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
    const serviceTypes = await this.taxonomy.needServiceTypes('input.serviceTypes', category, input.serviceTypes);
    return this.db.transaction(async (tx) => {
      const { kase, client } = await caseForWork(tx, viewer, input.caseId, { lock: true, open: true });
      const mismatch = categoryMismatch(category, ageOn(client.birthDate, new Date()), client.sex);
      if (mismatch) throw AppError.badInput('input.category', mismatch);
      const repo = tx.getRepository(NeedEntity);
      const need = await repo.save(repo.create({
        caseId: kase.id, category: input.category, description: input.description ?? null, severity: input.severity ?? 'MODERATE',
        status: 'OPEN', confirmedIndicators: input.confirmedIndicators ?? [], serviceTypes,
      }));
      await appendCaseEvent(tx, { caseId: kase.id, type: 'NEED_ADDED', needId: need.id, actorId: viewer.id, toState: 'OPEN' });
      await this.audit.record(tx, viewer, { action: 'NEED_ADDED', entityType: 'Need', entityId: need.id, entityOrganizationId: kase.organizationId, details: { category: need.category, serviceTypes } });
      return this.toType(need);
    });
  }

  async update(viewer: Viewer, input: UpdateNeedInput): Promise<NeedType> {
    return this.db.transaction(async (tx) => {
      const need = await tx.getRepository(NeedEntity).findOne({ where: { id: input.needId }, lock: { mode: 'pessimistic_write' } });
      if (!need) throw AppError.notFound('Need', input.needId);
      const { kase } = await caseForWork(tx, viewer, need.caseId, { open: true, asked: { entity: 'Need', id: input.needId } });
      await this.checkIndicators(need.category, input.confirmedIndicators);
      if (input.serviceTypes !== undefined) {
        const category = await this.taxonomy.needCategory(need.category);
        need.serviceTypes = await this.taxonomy.needServiceTypes('input.serviceTypes', category!, input.serviceTypes);
      }
      if (input.description !== undefined) need.description = input.description;
      if (input.severity !== undefined) need.severity = input.severity;
      if (input.confirmedIndicators !== undefined) need.confirmedIndicators = input.confirmedIndicators;
      const from = need.status;
      if (input.status !== undefined && input.status !== from) need.status = input.status;
      const saved = await tx.getRepository(NeedEntity).save(need);
      if (saved.status !== from) {
        await appendCaseEvent(tx, { caseId: kase.id, type: 'NEED_STATUS_CHANGED', needId: need.id, actorId: viewer.id, fromState: from, toState: saved.status, reason: input.reason ?? null });
      }
      await this.audit.record(tx, viewer, { action: 'NEED_UPDATED', entityType: 'Need', entityId: need.id, entityOrganizationId: kase.organizationId, details: { from, to: saved.status, ...(input.serviceTypes !== undefined && { serviceTypes: saved.serviceTypes }) } });
      return this.toType(saved);
    });
  }

  /**
   * Moves needs' statuses on behalf of the system (the referral lifecycle: REFERRED, BEING_SERVED, MET/NOT_MET,
   * OPEN), in the caller's transaction, each change as a case event, in one statement however many needs. A need
   * already withdrawn, or already in the status, is left alone; a need named twice changes by its first entry.
   * The needs are found by `id = ANY` (by primary key: the planner cannot estimate the recordset).
   */
  static async followReferrals(tx: EntityManager, changes: NeedChange[]): Promise<void> {
    const seen = new Set<string>();
    const unique = changes.filter((c) => !seen.has(c.needId) && seen.add(c.needId));
    if (!unique.length) return;
    await tx.query(
      `WITH d AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS d(need_id uuid, to_status text, actor_id uuid, reason text)),
            locked AS (SELECT n.id, n.case_id, n.status FROM need n WHERE n.id = ANY($2::uuid[]) ORDER BY n.id FOR UPDATE),
            changed AS (
              UPDATE need n SET status = d.to_status, updated_at = now(), version = n.version + 1
                FROM locked l JOIN d ON d.need_id = l.id
               WHERE n.id = ANY($2::uuid[]) AND n.id = l.id AND l.status <> d.to_status AND l.status <> 'WITHDRAWN'
              RETURNING n.id, n.case_id, l.status AS from_status, d.to_status, d.actor_id, d.reason),
            events AS (
              INSERT INTO case_event (case_id, type, need_id, actor_id, from_state, to_state, reason)
              SELECT case_id, 'NEED_STATUS_CHANGED', id, actor_id, from_status, to_status, reason FROM changed ORDER BY id
              RETURNING case_id)
       UPDATE client_case SET last_activity_at = now() WHERE id IN (SELECT case_id FROM events)`,
      [JSON.stringify(unique.map((c) => ({ need_id: c.needId, to_status: c.to, actor_id: c.actorId, reason: c.reason }))), unique.map((c) => c.needId)],
    );
  }
}
