import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Locale } from '../common/locale';
import { localeOfRequest } from '../common/request-context';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { ReferralLinkNeedType } from './referral-link.types';
import { SharedNeedType } from './referrals.types';

/** Names of PMKS categories and service types in a language: the taxonomy's, the code itself when unknown. */
async function names(taxonomy: TaxonomyService, locale: Locale) {
  const [categories, types] = await Promise.all([taxonomy.needCategories(), taxonomy.serviceTypes()]);
  const pick = (x: { nameId: string; nameEn: string } | undefined, code: string) => (x ? (locale === 'en' ? x.nameEn : x.nameId) : code);
  return {
    category: (code: string) => pick(categories.find((c) => c.code === code), code),
    serviceType: (code: string) => pick(types.find((c) => c.code === code), code),
  };
}

const CATEGORY_NAME = "The PMKS category's name in the request's language (Accept-Language; Indonesian by default)";

/** The need a partner sees on a referral (NEEDS_SUMMARY): its category named, not only coded. */
@Resolver(() => SharedNeedType)
export class SharedNeedResolver {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @ResolveField(() => String, { description: CATEGORY_NAME })
  async categoryName(@Parent() n: SharedNeedType, @Context('req') req: unknown): Promise<string> {
    return (await names(this.taxonomy, localeOfRequest(req))).category(n.category);
  }
}

/** The need on a single-referral link: its category and service types named (public taxonomy, nothing more). */
@Resolver(() => ReferralLinkNeedType)
export class ReferralLinkNeedResolver {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @ResolveField(() => String, { description: CATEGORY_NAME })
  async categoryName(@Parent() n: ReferralLinkNeedType, @Context('req') req: unknown): Promise<string> {
    return (await names(this.taxonomy, localeOfRequest(req))).category(n.category);
  }

  @ResolveField(() => [String], { description: "The service types' names, in the order of serviceTypes, in the request's language" })
  async serviceTypeNames(@Parent() n: ReferralLinkNeedType, @Context('req') req: unknown): Promise<string[]> {
    const named = await names(this.taxonomy, localeOfRequest(req));
    return n.serviceTypes.map(named.serviceType);
  }
}
