import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { LocationType, ServiceType } from '../directory/directory.types';

@ObjectType('ScoreComponent')
export class ScoreComponentType {
  @Field() name: string;
  @Field(() => Float, { description: '0..1 (a penalty is negative)' }) value: number;
  @Field(() => Float) weight: number;
}

@ObjectType('MatchReason', { description: 'Why a service ranks where it does: a stable code and its text in the request language' })
export class MatchReasonType {
  @Field({ description: 'Stable code, e.g. DISTANCE, CAPACITY_AVAILABLE, OPEN_NOW' }) code: string;
  @Field({ description: 'Indonesian by default, English with Accept-Language: en' }) text: string;
}

@ObjectType('MatchCriterion', { description: 'A hard criterion a near miss failed: its stable code and a label in the request language' })
export class MatchCriterionType {
  @Field({ description: 'CATEGORY_NOT_SERVED, OUTSIDE_SERVICE_AREA, SERVICE_TYPE_NOT_OFFERED, ...' }) code: string;
  @Field({ description: 'Indonesian by default, English with Accept-Language: en' }) label: string;
}

@ObjectType('MatchCandidate')
export class MatchCandidateType {
  @Field(() => ServiceType) service: ServiceType;
  @Field(() => LocationType, { nullable: true }) location: LocationType | null;
  @Field(() => Float) score: number;
  @Field(() => Float, { nullable: true }) distanceKm: number | null;
  @Field(() => [String], { description: 'The reasons in words, in the request language (Indonesian by default)' }) reasons: string[];
  @Field(() => [MatchReasonType], { description: 'The same reasons with their codes' }) reasonDetails: MatchReasonType[];
  @Field(() => [ScoreComponentType]) components: ScoreComponentType[];
}

@ObjectType('ExcludedCandidate')
export class ExcludedCandidateType {
  @Field(() => ServiceType) service: ServiceType;
  @Field(() => [String], { description: 'Codes: CATEGORY_NOT_SERVED, OUTSIDE_SERVICE_AREA, BELOW_MINIMUM_AGE, SERVICE_TYPE_NOT_OFFERED, ...' }) failedCriteria: string[];
  @Field(() => [MatchCriterionType], { description: 'The failed criteria with their labels in the request language' }) criteria: MatchCriterionType[];
  @Field(() => [String], { description: 'The failed criteria in words, in the request language (Indonesian by default)' }) reasons: string[];
}

@ObjectType('MatchResult')
export class MatchResultType {
  @Field(() => ID) runId: string;
  @Field(() => [MatchCandidateType]) candidates: MatchCandidateType[];
  @Field(() => [ExcludedCandidateType]) excluded: ExcludedCandidateType[];
}
