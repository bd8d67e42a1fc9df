import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { AppError } from '../common/app-error';
import { CHANNELS, EventBus, PUB_SUB } from '../redis/pubsub';
import { DirectoryReadsService } from '../directory/directory-reads.service';
import { OrganizationType, ServiceType } from '../directory/directory.types';
import { toOrganizationType, toServiceType } from '../directory/directory.mappers';
import { OrganizationsService } from '../directory/organizations.service';
import type { ResolverContext } from '../common/request-loaders';
import { CurrentUser, viewerOf } from '../common/current-user.decorator';
import type { Viewer } from '../common/viewer';
import { liveSubscriber, SubscriberRequest } from '../common/subscriber-sessions';
import { MatchCandidateType } from '../matching/matching.types';
import { requestLocale } from '../common/locale';
import { ReferralLifecycleService, TransitionRequest } from './referral-lifecycle.service';
import { ReferralReadsService } from './referral-reads.service';
import { DeclineReason, Outcome, ReferralAction } from './referral-state';
import { ReferralEntity } from './referral.entity';
import {
  AcceptReferralInput, CompleteReferralInput, CreateReferralInput, DeclineReferralInput, InboxArgs, RedirectReferralInput,
  ReferralConnection, ReferralEventType, ReferralsArgs, ReferralType, SendReferralInput, SharedClientType, TransitionReferralInput,
} from './referrals.types';

type Req = { headers: Record<string, string | undefined> };

@Resolver(() => ReferralType)
export class ReferralsResolver {
  constructor(
    private readonly lifecycle: ReferralLifecycleService,
    private readonly reads: ReferralReadsService,
    private readonly directory: DirectoryReadsService,
    private readonly organizations: OrganizationsService,
    @Inject(PUB_SUB) private readonly bus: EventBus,
  ) {}

  @Query(() => ReferralType)
  async referral(@CurrentUser() v: Viewer, @Args('id', { type: () => ID }) id: string): Promise<ReferralType> {
    return this.reads.toType(await this.reads.require(v, id), v);
  }

  @Query(() => ReferralConnection, { description: "The receiving organisation's referrals" })
  referralInbox(@CurrentUser() v: Viewer, @Args() args: InboxArgs): Promise<ReferralConnection> {
    return this.reads.inbox(v, args);
  }

  @Query(() => ReferralConnection, { description: "The sending organisation's referrals" })
  referrals(@CurrentUser() v: Viewer, @Args() args: ReferralsArgs): Promise<ReferralConnection> {
    return this.reads.list(v, args);
  }

  @Mutation(() => ReferralType)
  async createReferral(@CurrentUser() v: Viewer, @Args('input') input: CreateReferralInput): Promise<ReferralType> {
    return this.reads.toType(await this.lifecycle.create(v, input), v);
  }

  private async act(v: Viewer, action: ReferralAction, input: TransitionReferralInput, extra: Partial<TransitionRequest> = {}): Promise<ReferralType> {
    const r = await this.lifecycle.apply(v, { referralId: input.referralId, action, expectedVersion: input.expectedVersion, reason: input.reason, ...extra });
    return this.reads.toType(r, v);
  }

  @Mutation(() => ReferralType)
  sendReferral(@CurrentUser() v: Viewer, @Args('input') input: SendReferralInput) {
    return this.act(v, 'send', input, { withoutIdentifyingData: input.withoutIdentifyingData ?? null });
  }

  @Mutation(() => ReferralType, { description: 'The receiving organisation opened the referral (sets viewedAt)' })
  async viewReferral(@CurrentUser() v: Viewer, @Args('id', { type: () => ID }) id: string): Promise<ReferralType> {
    return this.reads.toType(await this.lifecycle.markViewed(v, id), v);
  }

  @Mutation(() => ReferralType)
  acceptReferral(@CurrentUser() v: Viewer, @Args('input') input: AcceptReferralInput) {
    return this.act(v, 'accept', input, { appointmentAt: input.appointmentAt ?? null });
  }

  @Mutation(() => ReferralType)
  declineReferral(@CurrentUser() v: Viewer, @Args('input') input: DeclineReferralInput) {
    return this.act(v, 'decline', input, { declineReason: input.declineReason as DeclineReason });
  }

  @Mutation(() => ReferralType)
  startReferral(@CurrentUser() v: Viewer, @Args('input') input: TransitionReferralInput) {
    return this.act(v, 'start', input);
  }

  @Mutation(() => ReferralType)
  holdReferral(@CurrentUser() v: Viewer, @Args('input') input: TransitionReferralInput) {
    return this.act(v, 'hold', input);
  }

  @Mutation(() => ReferralType)
  completeReferral(@CurrentUser() v: Viewer, @Args('input') input: CompleteReferralInput) {
    return this.act(v, 'complete', input, { outcome: input.outcome as Outcome });
  }

