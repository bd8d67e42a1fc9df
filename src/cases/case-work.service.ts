import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { ConnectionShape, pageWindow, toConnection } from '../common/connection';
import type { Viewer } from '../common/viewer';
import { jobId } from '../jobs/job-registry';
import { OutboxService } from '../outbox/outbox.service';
import { appendCaseEvent, caseForWork } from './case-access';
import { closureInputRefusal, closureRefusal, OpenReferral, REOPEN_STAGE } from './case-closure';
import { allowedStages, canMoveCase } from './case-stage';
import { canReadClient, worksWithClients } from './case.policy';
import { CaseEntity, CaseNoteEntity, ClientEntity } from './cases.entity';
import { toCaseNoteType, toCaseType } from './cases.mappers';
import { CaseNoteType, CaseType } from './cases.types';
import { CasesArgs, CloseCaseInput, OpenCaseInput, SetCaseStageInput } from './dto/cases.inputs';

/** Opening, moving and closing cases, and their notes. Every change is a case event in the same transaction. */
@Injectable()
export class CaseWorkService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
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
      await this.audit.record(tx, viewer, { action: 'CASE_OPENED', entityType: 'Case', entityId: kase.id, entityOrganizationId: kase.organizationId, details: { priority: kase.priority } });
      return toCaseType(kase);
    });
  }

  /** Moves an open case between working stages; closing and reopening have their own operations. */
  async setStage(viewer: Viewer, input: SetCaseStageInput): Promise<CaseType> {
    if (input.stage === 'CLOSED') throw AppError.badInput('stage', 'close a case with closeCase, which takes a reason code');
    return this.db.transaction(async (tx) => {
      const { kase } = await caseForWork(tx, viewer, input.caseId, { lock: true });
      if (kase.stage === 'CLOSED') throw AppError.badInput('stage', 'the case is CLOSED; reopen it with reopenCase');
      const to = input.stage;
      if (!canMoveCase(kase.stage, to)) {
        throw AppError.badInput('stage', `cannot move from ${kase.stage} to ${to}; allowed: ${allowedStages(kase.stage).join(', ') || 'none'}`);
      }
      const from = kase.stage;
      const saved = await tx.getRepository(CaseEntity).save({ ...kase, stage: to });
      await appendCaseEvent(tx, { caseId: kase.id, type: 'STAGE_CHANGED', actorId: viewer.id, fromState: from, toState: to, reason: input.reason ?? null });
      await this.audit.record(tx, viewer, { action: 'CASE_STAGE_CHANGED', entityType: 'Case', entityId: kase.id, entityOrganizationId: kase.organizationId, details: { from, to } });
      return toCaseType(saved);
    });
  }

  /**
   * Closes the case with a reason code (see case-closure.ts). Open referrals refuse it unless forced with a
   * note; forced, the case closes and a job of the referrals feature cancels them (the system acts, "case
   * closed"), so the referral lifecycle stays the one place that changes a referral.
   */
  async close(viewer: Viewer, input: CloseCaseInput): Promise<CaseType> {
    const refusedInput = closureInputRefusal(input);
    if (refusedInput) throw AppError.badInput(refusedInput.field, refusedInput.rule);
    return this.db.transaction(async (tx) => {
      const { kase } = await caseForWork(tx, viewer, input.caseId, { lock: true, open: true });
      // A referral is open until it is closed (completed, declined, expired, failed or cancelled).
      const open: OpenReferral[] = await tx.query(
        `SELECT r.id, r.status, s.name AS "serviceName" FROM referral r JOIN service s ON s.id = r.service_id
          WHERE r.case_id = $1 AND r.closed_at IS NULL ORDER BY r.created_at, r.id`,
        [kase.id],
      );
      const refused = closureRefusal(input, open);
      if (refused) throw AppError.badInput(refused.field, refused.rule, { openReferralIds: refused.openReferralIds });
      const from = kase.stage;
      const note = input.note?.trim() || null;
      const saved = await tx.getRepository(CaseEntity).save({ ...kase, stage: 'CLOSED' as const, closedAt: new Date(), closureReason: input.reason, closureNote: note });
      await appendCaseEvent(tx, { caseId: kase.id, type: 'CASE_CLOSED', actorId: viewer.id, fromState: from, toState: 'CLOSED', code: input.reason, reason: note });
      // Pending follow-ups are cancelled by the worker (src/follow-ups), once per closing.
      await this.outbox.add(tx, { kind: 'job', name: 'followups.case-closed', payload: { caseId: kase.id }, jobId: jobId('followups-case-closed', kase.id, saved.version) }, viewer);
      if (open.length) {
        await this.outbox.add(tx, {
          kind: 'job', name: 'referrals.cancel-for-closed-case', payload: { caseId: kase.id },
          jobId: jobId('referrals-cancel-for-closed-case', kase.id, saved.version),
        }, viewer);
      }
      await this.audit.record(tx, viewer, {
        action: 'CASE_CLOSED', entityType: 'Case', entityId: kase.id, entityOrganizationId: kase.organizationId,
        details: { from, to: 'CLOSED', reason: input.reason, forced: open.length > 0, openReferralIds: open.map((r) => r.id) },
      });
      return toCaseType(saved);
    });
  }

  /** Reopens a closed case at REOPEN_STAGE; the closure stays on the timeline. */
  async reopen(viewer: Viewer, caseId: string, note: string): Promise<CaseType> {
    if (!note.trim() || note.length > 2000) throw AppError.badInput('note', 'say why the case reopens (1 to 2,000 characters)');
    return this.db.transaction(async (tx) => {
      const { kase } = await caseForWork(tx, viewer, caseId, { lock: true });
      if (kase.stage !== 'CLOSED') throw AppError.badInput('caseId', `the case is ${kase.stage}, not CLOSED`);
      const saved = await tx.getRepository(CaseEntity).save({ ...kase, stage: REOPEN_STAGE, closedAt: null, closureReason: null, closureNote: null });
      await appendCaseEvent(tx, { caseId: kase.id, type: 'CASE_REOPENED', actorId: viewer.id, fromState: 'CLOSED', toState: REOPEN_STAGE, reason: note.trim() });
      await this.audit.record(tx, viewer, { action: 'CASE_REOPENED', entityType: 'Case', entityId: kase.id, entityOrganizationId: kase.organizationId, details: { from: 'CLOSED', to: REOPEN_STAGE } });
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
      await this.audit.record(tx, viewer, { action: 'CASE_NOTE_ADDED', entityType: 'Case', entityId: caseId, entityOrganizationId: kase.organizationId });
      return toCaseNoteType(note);
    });
  }

  /** A case is part of its client's record: reading it is audited as a read of the client. */
  async view(viewer: Viewer, caseId: string): Promise<CaseType> {
    return this.db.transaction(async (tx) => {
      const { kase, client } = await caseForWork(tx, viewer, caseId);
      await this.audit.recordRead(tx, viewer, { entityType: 'Client', entityId: client.id, entityOrganizationId: client.organizationId, details: { via: 'Case', caseId } });
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
    if (args.open !== undefined && args.open !== null) qb.andWhere(args.open ? `k.stage <> 'CLOSED'` : `k.stage = 'CLOSED'`);
    // Order by property paths (alias.property): with skip/take TypeORM resolves them to columns itself.
    const [rows, total] = await qb.orderBy('k.openedAt', 'DESC').addOrderBy('k.id', 'ASC').skip(window.offset).take(window.limit).getManyAndCount();
    return toConnection(rows.map(toCaseType), total, window);
  }
}
