import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, IsLatitude, IsLongitude, IsNumber, IsOptional, IsString,
  IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { PageArgs } from '../../common/connection';
import { IsBirthDate, IsRealDate } from '../../common/dates';
import { SexEnum, type Sex } from '../../directory/directory.types';
import {
  CaseStageEnum, ClosureReasonEnum, ConsentCategoryEnum, GoalAttainmentEnum, ConsentMethodEnum, ContactPreferenceEnum, GoalStatusEnum, GoalTermEnum, NeedStatusEnum,
  PriorityEnum, SeverityEnum,
} from '../cases.types';

const PHONE = /^\+?[0-9 ()-]{5,20}$/;

@InputType()
export class HouseholdMemberInput {
  @Field() @IsString() @MinLength(1) @MaxLength(200) fullName: string;
  @Field({ description: 'e.g. SPOUSE, CHILD, PARENT, SIBLING, GRANDPARENT, OTHER' }) @IsString() @MaxLength(50) relationship: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsBirthDate() birthDate?: string;
  @Field(() => SexEnum, { nullable: true }) @IsOptional() @IsIn(Object.values(SexEnum)) sex?: Sex;
}

@InputType()
export class ClientFieldsInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MinLength(2) @MaxLength(200) fullName?: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; or give estimatedAge' }) @IsOptional() @IsBirthDate() birthDate?: string;
  @Field(() => Int, { nullable: true, description: 'When the birth date is unknown' }) @IsOptional() @IsInt() @Min(0) @Max(120) estimatedAge?: number;
  @Field(() => SexEnum, { nullable: true }) @IsOptional() @IsIn(Object.values(SexEnum)) sex?: Sex;
  @Field(() => String, { nullable: true, description: '16-digit NIK; stored encrypted' }) @IsOptional() @IsString() nik?: string;
  @Field(() => String, { nullable: true, description: '16-digit family card number; stored encrypted' }) @IsOptional() @Matches(/^\d{16}$/, { message: 'must be exactly 16 digits' }) kkNumber?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(PHONE, { message: 'must be a phone number' }) phone?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(500) addressLine?: string;
  @Field(() => String, { nullable: true, description: 'Region code at any level, ideally the village' }) @IsOptional() @IsString() regionCode?: string;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsLatitude({ message: 'must be a latitude between -90 and 90' }) latitude?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsLongitude({ message: 'must be a longitude between -180 and 180' }) longitude?: number;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(10) @Matches(/^[a-z]{2,3}$/, { each: true, message: 'each must be an ISO 639 language code such as id, su, jv' }) languages?: string[];
  @Field(() => ContactPreferenceEnum, { nullable: true }) @IsOptional() @IsIn(Object.values(ContactPreferenceEnum)) contactPreference?: keyof typeof ContactPreferenceEnum;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() safeContact?: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(1000) safeContactNote?: string;
  @Field(() => [HouseholdMemberInput], { nullable: true }) @IsOptional() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => HouseholdMemberInput) household?: HouseholdMemberInput[];
}

@InputType()
export class RegisterClientInput extends ClientFieldsInput {
  @Field() @IsString() @MinLength(2) @MaxLength(200) declare fullName: string;
  @Field(() => SexEnum) @IsIn(Object.values(SexEnum)) declare sex: Sex;
  @Field() @IsString() declare regionCode: string;
  @Field(() => Boolean, { nullable: true, description: 'Register even though possible duplicates were reported' })
  @IsOptional() @IsBoolean() confirmNotDuplicate?: boolean;
}

@InputType()
export class UpdateClientInput extends ClientFieldsInput {
  @Field(() => ID) @IsUUID() id: string;
}

@InputType()
export class OpenCaseInput {
  @Field(() => ID) @IsUUID() clientId: string;
  @Field(() => PriorityEnum, { nullable: true, defaultValue: 'ROUTINE' }) @IsOptional() @IsIn(Object.values(PriorityEnum)) priority?: keyof typeof PriorityEnum;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Send to the next eligible provider automatically when a referral expires or is declined for lack of supply' })
  @IsOptional() @IsBoolean() autoReroute?: boolean;
  @Field(() => ID, { nullable: true, description: 'Defaults to the caller' }) @IsOptional() @IsUUID() caseManagerId?: string;
  @Field(() => String, { nullable: true, description: 'First case note' }) @IsOptional() @IsString() @MaxLength(10000) note?: string;
}

@InputType()
export class SetCaseStageInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => CaseStageEnum) @IsIn(Object.values(CaseStageEnum)) stage: keyof typeof CaseStageEnum;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(1000) reason?: string;
}

@InputType()
export class AddNeedInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field({ description: 'PMKS code' }) @IsString() category: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(5000) description?: string;
  @Field(() => SeverityEnum, { nullable: true, defaultValue: 'MODERATE' }) @IsOptional() @IsIn(Object.values(SeverityEnum)) severity?: keyof typeof SeverityEnum;
  @Field(() => [String], { nullable: true, description: 'Indicators of the category confirmed at intake' }) @IsOptional() @ArrayMaxSize(20) @IsString({ each: true }) confirmedIndicators?: string[];
  @Field(() => [String], { nullable: true, description: "What help is needed: service type codes (default: the category's defaultServiceTypes)" })
  @IsOptional() @ArrayMaxSize(30) @IsString({ each: true }) serviceTypes?: string[];
}

