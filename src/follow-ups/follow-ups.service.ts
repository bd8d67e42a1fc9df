import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CaseAccessService } from '../cases/case-access.service';
import { ClientEntity, NeedEntity } from '../cases/cases.entity';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import type { Viewer } from '../common/viewer';
import { toServiceType } from '../directory/directory.mappers';
import type { ServiceType } from '../directory/directory.types';
import { ServiceRowsService } from '../directory/service-rows.service';
import { canTakeNow } from '../referrals/referral-eligibility';
import { ReferralEntity } from '../referrals/referral.entity';
import {
  checkRecord, contactPlan, flagsUnreachable, FollowUpActorKind, FollowUpStatus, reopensNeed, sideOf, UNREACHED_IN_A_ROW,
} from './follow-up-policy';
import { FollowUpEntity, FollowUpEventEntity } from './follow-up.entity';
import { FollowUpReads } from './follow-up-reads.service';
import { CancelFollowUpInput, FollowUpType, RecordFollowUpInput, RecordFollowUpPayload, RescheduleFollowUpInput, ScheduleFollowUpInput } from './follow-ups.types';

/**
 * The case manager's and the partner's work on follow-ups: schedule, record an attempt or an answer,
 * reschedule, cancel. One transaction each, the task row locked, every change an event row with its actor.
 */
