import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { ConnectionShape, pageWindow, toConnection } from '../common/connection';
import type { Viewer } from '../common/viewer';
import { appendCaseEvent, caseForWork } from './case-access';
import { allowedStages, canMoveCase, CaseStage } from './case-stage';
import { canReadClient, worksWithClients } from './case.policy';
import { CaseEntity, CaseNoteEntity, ClientEntity } from './cases.entity';
import { toCaseNoteType, toCaseType } from './cases.mappers';
import { CaseNoteType, CaseType } from './cases.types';
import { CasesArgs, OpenCaseInput, SetCaseStageInput } from './dto/cases.inputs';

/** Opening, moving and closing cases, and their notes. Every change is a case event in the same transaction. */
@Injectable()
export class CaseWorkService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async open(viewer: Viewer, input: OpenCaseInput): Promise<CaseType> {
    return this.db.transaction(async (tx) => {
      const client = await tx.getRepository(ClientEntity).findOne({ where: { id: input.clientId } });
      if (!client || !canReadClient(viewer, client)) throw AppError.notFound('Client', input.clientId);
      const caseManagerId = input.caseManagerId ?? viewer.id;
      if (input.caseManagerId) {
        const [cm] = await tx.query(
          `SELECT id FROM user_account WHERE id = $1 AND active AND organization_id = $2 AND role IN ('CASE_MANAGER', 'SUPERVISOR')`,
          [input.caseManagerId, client.organizationId],
        );
        if (!cm) throw AppError.badInput('input.caseManagerId', "must be an active case manager of the client's organisation");
      }
      const repo = tx.getRepository(CaseEntity);
      const kase = await repo.save(repo.create({
        clientId: client.id, organizationId: client.organizationId, caseManagerId, stage: 'INTAKE',
        priority: input.priority ?? 'ROUTINE', autoReroute: input.autoReroute ?? false,
      }));
      await appendCaseEvent(tx, { caseId: kase.id, type: 'CASE_OPENED', actorId: viewer.id, toState: 'INTAKE' });
      if (input.note) await tx.getRepository(CaseNoteEntity).insert({ caseId: kase.id, authorId: viewer.id, body: input.note });
      await this.audit.record(tx, { action: 'CASE_OPENED', entityType: 'Case', entityId: kase.id, entityOrganizationId: kase.organizationId, details: { priority: kase.priority } });
      return toCaseType(kase);
    });
  }

  async setStage(viewer: Viewer, input: SetCaseStageInput): Promise<CaseType> {
    return this.moveTo(viewer, input.caseId, input.stage, input.reason ?? null);
  }

  async close(viewer: Viewer, caseId: string, reason: string): Promise<CaseType> {
    if (!reason.trim()) throw AppError.badInput('reason', 'a closing reason is required');
    return this.moveTo(viewer, caseId, 'CLOSED', reason);
  }

  private async moveTo(viewer: Viewer, caseId: string, to: CaseStage, reason: string | null): Promise<CaseType> {
    return this.db.transaction(async (tx) => {
      const { kase } = await caseForWork(tx, viewer, caseId, { lock: true });
      if (!canMoveCase(kase.stage, to)) {
        throw AppError.badInput('stage', `cannot move from ${kase.stage} to ${to}; allowed: ${allowedStages(kase.stage).join(', ') || 'none'}`);
      }
      const from = kase.stage;
      kase.stage = to;
      if (to === 'CLOSED') {
        kase.closedAt = new Date();
        kase.closureReason = reason;
      }
      const saved = await tx.getRepository(CaseEntity).save(kase);
      await appendCaseEvent(tx, { caseId, type: to === 'CLOSED' ? 'CASE_CLOSED' : 'STAGE_CHANGED', actorId: viewer.id, fromState: from, toState: to, reason });
      await this.audit.record(tx, { action: to === 'CLOSED' ? 'CASE_CLOSED' : 'CASE_STAGE_CHANGED', entityType: 'Case', entityId: caseId, entityOrganizationId: kase.organizationId, details: { from, to } });
      return toCaseType(saved);
    });
  }

  async addNote(viewer: Viewer, caseId: string, body: string): Promise<CaseNoteType> {
    if (!body.trim() || body.length > 10_000) throw AppError.badInput('body', 'must be 1 to 10,000 characters');
    return this.db.transaction(async (tx) => {
      const { kase } = await caseForWork(tx, viewer, caseId, { open: true });
      const repo = tx.getRepository(CaseNoteEntity);
      const note = await repo.save(repo.create({ caseId, authorId: viewer.id, body }));
      await appendCaseEvent(tx, { caseId, type: 'NOTE_ADDED', actorId: viewer.id });
      await this.audit.record(tx, { action: 'CASE_NOTE_ADDED', entityType: 'Case', entityId: caseId, entityOrganizationId: kase.organizationId });
      return toCaseNoteType(note);
    });
  }

  /** A case is part of its client's record: reading it is audited as a read of the client. */
  async view(viewer: Viewer, caseId: string): Promise<CaseType> {
    return this.db.transaction(async (tx) => {
      const { kase, client } = await caseForWork(tx, viewer, caseId);
      await this.audit.recordRead(tx, { entityType: 'Client', entityId: client.id, entityOrganizationId: client.organizationId, details: { via: 'Case', caseId } });
      return toCaseType(kase);
    });
  }

  /** The organisation's cases, newest first; like its clients, all of them, wherever the client lives. */
  async list(viewer: Viewer, args: CasesArgs): Promise<ConnectionShape<CaseType>> {
    if (!worksWithClients(viewer)) throw AppError.forbidden('Only case managers and supervisors list cases');
    const window = pageWindow(args);
    const qb = this.db.getRepository(CaseEntity).createQueryBuilder('k')
      .where('k.organizationId = :org', { org: viewer.organizationId });
    if (args.stage) qb.andWhere('k.stage = :stage', { stage: args.stage });
    if (args.clientId) qb.andWhere('k.clientId = :clientId', { clientId: args.clientId });
    if (args.caseManagerId) qb.andWhere('k.caseManagerId = :cm', { cm: args.caseManagerId });
    // Order by property paths (alias.property): with skip/take TypeORM resolves them to columns itself.
    const [rows, total] = await qb.orderBy('k.openedAt', 'DESC').addOrderBy('k.id', 'ASC').skip(window.offset).take(window.limit).getManyAndCount();
    return toConnection(rows.map(toCaseType), total, window);
  }
}