@InputType()
export class UpdateNeedInput {
  @Field(() => ID) @IsUUID() needId: string;
  @Field(() => NeedStatusEnum, { nullable: true }) @IsOptional() @IsIn(Object.values(NeedStatusEnum)) status?: keyof typeof NeedStatusEnum;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(5000) description?: string;
  @Field(() => SeverityEnum, { nullable: true }) @IsOptional() @IsIn(Object.values(SeverityEnum)) severity?: keyof typeof SeverityEnum;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @IsString({ each: true }) confirmedIndicators?: string[];
  @Field(() => [String], { nullable: true, description: 'What help is needed: service type codes, at least one' })
  @IsOptional() @ArrayMaxSize(30) @IsString({ each: true }) serviceTypes?: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(1000) reason?: string;
}

@InputType()
export class ItemScoreInput {
  @Field() @IsString() @MinLength(1) @MaxLength(100) code: string;
  @Field(() => Float) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-1000) @Max(1000) score: number;
}

@InputType()
export class RecordAssessmentInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field() @IsString() @MinLength(1) @MaxLength(100) instrument: string;
  @Field() @IsString() @MinLength(1) @MaxLength(50) instrumentVersion: string;
  @Field(() => [ItemScoreInput]) @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ItemScoreInput) items: ItemScoreInput[];
  @Field(() => Date, { nullable: true, description: 'Defaults to now' }) @IsOptional() takenAt?: Date;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) @IsOptional() @IsBoolean() baseline?: boolean;
}

@InputType()
export class GoalInput {
  @Field(() => ID, { nullable: true, description: 'Omit to add a goal' }) @IsOptional() @IsUUID() id?: string;
  @Field(() => GoalTermEnum) @IsIn(Object.values(GoalTermEnum)) term: 'SHORT' | 'LONG';
  @Field() @IsString() @MinLength(3) @MaxLength(2000) description: string;
  @Field() @IsString() @MinLength(3) @MaxLength(2000) evaluationCriteria: string;
  @Field() @IsRealDate() targetDate: string;
  @Field(() => GoalStatusEnum, { nullable: true, description: 'ACTIVE or CANCELLED (EVALUATED only through evaluateGoal); a new goal is ACTIVE, an existing one keeps its status when omitted; ACTIVE on an evaluated goal clears its attainment' })
  @IsOptional() @IsIn(Object.values(GoalStatusEnum)) status?: keyof typeof GoalStatusEnum;
}

@InputType()
export class SetGoalsInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => [GoalInput]) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => GoalInput) goals: GoalInput[];
}

@InputType()
export class EvaluateGoalInput {
  @Field(() => ID) @IsUUID() goalId: string;
  @Field(() => GoalAttainmentEnum) @IsIn(Object.values(GoalAttainmentEnum)) attainment: keyof typeof GoalAttainmentEnum;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

@InputType()
export class CloseCaseInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => ClosureReasonEnum) @IsIn(Object.values(ClosureReasonEnum)) reason: keyof typeof ClosureReasonEnum;
  @Field(() => String, { nullable: true, description: 'Required for OTHER and when forced' }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Close although referrals are open: they are then cancelled by the system' })
  @IsOptional() @IsBoolean() force?: boolean;
}

@ArgsType()
export class AssessmentChangeArgs {
  @Field(() => ID, { nullable: true, description: 'A reassessment' }) @IsOptional() @IsUUID() assessmentId?: string;
  @Field(() => ID, { nullable: true, description: "The case's latest reassessment on a baseline's instrument" }) @IsOptional() @IsUUID() caseId?: string;
}

@InputType()
export class RecordConsentInput {
  @Field(() => ID) @IsUUID() clientId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() caseId?: string;
  @Field(() => [ConsentCategoryEnum]) @ArrayMinSize(1) @IsIn(Object.values(ConsentCategoryEnum), { each: true }) categories: string[];
  @Field(() => [ID], { nullable: true, description: 'The organisations the client agrees to share with; none named means any recipient' })
  @IsOptional() @ArrayMaxSize(50) @IsUUID('all', { each: true }) recipientOrganizationIds?: string[];
  @Field(() => ID, { nullable: true, description: 'The referral this consent is for (one of this client\'s); it then covers no other' })
  @IsOptional() @IsUUID() referralId?: string;
  @Field() @IsString() @MinLength(3) @MaxLength(1000) purpose: string;
  @Field(() => ConsentMethodEnum) @IsIn(Object.values(ConsentMethodEnum)) method: 'VERBAL' | 'WRITTEN';
  @Field(() => Date, { nullable: true, description: 'Defaults to now' }) @IsOptional() givenAt?: Date;
}

@ArgsType()
export class ClientsArgs extends PageArgs {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) search?: string;
}

@ArgsType()
export class CasesArgs extends PageArgs {
  @Field(() => CaseStageEnum, { nullable: true }) @IsOptional() @IsIn(Object.values(CaseStageEnum)) stage?: keyof typeof CaseStageEnum;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() clientId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() caseManagerId?: string;
  @Field(() => Boolean, { nullable: true, description: 'true: only open cases (every stage but CLOSED); false: only closed ones' })
  @IsOptional() @IsBoolean() open?: boolean;
}

