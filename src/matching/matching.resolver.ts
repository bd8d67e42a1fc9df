import { Args, Context, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { CurrentUser } from '../common/current-user.decorator';
import type { Viewer } from '../common/viewer';
import { shownFields } from './matching.fields';
import { MatchingService } from './matching.service';
import { MatchResultType } from './matching.types';
import { MatchInput } from './dto/matching.inputs';
import { requestLocale } from '../common/locale';

@Resolver()
export class MatchingResolver {
  constructor(private readonly matching: MatchingService) {}

  @Query(() => MatchResultType, { description: 'Ranked providers for a need, with reasons; near misses with the criteria they failed' })
  matchServices(
    @CurrentUser() viewer: Viewer,
    @Args('input') input: MatchInput,
    @Context('req') req: { headers: Record<string, string | undefined> },
    @Info() info: GraphQLResolveInfo,
  ): Promise<MatchResultType> {
    return this.matching.match(viewer, input, requestLocale(req), shownFields(info));
  }
}
