import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Connection, PageArgs } from '../common/connection';
import { enumOf } from '../common/enum-of';
import { DeclineReasonEnum, OutcomeEnum } from '../referrals/referrals.types';
import { GAP_LEVELS, GAP_REASONS } from './gap-level';

export const GapLevelEnum = enumOf(GAP_LEVELS);
registerEnumType(GapLevelEnum, { name: 'GapLevel', description: 'How badly the network fails a cell (docs/gaps.md)' });
export const GapReasonEnum = enumOf(GAP_REASONS);
registerEnumType(GapReasonEnum, { name: 'GapReason', description: 'The rule that gave the gap level' });
export const GAP_REGION_LEVELS = ['REGENCY', 'PROVINCE', 'NETWORK'] as const;
export const GapRegionLevelEnum = enumOf(GAP_REGION_LEVELS);
registerEnumType(GapRegionLevelEnum, { name: 'GapRegionLevel' });
export const GAP_RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export const GapRunStatusEnum = enumOf(GAP_RUN_STATUSES);
registerEnumType(GapRunStatusEnum, { name: 'GapAnalysisStatus' });

const REGION = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

@ObjectType('GapCount', { description: 'A count of needs or referrals; 1 to 4 are shown as "<5" (value null) unless you may see them exactly' })
export class GapCountType {
  @Field(() => Int, { nullable: true, description: 'Null when hidden' }) value: number | null;
  @Field({ description: 'The number, or "<5"' }) display: string;
}

@ObjectType('GapAnalysisRun', { description: 'One gap analysis of a scope; its snapshot never changes once SUCCEEDED' })
export class GapAnalysisRunType {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true, description: 'Province or regency analysed; null for the whole network' }) regionCode: string | null;
  @Field(() => GapRunStatusEnum) status: string;
  @Field(() => Int, { description: 'Days of needs and referrals looked at, up to the run time' }) windowDays: number;
  @Field() requestedAt: Date;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'The instant the snapshot describes' }) asOf: Date | null;
  @Field(() => Int, { nullable: true }) cellCount: number | null;
  @Field(() => String, { nullable: true }) error: string | null;
}

@ObjectType('ServiceGap', { description: 'A region x need category x service type of one snapshot: counts only, no client data' })
export class ServiceGapType {
  @Field(() => ID) runId: string;
  @Field() asOf: Date;
  @Field(() => GapRegionLevelEnum) level: string;
  @Field(() => String, { nullable: true, description: 'Null for the whole network' }) regionCode: string | null;
  @Field(() => String, { nullable: true }) regionName: string | null;
  @Field() needCategory: string;
  @Field() serviceType: string;
  @Field(() => GapLevelEnum) gapLevel: string;
  @Field(() => GapReasonEnum) gapReason: string;
  @Field(() => GapCountType, { description: 'Needs open at the run or opened in the window' }) needs: GapCountType;
  @Field(() => GapCountType, { description: 'Of those, still open (OPEN or REFERRED)' }) openNeeds: GapCountType;
  @Field(() => GapCountType, { description: 'Of those, the ones whose last match found no eligible service' }) unmatchedNeeds: GapCountType;
  @Field(() => GapCountType, { description: 'Referrals sent in the window' }) referralsSent: GapCountType;
  @Field(() => GapCountType) accepted: GapCountType;
  @Field(() => GapCountType) declined: GapCountType;
  @Field(() => GapCountType, { description: 'Declined for NO_CAPACITY, NOT_ELIGIBLE, OUTSIDE_SERVICE_AREA or SERVICE_NOT_OFFERED' }) supplyDeclines: GapCountType;
  @Field(() => GapCountType, { description: 'Declined for NO_CAPACITY' }) capacityDeclines: GapCountType;
  @Field(() => GapCountType, { description: 'Expired unanswered' }) expired: GapCountType;
  @Field(() => Int, { description: 'Active services taking referrals covering the region (or part of it)' }) coveringServices: number;
  @Field(() => Int, { nullable: true, description: 'Their available capacity; null when none reports it' }) capacityAvailable: number | null;
  @Field(() => Int, { nullable: true }) capacityMaximum: number | null;
  @Field(() => Float, { nullable: true, description: 'Accepted / (accepted + declined + expired); null when none, or hidden' }) acceptanceRate: number | null;
  @Field(() => Float, { nullable: true, description: 'Hours from sending to acceptance; null when none, or hidden' }) medianHoursToAccept: number | null;
  @Field(() => Float, { nullable: true }) p90HoursToAccept: number | null;
}

export const ServiceGapConnection = Connection(ServiceGapType, 'ServiceGap');
export type ServiceGapConnection = InstanceType<typeof ServiceGapConnection>;

