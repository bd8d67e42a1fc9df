import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import type { Viewer } from '../common/viewer';
import { ReferralLifecycleService, TransitionRequest } from './referral-lifecycle.service';
import { ReferralReadsService } from './referral-reads.service';
import type { ReferralStatus } from './referral-state';
import { ReferralEntity } from './referral.entity';
import { canUseInbox } from './referral.policy';
import type { SharedClientType } from './referrals.types';

/**
 * The referrals feature's door for exchanging referrals with partners' own systems (FHIR): the receiving
 * organisation's referrals, one referral as a party sees it, the client as consent lets the viewer see them
 * (the same projection and read audit as the partner inbox), and transitions through the same lifecycle as
 * GraphQL (rules, version check, events, audit, outbox).
 */
@Injectable()
export class ReferralExchangeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reads: ReferralReadsService,
    private readonly lifecycle: ReferralLifecycleService,
  ) {}

  /** Referrals addressed to the viewer's organisation (never drafts), oldest sent first, optionally of some statuses. */
  async received(viewer: Viewer, opts: { statuses?: ReferralStatus[]; offset: number; limit: number }): Promise<{ rows: ReferralEntity[]; total: number }> {
    if (!canUseInbox(viewer)) throw AppError.forbidden('The inbox is for staff of a receiving organisation');
    const qb = this.db.getRepository(ReferralEntity).createQueryBuilder('r')
      .where('r.to_organization_id = :org', { org: viewer.organizationId })
      .andWhere("r.status <> 'DRAFT'");
    if (opts.statuses) qb.andWhere('r.status IN (:...statuses)', { statuses: opts.statuses.length ? opts.statuses : ['-'] });
    const [rows, total] = await qb.orderBy('r.sentAt', 'ASC').addOrderBy('r.id', 'ASC').skip(opts.offset).take(opts.limit).getManyAndCount();
    return { rows, total };
  }

  /** A referral the viewer is party to (NOT_FOUND otherwise, not a hint that it exists). */
  require(viewer: Viewer, id: string): Promise<ReferralEntity> {
    return this.reads.require(viewer, id);
  }

  /** The client as the viewer may see them on this referral (consent-scoped; every read audited). */
  sharedClient(viewer: Viewer, r: ReferralEntity): Promise<SharedClientType> {
    return this.reads.sharedClient(viewer, r);
  }

  /** A transition asked for by the viewer, exactly as the GraphQL mutations apply it. */
  apply(viewer: Viewer, req: TransitionRequest): Promise<ReferralEntity> {
    return this.lifecycle.apply(viewer, req);
  }
}
