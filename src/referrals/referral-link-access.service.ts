import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, LinkActor } from '../audit/audit.service';
import { CaseAccessService } from '../cases/case-access.service';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { actorInRequest, requestContextOf } from '../common/request-context';
import { OrganizationsService } from '../directory/organizations.service';
import { ServiceRowsService } from '../directory/service-rows.service';
import { RateLimitService } from '../identity/rate-limit.service';
import { ReferralLifecycleService } from './referral-lifecycle.service';
import { ReferralLinkRow, ReferralLinksService } from './referral-links.service';
import { ReferralReadsService } from './referral-reads.service';
import type { DeclineReason } from './referral-state';
import { ReferralEntity } from './referral.entity';
import type { ReferralLinkViewType } from './referral-link.types';

type Use = 'view' | 'accept' | 'decline';

/** One answer for every unusable token: it does not say whether it was unknown, revoked, expired or used. */
function invalidLink(): AppError {
  return new AppError(ErrorCode.REFERRAL_LINK_INVALID, 'This referral link is not valid: it may have expired, been answered or been withdrawn');
}

/**
 * What a receiving organisation without an account does with its single-referral link: see the referral (the
 * need and only the consented client data) and accept or decline it, nothing else. Each use is rate-limited per
 * client address, and audited with the link as the actor (view, accept, decline, and a refused use of a
 * genuine token); an unknown token counts against the address. The answer runs the same transition as
 * acceptReferral/declineReferral (ReferralLifecycleService.applyByLink).
 */
@Injectable()
export class ReferralLinkAccessService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly links: ReferralLinksService,
    private readonly lifecycle: ReferralLifecycleService,
    private readonly reads: ReferralReadsService,
    private readonly cases: CaseAccessService,
    private readonly services: ServiceRowsService,
    private readonly organizations: OrganizationsService,
    private readonly limits: RateLimitService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** `request`: the HTTP request of the visit (its client address is rate-limited and audited). */
  async view(token: string, request: unknown): Promise<ReferralLinkViewType> {
    const address = await this.guard(request);
    const r = await this.db.transaction(async (tx) => {
      const found = await this.usable(tx, token, 'view', true);
      if ('refused' in found) return found;
      // Opening the referral through its link is the receiver viewing it (viewedAt, once).
      if (!found.r.viewedAt) {
        found.r.viewedAt = this.clock.now();
        await tx.query(`UPDATE referral SET viewed_at = $2 WHERE id = $1 AND viewed_at IS NULL`, [found.r.id, found.r.viewedAt]);
      }
      await this.audit.record(tx, actorOf(found.link, request), { action: 'REFERRAL_LINK_VIEWED', entityType: 'Referral', entityId: found.r.id, entityOrganizationId: found.r.fromOrganizationId, details: { linkId: found.link.id } });
      return found;
    });
    if ('refused' in r) throw await this.refuse(r.refused, 'view', address, request);
    return this.toView(r.r, actorOf(r.link, request));
  }

  async accept(token: string, input: { appointmentAt?: Date | null; note?: string | null }, request: unknown): Promise<ReferralLinkViewType> {
    return this.answer(token, 'accept', { appointmentAt: input.appointmentAt ?? null, reason: input.note ?? null }, request);
  }

  async decline(token: string, input: { declineReason: string; note?: string | null }, request: unknown): Promise<ReferralLinkViewType> {
    return this.answer(token, 'decline', { declineReason: input.declineReason as DeclineReason, reason: input.note ?? null }, request);
  }

  private async answer(
    token: string, action: 'accept' | 'decline', req: { appointmentAt?: Date | null; declineReason?: DeclineReason; reason: string | null }, request: unknown,
  ): Promise<ReferralLinkViewType> {
    const address = await this.guard(request);
    const done = await this.db.transaction(async (tx) => {
      const found = await this.usable(tx, token, action, true);
      if ('refused' in found) return found;
      const applied = await this.lifecycle.applyByLink(tx, found.link, found.r, { referralId: found.r.id, action, ...req }, request);
      return { r: applied, link: found.link };
    });
    if ('refused' in done) throw await this.refuse(done.refused, action, address, request);
    return this.toView(done.r, actorOf(done.link, request));
  }

  /** The rate limit per client address; the address. */
  private async guard(request: unknown): Promise<string | null> {
    const address = requestContextOf(request)?.clientAddress ?? null;
    await this.limits.assertLinkAllowed(address);
    return address;
  }

  /**
   * The link and its referral (both locked when `lock`), if the link may be used now: not revoked, before its
   * deadline, the referral still waiting for an answer (SENT) and still addressed to the link's organisation.
   * Otherwise what was refused: the link when the token was genuine, null when it was not.
   */
  private async usable(tx: EntityManager, token: string, _use: Use, lock: boolean): Promise<{ link: ReferralLinkRow; r: ReferralEntity } | { refused: ReferralLinkRow | null }> {
    const found = await this.links.find(tx, token, lock);
    if (!found) return { refused: null };
    const r = await tx.getRepository(ReferralEntity).findOne({ where: { id: found.link.referralId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!r || !found.usable || r.status !== 'SENT' || r.toOrganizationId !== found.link.organizationId) return { refused: found.link };
    return { link: found.link, r };
  }

  /** Audits a refused use of a genuine token (on its own: the use wrote nothing), counts it, and gives the one refusal. */
  private async refuse(link: ReferralLinkRow | null, use: Use, address: string | null, request: unknown): Promise<AppError> {
    await this.limits.recordLinkFailure(address);
    if (link) {
      await this.audit.record(this.db.manager, actorOf(link, request), {
        action: 'REFERRAL_LINK_REFUSED', entityType: 'Referral', entityId: link.referralId, details: { linkId: link.id, use },
      });
    }
    return invalidLink();
  }

  private async toView(r: ReferralEntity, actor: LinkActor): Promise<ReferralLinkViewType> {
    const m = this.db.manager;
    const [client, need, [service], orgs] = await Promise.all([
      this.reads.sharedClient(actor, r),
      this.cases.need(m, r.needId),
      this.services.load(m, [r.serviceId]),
      this.organizations.byIds([r.toOrganizationId, r.fromOrganizationId]),
    ]);
    const party = (id: string) => ({ id, name: orgs.find((o) => o.id === id)?.name ?? '' });
    return {
      id: r.id, status: r.status, urgency: r.urgency, acceptBy: r.acceptBy, appointmentAt: r.appointmentAt, declineReason: r.declineReason, note: r.note,
      need: {
        category: need?.category ?? '', serviceTypes: need?.serviceTypes ?? [], severity: need?.severity ?? '',
        description: client.need?.description ?? null,
      },
      toOrganization: party(r.toOrganizationId),
      service: { id: r.serviceId, name: service?.name ?? '' },
      fromOrganization: party(r.fromOrganizationId),
      client,
    };
  }
}

/** The link as the actor of the request it is used in. */
function actorOf(link: ReferralLinkRow, request: unknown): LinkActor {
  return actorInRequest<LinkActor>({ kind: 'LINK', linkId: link.id, organizationId: link.organizationId }, request);
}
