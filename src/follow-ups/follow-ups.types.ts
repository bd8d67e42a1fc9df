import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Connection, PageArgs } from '../common/connection';
import { enumOf } from '../common/enum-of';
import { ServiceType } from '../directory/directory.types';
import { CONTACT_TARGETS, FOLLOW_UP_CHANNELS, FOLLOW_UP_KINDS, FOLLOW_UP_RESULTS, FOLLOW_UP_STATUSES } from './follow-up-policy';
import type { ContactTarget, FollowUpChannel, FollowUpKind, FollowUpResult, FollowUpStatus } from './follow-up-policy';

export const FollowUpKindEnum = enumOf(FOLLOW_UP_KINDS);
export const FollowUpStatusEnum = enumOf(FOLLOW_UP_STATUSES);
export const ContactTargetEnum = enumOf(CONTACT_TARGETS);
export const FollowUpChannelEnum = enumOf(FOLLOW_UP_CHANNELS);
export const FollowUpResultEnum = enumOf(FOLLOW_UP_RESULTS);
registerEnumType(FollowUpKindEnum, { name: 'FollowUpKind' });
registerEnumType(FollowUpStatusEnum, { name: 'FollowUpStatus' });
registerEnumType(ContactTargetEnum, { name: 'ContactTarget', description: 'Whom a follow-up contacts: the client or the provider organisation' });
registerEnumType(FollowUpChannelEnum, { name: 'FollowUpChannel', description: 'OFFICE: in person at the office; PARTNER_IN_RUJUK: the provider answered in Rujuk' });
registerEnumType(FollowUpResultEnum, { name: 'FollowUpResult' });

@ObjectType('ContactPlan', { description: "How the client may be reached: by their preference, never by their number when it is marked unsafe" })
export class ContactPlanType {
  @Field(() => [FollowUpChannelEnum]) allowed: FollowUpChannel[];
  @Field(() => FollowUpChannelEnum) suggested: FollowUpChannel;
  @Field() advice: string;
}

@ObjectType('FollowUp')
export class FollowUpType {
  @Field(() => ID) id: string;
  @Field(() => FollowUpKindEnum) kind: FollowUpKind;
  @Field(() => FollowUpStatusEnum) status: FollowUpStatus;
  @Field(() => ContactTargetEnum) contactTarget: ContactTarget;
  @Field() dueAt: Date;
  @Field(() => Int) sequence: number;
  @Field(() => Int) attempts: number;
  @Field(() => ID, { nullable: true, description: 'Null for the partner asked' }) caseId: string | null;
  @Field(() => ID, { nullable: true }) referralId: string | null;
  @Field(() => ID, { nullable: true, description: 'The case manager it is assigned to; null for the partner asked' }) assigneeId: string | null;
  @Field(() => ID, { nullable: true }) providerOrganizationId: string | null;
  @Field(() => FollowUpChannelEnum, { nullable: true }) channel: FollowUpChannel | null;
  @Field(() => Boolean, { nullable: true }) reached: boolean | null;
  @Field(() => FollowUpResultEnum, { nullable: true }) result: FollowUpResult | null;
  @Field(() => String, { nullable: true, description: 'Null for the partner asked, unless it wrote them' }) notes: string | null;
  @Field(() => String, { nullable: true, description: "An outcome check asks for a reassessment on this instrument (the baseline's)" }) reassessmentInstrument: string | null;
  @Field(() => String, { nullable: true, description: 'What a provider check asks the partner' }) question: string | null;
  @Field(() => String, { nullable: true }) statusReason: string | null;
  @Field(() => ContactPlanType, { nullable: true, description: 'For a client contact, to the case side' }) contactPlan: ContactPlanType | null;
  @Field(() => Date, { nullable: true }) escalatedAt: Date | null;
  @Field(() => Date, { nullable: true }) completedAt: Date | null;
  @Field(() => Int) version: number;
}

@ObjectType()
export class FollowUpConnection extends Connection(FollowUpType, 'FollowUp') {}

@ObjectType('RecordFollowUpPayload')
export class RecordFollowUpPayload {
  @Field(() => FollowUpType) followUp: FollowUpType;
  @Field({ description: 'The answer reopened the need (NOT_ATTENDED, SERVICE_NOT_RECEIVED)' }) needReopened: boolean;
  @Field(() => [ServiceType], { description: 'When the need reopened: the next alternatives of the same service type that can take the client now' }) alternatives: ServiceType[];
  @Field({ description: 'Three attempts in a row did not reach the client: the case is flagged' }) caseFlaggedUnreachable: boolean;
}

@ObjectType('CaseloadEntry', { description: "One case manager's load" })
export class CaseloadEntryType {
  @Field(() => ID) caseManagerId: string;
  @Field() name: string;
  @Field(() => Int) openCases: number;
  @Field(() => Int) overdueFollowUps: number;
  @Field(() => Int) referralsAwaitingAnswer: number;
  @Field(() => Date, { nullable: true, description: 'When the longest-waiting of those referrals was sent' }) oldestWaitingSince: Date | null;
  @Field(() => Int, { description: 'Open cases flagged unreachable' }) unreachableCases: number;
}

@InputType()
export class FollowUpFilter {
  @Field({ nullable: true }) @IsOptional() @IsDate() dueBefore?: Date;
  @Field({ nullable: true, description: 'Pending and past due' }) @IsOptional() @IsBoolean() overdue?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() assignedToMe?: boolean;
  @Field(() => FollowUpKindEnum, { nullable: true }) @IsOptional() @IsIn(FOLLOW_UP_KINDS) kind?: FollowUpKind;
  @Field(() => FollowUpStatusEnum, { nullable: true }) @IsOptional() @IsIn(FOLLOW_UP_STATUSES) status?: FollowUpStatus;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() caseId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() referralId?: string;
}

@ArgsType()
export class FollowUpsArgs extends PageArgs {
  @Field(() => FollowUpFilter, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => FollowUpFilter) filter?: FollowUpFilter;
}

@InputType()
export class ScheduleFollowUpInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() referralId?: string;
  @Field(() => FollowUpKindEnum) @IsIn(FOLLOW_UP_KINDS) kind: FollowUpKind;
  @Field(() => ContactTargetEnum) @IsIn(CONTACT_TARGETS) contactTarget: ContactTarget;
  @Field() @IsDate() dueAt: Date;
  @Field(() => ID, { nullable: true, description: "Default: the case's case manager" }) @IsOptional() @IsUUID() assigneeId?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

@InputType()
export class RecordFollowUpInput {
  @Field(() => ID) @IsUUID() followUpId: string;
  @Field(() => FollowUpChannelEnum) @IsIn(FOLLOW_UP_CHANNELS) channel: FollowUpChannel;
  @Field() @IsBoolean() reached: boolean;
  @Field(() => FollowUpResultEnum, { nullable: true }) @IsOptional() @IsIn(FOLLOW_UP_RESULTS) result?: FollowUpResult;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(4000) notes?: string;
}

@InputType()
export class RescheduleFollowUpInput {
  @Field(() => ID) @IsUUID() followUpId: string;
  @Field() @IsDate() dueAt: Date;
  @Field() @IsString() @MinLength(1) @MaxLength(1000) reason: string;
}

@InputType()
export class CancelFollowUpInput {
  @Field(() => ID) @IsUUID() followUpId: string;
  @Field() @IsString() @MinLength(1) @MaxLength(1000) reason: string;
}