@Injectable()
export class FollowUpsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly reads: FollowUpReads,
    private readonly cases: CaseAccessService,
    private readonly services: ServiceRowsService,
  ) {}

  async schedule(viewer: Viewer, input: ScheduleFollowUpInput): Promise<FollowUpType> {
    if (input.kind === 'STALE_CASE') throw AppError.badInput('input.kind', 'STALE_CASE tasks are created by the system');
    const saved = await this.db.transaction(async (tx) => {
      const { kase } = await this.cases.forWork(tx, viewer, input.caseId, { open: true });
      let providerOrganizationId: string | null = null;
      if (input.referralId) {
        const r = await tx.getRepository(ReferralEntity).findOne({ where: { id: input.referralId } });
        if (!r || r.caseId !== kase.id) throw AppError.badInput('input.referralId', 'is not a referral of this case');
        providerOrganizationId = r.toOrganizationId;
      }
      if (input.contactTarget === 'PROVIDER' && !providerOrganizationId) throw AppError.badInput('input.referralId', 'a provider contact needs the referral it is about');
      if (input.kind === 'PROVIDER_CHECK' && input.contactTarget !== 'PROVIDER') throw AppError.badInput('input.contactTarget', 'a PROVIDER_CHECK contacts the PROVIDER');
      const assigneeId = input.assigneeId ?? kase.caseManagerId;
      if (input.assigneeId) {
        const [u] = await tx.query(`SELECT id FROM user_account WHERE id = $1 AND active AND organization_id = $2 AND role IN ('CASE_MANAGER', 'SUPERVISOR')`, [input.assigneeId, kase.organizationId]);
        if (!u) throw AppError.badInput('input.assigneeId', "must be an active case manager of the case's organisation");
      }
      const now = this.clock.now();
      const repo = tx.getRepository(FollowUpEntity);
      const f = await repo.save(repo.create({
        caseId: kase.id, referralId: input.referralId ?? null, organizationId: kase.organizationId, providerOrganizationId,
        kind: input.kind, contactTarget: input.contactTarget, dueAt: input.dueAt, assigneeId, notes: input.notes ?? null,
        createdAt: now, updatedAt: now,
      }));
      await this.event(tx, f, 'CREATED', null, 'PENDING', viewer.id, 'CASE_MANAGER', { at: now });
      await this.audit.record(tx, viewer, { action: 'FOLLOW_UP_SCHEDULED', entityType: 'FollowUp', entityId: f.id, entityOrganizationId: kase.organizationId, details: { kind: f.kind } });
      return f;
    });
    return this.reads.toType(viewer, saved);
  }

  /**
   * An attempt or an answer. Unreached: one more attempt, the task stays PENDING, and the third unreached
   * client attempt in a row flags the case. Reached: DONE with the result; NOT_ATTENDED or SERVICE_NOT_RECEIVED
   * reopens the need and returns the next alternatives. The partner answers its provider checks here too.
   */
  async record(viewer: Viewer, input: RecordFollowUpInput): Promise<RecordFollowUpPayload> {
    const out = await this.db.transaction(async (tx) => {
      const f = await this.lockVisible(tx, viewer, input.followUpId);
      const side = sideOf(viewer, f)!;
      let client: ClientEntity | null = null;
      if (side === 'CASE_MANAGER') client = (await this.cases.forWork(tx, viewer, f.caseId)).client;
      const plan = f.contactTarget === 'CLIENT' && client ? contactPlan({ ...client, hasPhone: !!client.phone }) : null;
      const failure = checkRecord(f, input, side, plan);
      if (failure) throw AppError.badInput(failure.field, failure.message);
      const now = this.clock.now();
      const actor: FollowUpActorKind = side === 'PARTNER' ? 'PARTNER' : 'CASE_MANAGER';
      const from = f.status;
      f.attempts += 1;
      f.channel = input.channel;
      f.reached = input.reached;
      if (input.notes) f.notes = input.notes;
      if (input.reached) {
        Object.assign(f, { status: 'DONE' as FollowUpStatus, result: input.result, completedAt: now, completedBy: viewer.id });
      }
      f.updatedAt = now;
      f.version += 1;
      await tx.getRepository(FollowUpEntity).save(f);
      await this.event(tx, f, input.reached ? 'DONE' : 'ATTEMPTED', from, f.status, viewer.id, actor, { at: now, channel: input.channel, reached: input.reached, result: input.result ?? null });
      let flagged = false;
      if (f.contactTarget === 'CLIENT') flagged = await this.followStreak(tx, f, viewer.id, input.reached);
      let needReopened = false;
      let alternatives: ServiceType[] = [];
      if (input.reached && reopensNeed(input.result) && f.referralId) {
        ({ needReopened, alternatives } = await this.reopenNeed(tx, f, viewer.id));
      }
      if (side === 'CASE_MANAGER') await this.cases.appendEvent(tx, { caseId: f.caseId, type: 'FOLLOW_UP_RECORDED', actorId: viewer.id, toState: f.status, reason: `${f.kind}: ${input.reached ? input.result : 'not reached'}` });
      await this.audit.record(tx, viewer, { action: 'FOLLOW_UP_RECORDED', entityType: 'FollowUp', entityId: f.id, entityOrganizationId: f.organizationId, details: { kind: f.kind, reached: input.reached, result: input.result ?? null, channel: input.channel } });
      return { f, needReopened, alternatives, flagged };
    });
    return { followUp: await this.reads.toType(viewer, out.f), needReopened: out.needReopened, alternatives: out.alternatives, caseFlaggedUnreachable: out.flagged };
  }

  async reschedule(viewer: Viewer, input: RescheduleFollowUpInput): Promise<FollowUpType> {
    const f = await this.db.transaction(async (tx) => {
      const f = await this.lockForCaseSide(tx, viewer, input.followUpId);
      if (f.status !== 'PENDING') throw AppError.badInput('input.followUpId', `the follow-up is ${f.status}`);
      const now = this.clock.now();
      Object.assign(f, { dueAt: input.dueAt, notifiedAt: null, escalatedAt: null, updatedAt: now, version: f.version + 1 });
      await tx.getRepository(FollowUpEntity).save(f);
      await this.event(tx, f, 'RESCHEDULED', 'PENDING', 'PENDING', viewer.id, 'CASE_MANAGER', { at: now, reason: `to ${input.dueAt.toISOString()}: ${input.reason}` });
      await this.audit.record(tx, viewer, { action: 'FOLLOW_UP_RESCHEDULED', entityType: 'FollowUp', entityId: f.id, entityOrganizationId: f.organizationId });
      return f;
    });
    return this.reads.toType(viewer, f);
  }

  async cancel(viewer: Viewer, input: CancelFollowUpInput): Promise<FollowUpType> {
    const f = await this.db.transaction(async (tx) => {
      const f = await this.lockForCaseSide(tx, viewer, input.followUpId);
      if (f.status !== 'PENDING') throw AppError.badInput('input.followUpId', `the follow-up is ${f.status}`);
      const now = this.clock.now();
      Object.assign(f, { status: 'CANCELLED' as FollowUpStatus, statusReason: input.reason, updatedAt: now, version: f.version + 1 });
      await tx.getRepository(FollowUpEntity).save(f);
      await this.event(tx, f, 'CANCELLED', 'PENDING', 'CANCELLED', viewer.id, 'CASE_MANAGER', { at: now, reason: input.reason });
      await this.audit.record(tx, viewer, { action: 'FOLLOW_UP_CANCELLED', entityType: 'FollowUp', entityId: f.id, entityOrganizationId: f.organizationId });
      return f;
    });
    return this.reads.toType(viewer, f);
  }

  /** The task, locked, when the viewer is on its case side or is the partner asked; NOT_FOUND otherwise. */
  private async lockVisible(tx: EntityManager, viewer: Viewer, id: string): Promise<FollowUpEntity> {
    const f = await tx.getRepository(FollowUpEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!f || !sideOf(viewer, f)) throw AppError.notFound('FollowUp', id);
    return f;
  }

  private async lockForCaseSide(tx: EntityManager, viewer: Viewer, id: string): Promise<FollowUpEntity> {
    const f = await this.lockVisible(tx, viewer, id);
    if (sideOf(viewer, f) !== 'CASE_MANAGER') throw AppError.forbidden('Only the case side reschedules or cancels a follow-up');
    await this.cases.forWork(tx, viewer, f.caseId, { open: true });
    return f;
  }

  /**
   * Three unreached client attempts in a row (this case's, newest first) flag the case once; reaching the
   * client clears the flag.
   */
  private async followStreak(tx: EntityManager, f: FollowUpEntity, actorId: string, reached: boolean): Promise<boolean> {
    if (reached) {
      await tx.query(`UPDATE client_case SET unreachable_since = NULL WHERE id = $1 AND unreachable_since IS NOT NULL`, [f.caseId]);
      return false;
    }
    const latest: { reached: boolean }[] = await tx.query(
      `SELECT e.reached FROM follow_up_event e JOIN follow_up t ON t.id = e.follow_up_id
        WHERE e.case_id = $1 AND e.reached IS NOT NULL AND t.contact_target = 'CLIENT' ORDER BY e.id DESC LIMIT $2`,
      [f.caseId, UNREACHED_IN_A_ROW],
    );
    if (!flagsUnreachable(latest.map((r) => r.reached))) return false;
    const [, flaggedNow] = await tx.query(`UPDATE client_case SET unreachable_since = $2 WHERE id = $1 AND unreachable_since IS NULL`, [f.caseId, this.clock.now()]);
    if (flaggedNow) await this.cases.appendEvent(tx, { caseId: f.caseId, type: 'CLIENT_UNREACHABLE', actorId, reason: `${UNREACHED_IN_A_ROW} follow-up attempts in a row did not reach the client` });
    return true;
  }

  /**
   * The client did not get the service: the need goes back to OPEN (advocacy), and the referral's stored
   * alternatives that offer the same service type, were not tried for this need and can take the client now
   * are offered, in the match's order (the routing's own eligibility and capacity test).
   */
  private async reopenNeed(tx: EntityManager, f: FollowUpEntity, actorId: string): Promise<{ needReopened: boolean; alternatives: ServiceType[] }> {
    const r = await tx.getRepository(ReferralEntity).findOneOrFail({ where: { id: f.referralId! } });
    const before = await tx.getRepository(NeedEntity).findOneOrFail({ where: { id: r.needId } });
    await this.cases.followReferrals(tx, [{ needId: r.needId, to: 'OPEN', actorId, reason: `follow-up ${f.kind}: ${f.result}` }]);
    const need = await tx.getRepository(NeedEntity).findOneOrFail({ where: { id: r.needId } });
    const client = await tx.getRepository(ClientEntity).findOneOrFail({ where: { id: r.clientId } });
    const [referred] = await this.services.load(tx, [r.serviceId]);
    const types = new Set(referred?.serviceTypes ?? []);
    const tried = new Set<string>((await tx.query(`SELECT service_id FROM referral WHERE need_id = $1`, [r.needId])).map((x: { service_id: string }) => x.service_id));
    const candidates = r.alternatives.filter((id) => !tried.has(id));
    const rows = await this.services.load(tx, candidates);
    const alternatives = candidates
      .map((id) => rows.find((row) => row.id === id))
      .filter((row): row is NonNullable<typeof row> => !!row && (!types.size || row.serviceTypes.some((t) => types.has(t))) && canTakeNow(client, need, row))
      .map((row) => toServiceType(row));
    return { needReopened: before.status !== 'OPEN' && need.status === 'OPEN', alternatives };
  }

  private async event(
    tx: EntityManager, f: FollowUpEntity, type: string, fromStatus: FollowUpStatus | null, toStatus: FollowUpStatus | null, actorId: string | null,
    actorKind: FollowUpActorKind, extra: { at: Date; channel?: FollowUpEntity['channel']; reached?: boolean; result?: FollowUpEntity['result']; reason?: string },
  ): Promise<void> {
    await tx.getRepository(FollowUpEventEntity).insert({
      followUpId: f.id, caseId: f.caseId, type, fromStatus, toStatus, actorId, actorKind, channel: extra.channel ?? null,
      reached: extra.reached ?? null, result: extra.result ?? null, reason: extra.reason ?? null, at: extra.at,
    });
  }
}
