import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Public } from '../identity/public.decorator';
import { AcceptReferralByLinkInput, DeclineReferralByLinkInput, ReferralLinkViewType } from './referral-link.types';
import { ReferralLinkAccessService } from './referral-link-access.service';

/**
 * The single-referral link's three operations, public (the token is the credential), rate-limited per client
 * address. Any unusable token: REFERRAL_LINK_INVALID.
 */
@Resolver(() => ReferralLinkViewType)
export class ReferralLinksResolver {
  constructor(private readonly access: ReferralLinkAccessService) {}

  @Public()
  @Query(() => ReferralLinkViewType, { description: 'The referral a single-referral link opens (no account needed)' })
  referralLink(@Args('token') token: string, @Context('req') req: unknown): Promise<ReferralLinkViewType> {
    return this.access.view(token, req);
  }

  @Public()
  @Mutation(() => ReferralLinkViewType, { description: 'Accept the referral through its single-referral link' })
  acceptReferralByLink(@Args('token') token: string, @Args('input') input: AcceptReferralByLinkInput, @Context('req') req: unknown): Promise<ReferralLinkViewType> {
    return this.access.accept(token, input, req);
  }

  @Public()
  @Mutation(() => ReferralLinkViewType, { description: 'Decline the referral through its single-referral link' })
  declineReferralByLink(@Args('token') token: string, @Args('input') input: DeclineReferralByLinkInput, @Context('req') req: unknown): Promise<ReferralLinkViewType> {
    return this.access.decline(token, input, req);
  }
}