  @Mutation(() => ReferralType)
  failReferral(@CurrentUser() v: Viewer, @Args('input') input: TransitionReferralInput) {
    return this.act(v, 'fail', input);
  }

  @Mutation(() => ReferralType)
  cancelReferral(@CurrentUser() v: Viewer, @Args('input') input: TransitionReferralInput) {
    return this.act(v, 'cancel', input);
  }

  @Mutation(() => ReferralType, { description: 'Send the need to another provider instead (attempt + 1, linked to this one)' })
  async redirectReferral(@CurrentUser() v: Viewer, @Args('input') input: RedirectReferralInput): Promise<ReferralType> {
    return this.reads.toType(await this.lifecycle.redirect(v, input), v);
  }

  @Subscription(() => ReferralType, {
    description: "Changes to referrals of the caller's organisation (sent or received), or of one case",
    // Per event, as the subscriber is now (deactivated: the socket closes) and under the rules a query applies.
    async resolve(this: ReferralsResolver, e: { referralId: string }, _args: unknown, ctx: { req?: SubscriberRequest }) {
      const viewer = await liveSubscriber(ctx);
      return this.reads.toType(await this.reads.require(viewer, e.referralId), viewer);
    },
  })
  async referralUpdated(@CurrentUser() v: Viewer, @Args('caseId', { type: () => ID, nullable: true }) caseId?: string): Promise<AsyncIterableIterator<unknown>> {
    if (caseId) {
      await this.reads.assertCaseReachable(v, caseId);
      return this.bus.subscribe(CHANNELS.caseReferrals(caseId));
    }
    if (!v.organizationId) throw AppError.forbidden('Subscribe with a caseId, or as a member of an organisation');
    return this.bus.subscribe(CHANNELS.organizationReferrals(v.organizationId));
  }

  /** The referral's row, batched across a list (the type was built from it for this viewer, who may see it). */
  private async entity(req: ResolverContext['req'], r: ReferralType): Promise<ReferralEntity> {
    const row = await this.reads.visibleLoader(req, viewerOf(req)).load(r.id);
    if (!row) throw AppError.notFound('Referral', r.id);
    return row;
  }

  // Field resolvers in graphql-js's signature, no parameter decorators (see ResolverContext).
  @ResolveField('client', () => SharedClientType, { description: 'Only the data categories the client consented to share for this referral' })
  async sharedClient(r: ReferralType, _args: unknown, { req }: ResolverContext): Promise<SharedClientType> {
    return this.reads.sharedClient(viewerOf(req), await this.entity(req, r));
  }

  @ResolveField(() => [ReferralEventType])
  events(r: ReferralType, _args: unknown, { req }: ResolverContext): Promise<ReferralEventType[]> {
    return this.reads.events(req, viewerOf(req), r);
  }

  @ResolveField(() => ServiceType)
  async service(r: ReferralType, _args: unknown, { req }: ResolverContext): Promise<ServiceType> {
    const row = await this.directory.serviceLoader(req).load(r.serviceId);
    return toServiceType(row!);
  }

  @ResolveField(() => OrganizationType)
  async toOrganization(r: ReferralType, _args: unknown, { req }: ResolverContext): Promise<OrganizationType> {
    const o = await this.organizations.loader(req).load(r.toOrganizationId);
    return toOrganizationType(o!);
  }

  @ResolveField(() => ReferralType, { nullable: true })
  async previous(r: ReferralType, _args: unknown, { req }: ResolverContext): Promise<ReferralType | null> {
    if (!r.previousId) return null;
    // The attempt before may have gone to another organisation: a receiver sees only its own.
    return this.visible(req, r.previousId);
  }

  @ResolveField(() => ReferralType, { nullable: true, description: 'The attempt re-routed from this one (redirected, or sent on by the system), if the viewer may see it' })
  async next(r: ReferralType, _args: unknown, { req }: ResolverContext): Promise<ReferralType | null> {
    const nextId = await this.reads.nextIdLoader(req).load(r.id);
    return nextId ? this.visible(req, nextId) : null;
  }

  /** The referral as the viewer sees it, or null when it is not theirs to see (e.g. another receiver's attempt). */
  private async visible(req: ResolverContext['req'], id: string): Promise<ReferralType | null> {
    const v = viewerOf(req);
    const r = await this.reads.visibleLoader(req, v).load(id);
    return r ? this.reads.toType(r, v) : null;
  }

  @ResolveField(() => MatchCandidateType, { nullable: true })
  async suggestedNext(r: ReferralType, _args: unknown, { req }: ResolverContext & { req: Req }): Promise<MatchCandidateType | null> {
    if (!r.suggestedNextServiceId) return null;
    return this.reads.suggestedNext(await this.entity(req, r), requestLocale(req));
  }
}
