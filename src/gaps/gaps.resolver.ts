import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../common/current-user.decorator';
import type { Viewer } from '../common/viewer';
import { GapReadsService } from './gap-reads.service';
import { GapRunsService } from './gap-runs.service';
import {
  GapAnalysisRunType, GapTrendArgs, NetworkMetricsInput, NetworkMetricsType, RunGapAnalysisArgs, ServiceGapConnection,
  ServiceGapsArgs, ServiceGapType,
} from './gaps.types';

@Resolver()
export class GapsResolver {
  constructor(
    private readonly runs: GapRunsService,
    private readonly reads: GapReadsService,
  ) {}

  @Query(() => ServiceGapConnection, { description: 'Cells of a gap snapshot in your region, most severe first' })
  serviceGaps(@CurrentUser() viewer: Viewer, @Args() args: ServiceGapsArgs): Promise<ServiceGapConnection> {
    return this.reads.serviceGaps(viewer, args);
  }

  @Query(() => [ServiceGapType], { description: "One region's cells of a need category across snapshots, oldest first" })
  gapTrend(@CurrentUser() viewer: Viewer, @Args() args: GapTrendArgs): Promise<ServiceGapType[]> {
    return this.reads.gapTrend(viewer, args);
  }

  @Query(() => NetworkMetricsType, { description: 'How referrals sent in a window fared, per organisation and service' })
  networkMetrics(
    @CurrentUser() viewer: Viewer,
    @Args('input', { type: () => NetworkMetricsInput, nullable: true }) input?: NetworkMetricsInput,
  ): Promise<NetworkMetricsType> {
    return this.reads.networkMetrics(viewer, input);
  }

  @Query(() => GapAnalysisRunType)
  gapAnalysisRun(@CurrentUser() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<GapAnalysisRunType> {
    return this.runs.require(viewer, id);
  }

  @Mutation(() => GapAnalysisRunType, { description: 'Starts the gap analysis of a province, a regency or the network, or joins the one pending' })
  runGapAnalysis(@CurrentUser() viewer: Viewer, @Args() args: RunGapAnalysisArgs): Promise<GapAnalysisRunType> {
    return this.runs.request(viewer, args.regionCode ?? null);
  }
}
