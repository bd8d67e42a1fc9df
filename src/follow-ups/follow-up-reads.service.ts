import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClientEntity } from '../cases/cases.entity';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { ConnectionShape, pageWindow, toConnection } from '../common/connection';
import type { Viewer } from '../common/viewer';
import { canListFollowUps, canSeeCaseload, contactPlan, providerQuestion, sideOf } from './follow-up-policy';
import { FollowUpEntity } from './follow-up.entity';
import { CaseloadEntryType, FollowUpsArgs, FollowUpType } from './follow-ups.types';

/** Lists of follow-ups and the supervisors' caseload; the shape each viewer may see of a task. */
@Injectable()
export class FollowUpReads {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * The case side's view of its organisation's follow-ups, or the partner's view of its provider checks. Filters:
   * due before, overdue (pending and past due by the Clock), assigned to me, kind, status, case, referral.
   */
  async list(viewer: Viewer, args: FollowUpsArgs): Promise<ConnectionShape<FollowUpType>> {
    if (!canListFollowUps(viewer)) throw AppError.forbidden('Only case managers, supervisors and partner staff list follow-ups');
    const window = pageWindow(args);
    const f = args.filter ?? {};
    const qb = this.db.getRepository(FollowUpEntity).createQueryBuilder('f');
    if (viewer.role === 'PARTNER_STAFF') {
      qb.where("f.kind = 'PROVIDER_CHECK' AND f.providerOrganizationId = :org", { org: viewer.organizationId });
      if (f.caseId) qb.andWhere('false'); // the partner does not know the case
    } else {
      qb.where('f.organizationId = :org', { org: viewer.organizationId });
    }
    if (f.dueBefore) qb.andWhere('f.dueAt < :dueBefore', { dueBefore: f.dueBefore });
    if (f.overdue) qb.andWhere("f.status = 'PENDING' AND f.dueAt < :now", { now: this.clock.now() });
    if (f.assignedToMe) qb.andWhere('f.assigneeId = :me', { me: viewer.id });
    if (f.kind) qb.andWhere('f.kind = :kind', { kind: f.kind });
    if (f.status) qb.andWhere('f.status = :status', { status: f.status });
    if (f.caseId) qb.andWhere('f.caseId = :caseId', { caseId: f.caseId });
    if (f.referralId) qb.andWhere('f.referralId = :referralId', { referralId: f.referralId });
    const [rows, total] = await qb.orderBy('f.dueAt', 'ASC').addOrderBy('f.id', 'ASC').skip(window.offset).take(window.limit).getManyAndCount();
    const clients = await this.clientsOf(viewer, rows);
    return toConnection(rows.map((r) => this.shape(viewer, r, clients.get(r.caseId) ?? null)), total, window);
  }

  async toType(viewer: Viewer, f: FollowUpEntity): Promise<FollowUpType> {
    const clients = await this.clientsOf(viewer, [f]);
    return this.shape(viewer, f, clients.get(f.caseId) ?? null);
  }

  /** Per case manager of the supervisor's organisation: open cases, overdue follow-ups, referrals waiting for an answer. */
  async caseload(viewer: Viewer): Promise<CaseloadEntryType[]> {
    if (!canSeeCaseload(viewer)) throw AppError.forbidden('Only supervisors see the caseload');
    const rows: { id: string; name: string; open_cases: number; overdue: number; waiting: number; oldest: Date | null; unreachable: number }[] = await this.db.query(
      `SELECT u.id, u.name,
              (SELECT count(*)::int FROM client_case k WHERE k.case_manager_id = u.id AND k.stage <> 'CLOSED') AS open_cases,
              (SELECT count(*)::int FROM client_case k WHERE k.case_manager_id = u.id AND k.stage <> 'CLOSED' AND k.unreachable_since IS NOT NULL) AS unreachable,
              (SELECT count(*)::int FROM follow_up f WHERE f.assignee_id = u.id AND f.status = 'PENDING' AND f.due_at < $2) AS overdue,
              w.waiting, w.oldest
         FROM user_account u
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS waiting, min(r.sent_at) AS oldest
             FROM referral r JOIN client_case k ON k.id = r.case_id
            WHERE k.case_manager_id = u.id AND r.status = 'SENT') w
        WHERE u.organization_id = $1 AND u.active AND u.role IN ('CASE_MANAGER', 'SUPERVISOR')
        ORDER BY overdue DESC, open_cases DESC, u.name`,
      [viewer.organizationId, this.clock.now()],
    );
    return rows.map((r) => ({
      caseManagerId: r.id, name: r.name, openCases: r.open_cases, overdueFollowUps: r.overdue, referralsAwaitingAnswer: r.waiting,
      oldestWaitingSince: r.oldest, unreachableCases: r.unreachable,
    }));
  }

  /** The clients of the case side's client-contact tasks, for their contact plan (one query). */
  private async clientsOf(viewer: Viewer, rows: FollowUpEntity[]): Promise<Map<string, ClientEntity>> {
    const caseIds = [...new Set(rows.filter((r) => r.contactTarget === 'CLIENT' && sideOf(viewer, r) === 'CASE_MANAGER').map((r) => r.caseId))];
    if (!caseIds.length) return new Map();
    const found: (ClientEntity & { caseId: string })[] = await this.db.query(
      `SELECT k.id AS "caseId", c.contact_preference AS "contactPreference", c.safe_contact AS "safeContact", c.safe_contact_note AS "safeContactNote", c.phone
         FROM client_case k JOIN client c ON c.id = k.client_id WHERE k.id = ANY($1::uuid[])`,
      [caseIds],
    );
    return new Map(found.map((c) => [c.caseId, c]));
  }

  private shape(viewer: Viewer, f: FollowUpEntity, client: Pick<ClientEntity, 'contactPreference' | 'safeContact' | 'safeContactNote' | 'phone'> | null): FollowUpType {
    const caseSide = sideOf(viewer, f) === 'CASE_MANAGER';
    return {
      id: f.id, kind: f.kind, status: f.status, contactTarget: f.contactTarget, dueAt: f.dueAt, sequence: f.sequence, attempts: f.attempts,
      caseId: caseSide ? f.caseId : null, referralId: f.referralId, assigneeId: caseSide ? f.assigneeId : null,
      providerOrganizationId: f.providerOrganizationId, channel: f.channel, reached: f.reached, result: f.result,
      notes: caseSide || f.channel === 'PARTNER_IN_RUJUK' ? f.notes : null, reassessmentInstrument: caseSide ? f.reassessmentInstrument : null,
      question: providerQuestion(f.kind), statusReason: f.statusReason,
      contactPlan: caseSide && client ? contactPlan({ ...client, hasPhone: !!client.phone }) : null,
      escalatedAt: caseSide ? f.escalatedAt : null, completedAt: f.completedAt, version: f.version,
    };
  }
}
