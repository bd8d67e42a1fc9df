import { ResolveField, Resolver } from '@nestjs/graphql';
import { CaseType } from '../cases/cases.types';
import { defineLoader, groupByKeys, requestLoader, ResolverContext } from '../common/request-loaders';
import { viewerOf } from '../common/current-user.decorator';
import { ReferralReadsService } from './referral-reads.service';
import type { ReferralEntity } from './referral.entity';
import { ReferralType } from './referrals.types';

const CASE_REFERRALS = defineLoader<string, ReferralEntity[]>('caseReferrals');

/** `Case.referrals`: the referrals module adds the field, so the cases module does not depend on it. */
@Resolver(() => CaseType)
export class CaseReferralsResolver {
  constructor(private readonly reads: ReferralReadsService) {}

  // graphql-js's signature, no parameter decorators (see ResolverContext).
  @ResolveField('referrals', () => [ReferralType], { description: "The case's referrals, every attempt, oldest first" })
  async referrals(c: CaseType, _args: unknown, { req }: ResolverContext): Promise<ReferralType[]> {
    const v = viewerOf(req);
    const rows = await requestLoader(req, CASE_REFERRALS, async (ids) =>
      groupByKeys(ids, await this.reads.ofCases(v, ids), (r) => r.caseId),
    ).load(c.id);
    return rows.map((r) => this.reads.toType(r, v));
  }
}
