import { Args, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { ResolverContext } from '../common/request-loaders';
import { regionAncestry } from './region-code';
import { TaxonomyService } from './taxonomy.service';
import { NeedCategoryType, PartnerKindType, RegionConnection, RegionType, ServiceTypeType } from './taxonomy.types';
import { RegionsArgs } from './dto/taxonomy.inputs';

@Resolver(() => RegionType)
export class TaxonomyResolver {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Query(() => [NeedCategoryType])
  needCategories(): Promise<NeedCategoryType[]> {
    return this.taxonomy.needCategories();
  }

  @Query(() => [ServiceTypeType])
  serviceTypes(): Promise<ServiceTypeType[]> {
    return this.taxonomy.serviceTypes();
  }

  @Query(() => [PartnerKindType])
  partnerKinds(): Promise<PartnerKindType[]> {
    return this.taxonomy.partnerKinds();
  }

  @Query(() => RegionConnection)
  regions(@Args() args: RegionsArgs): Promise<RegionConnection> {
    return this.taxonomy.regions(args);
  }

  @ResolveField(() => [RegionType], { description: 'Province first, excluding the region itself' })
  async ancestors(region: RegionType, _args: unknown, { req }: ResolverContext): Promise<RegionType[]> {
    const loader = this.taxonomy.regionLoader(req);
    const codes = regionAncestry(region.code).slice(0, -1);
    return (await loader.loadMany(codes)).filter((r): r is RegionType => !!r && !(r instanceof Error));
  }
}
