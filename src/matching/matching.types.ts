import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsLatitude, IsLongitude, IsOptional, IsString, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { PriorityEnum } from '../cases/cases.types';
import { IsBirthDate } from '../common/dates';
import { LocationType, ServiceType, SexEnum, type Sex } from '../directory/directory.types';

@InputType()
export class ClientProfileInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsBirthDate() birthDate?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(150) age?: number;
  @Field(() => SexEnum, { nullable: true }) @IsOptional() @IsIn(Object.values(SexEnum)) sex?: Sex;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() regionCode?: string;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsLatitude({ message: 'must be a latitude between -90 and 90' }) latitude?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsLongitude({ message: 'must be a longitude between -180 and 180' }) longitude?: number;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(10) @IsString({ each: true }) languages?: string[];
}

@InputType()
export class MatchInput {
  @Field(() => ID, { nullable: true, description: "Match for a need, using its client's age, sex, place and languages" })
  @IsOptional() @IsUUID() needId?: string;
  @Field(() => ClientProfileInput, { nullable: true, description: 'Or an ad-hoc profile (with needCategory)' })
  @IsOptional() @ValidateNested() @Type(() => ClientProfileInput) profile?: ClientProfileInput;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() needCategory?: string;
  @Field(() => [String], { nullable: true, description: "What help is needed (service type codes); default: the need's, or the category's defaults" })
  @IsOptional() @ArrayMaxSize(30) @IsString({ each: true }) serviceTypes?: string[];
  @Field(() => PriorityEnum, { nullable: true, description: "Default: the need's case priority; EMERGENCY ranks services open now first" }) @IsOptional() @IsIn(Object.values(PriorityEnum)) urgency?: keyof typeof PriorityEnum;
  @Field(() => Int, { nullable: true, description: 'Default 20, at most 100' }) @IsOptional() @IsInt() @Min(1) @Max(100) limit?: number;
}

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