@InputType()
export class ServiceGapFilter {
  @Field(() => ID, { nullable: true, description: 'The run to read; the latest finished run covering the region when absent' })
  @IsOptional() @IsUUID() runId?: string;
  @Field({ nullable: true, description: 'Cells of this region and below it' })
  @IsOptional() @Matches(REGION, { message: 'must be a region code' }) regionCode?: string;
  @Field(() => GapRegionLevelEnum, { nullable: true }) @IsOptional() @IsIn(GAP_REGION_LEVELS) level?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(64) needCategory?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(64) serviceType?: string;
  @Field(() => [GapLevelEnum], { nullable: true })
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsOptional() @ArrayMaxSize(4) @IsIn(GAP_LEVELS, { each: true }) gapLevels?: string[];
}

@ArgsType()
export class ServiceGapsArgs extends PageArgs {
  @Field(() => ServiceGapFilter, { nullable: true })
  @IsOptional() @ValidateNested() @Type(() => ServiceGapFilter) filter?: ServiceGapFilter;
}

@ArgsType()
export class GapTrendArgs {
  @Field() @Matches(REGION, { message: 'must be a region code' }) regionCode: string;
  @Field() @IsString() @MaxLength(64) needCategory: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(64) serviceType?: string;
  @Field(() => Int, { nullable: true, description: 'At most 100 points, the latest (default 30)' })
  @IsOptional() @IsInt() @Min(1) @Max(100) last?: number;
}

@ArgsType()
export class RunGapAnalysisArgs {
  @Field({ nullable: true, description: 'A province or regency; the whole network when absent' })
  @IsOptional() @Matches(/^\d{2}(\.\d{2})?$/, { message: 'must be a province or regency code' }) regionCode?: string;
}

@InputType()
export class NetworkMetricsInput {
  @Field({ nullable: true, description: 'Referrals sent from (inclusive); 90 days before `to` when absent' })
  @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @Field({ nullable: true, description: 'Referrals sent before (exclusive); now when absent' })
  @IsOptional() @Type(() => Date) @IsDate() to?: Date;
  @Field({ nullable: true, description: "Clients' region; your region when absent" })
  @IsOptional() @Matches(REGION, { message: 'must be a region code' }) regionCode?: string;
  @Field(() => Int, { nullable: true, description: 'The busiest organisations and services listed, at most 100 (default 20)' })
  @IsOptional() @IsInt() @Min(1) @Max(100) first?: number;
}

@ObjectType('DeclineCount')
export class DeclineCountType {
  @Field(() => DeclineReasonEnum) reason: string;
  @Field(() => GapCountType) count: GapCountType;
}

@ObjectType('OutcomeCount')
export class OutcomeCountType {
  @Field(() => OutcomeEnum) outcome: string;
  @Field(() => GapCountType) count: GapCountType;
}

@ObjectType('ReferralMetrics', { description: 'How referrals sent in the window fared: the network, one organisation or one service' })
export class ReferralMetricsType {
  @Field(() => ID, { nullable: true }) organizationId: string | null;
  @Field(() => String, { nullable: true }) organizationName: string | null;
  @Field(() => ID, { nullable: true }) serviceId: string | null;
  @Field(() => String, { nullable: true }) serviceName: string | null;
  @Field(() => GapCountType) sent: GapCountType;
  @Field(() => GapCountType) accepted: GapCountType;
  @Field(() => GapCountType) declined: GapCountType;
  @Field(() => [DeclineCountType]) declinedByReason: DeclineCountType[];
  @Field(() => GapCountType, { description: 'Expired unanswered' }) expired: GapCountType;
  @Field(() => GapCountType, { description: 'Still waiting for an answer' }) pending: GapCountType;
  @Field(() => GapCountType) completed: GapCountType;
  @Field(() => [OutcomeCountType]) completedByOutcome: OutcomeCountType[];
  @Field(() => Float, { nullable: true, description: 'Accepted / (accepted + declined + expired)' }) acceptanceRate: number | null;
  @Field(() => Float, { nullable: true }) medianHoursToAccept: number | null;
  @Field(() => Float, { nullable: true }) p90HoursToAccept: number | null;
}

@ObjectType('NetworkMetrics')
export class NetworkMetricsType {
  @Field() from: Date;
  @Field() to: Date;
  @Field(() => String, { nullable: true, description: 'The region read; null for the whole network' }) regionCode: string | null;
  @Field(() => ReferralMetricsType) total: ReferralMetricsType;
  @Field(() => [ReferralMetricsType], { description: 'Receiving organisations, busiest first' }) organizations: ReferralMetricsType[];
  @Field(() => [ReferralMetricsType], { description: 'Receiving services, busiest first' }) services: ReferralMetricsType[];
}

const LANGS = ['id', 'en'] as const;

/** The query of /reports/gaps.csv: the serviceGaps filter, and the language of the headers. */
export class GapsCsvQuery extends ServiceGapFilter {
  @IsOptional() @IsIn(LANGS) lang?: 'id' | 'en';
}

/** The query of /reports/referrals.csv: the networkMetrics window and region, and the language of the headers. */
export class ReferralsCsvQuery extends NetworkMetricsInput {
  @IsOptional() @IsIn(LANGS) lang?: 'id' | 'en';
}
