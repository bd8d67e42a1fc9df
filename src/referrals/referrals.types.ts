import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PriorityEnum } from '../cases/cases.types';
import { enumOf } from '../common/enum-of';
import { Connection, PageArgs } from '../common/connection';
import { SexEnum, type Sex } from '../directory/directory.types';
import { DECLINE_REASONS, OUTCOMES, REFERRAL_STATUSES } from './referral-state';

export const ReferralStatusEnum = enumOf(REFERRAL_STATUSES);
export const DeclineReasonEnum = enumOf(DECLINE_REASONS);
export const OutcomeEnum = enumOf(OUTCOMES);
registerEnumType(ReferralStatusEnum, { name: 'ReferralStatus' });
registerEnumType(DeclineReasonEnum, { name: 'DeclineReason' });
registerEnumType(OutcomeEnum, { name: 'ReferralOutcome' });

@ObjectType('ReferralEvent')
export class ReferralEventType {
  @Field(() => ID) id: string;
  @Field(() => ReferralStatusEnum, { nullable: true }) fromStatus: string | null;
  @Field(() => ReferralStatusEnum) toStatus: string;
  @Field() action: string;
  @Field(() => ID, { nullable: true, description: 'Null when the system acted' }) actorId: string | null;
  @Field({ description: 'SENDER, RECEIVER or SYSTEM' }) actorKind: string;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field() at: Date;
}

@ObjectType('SharedNeed')
export class SharedNeedType {
  @Field() category: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field() severity: string;
}

@ObjectType('SharedAssessment')
export class SharedAssessmentType {
  @Field() instrument: string;
  @Field() total: number;
  @Field() takenAt: Date;
  @Field() baseline: boolean;
}

/** What the partner sees of the client: only the categories in the referral's consent snapshot still in force. */
@ObjectType('SharedClient')
export class SharedClientType {
  @Field(() => [String], { description: 'Consent categories in force for this referral' }) sharedCategories: string[];
  @Field(() => String, { nullable: true, description: 'IDENTITY' }) fullName: string | null;
  @Field(() => SexEnum, { nullable: true, description: 'IDENTITY' }) sex: Sex | null;
  @Field(() => Int, { nullable: true, description: 'IDENTITY' }) age: number | null;
  @Field(() => String, { nullable: true, description: 'IDENTITY' }) birthDate: string | null;
  @Field(() => String, { nullable: true, description: 'CONTACT' }) phone: string | null;
  @Field(() => String, { nullable: true, description: 'CONTACT' }) addressLine: string | null;
  @Field(() => String, { nullable: true, description: 'CONTACT' }) regionCode: string | null;
  @Field(() => String, { nullable: true, description: 'CONTACT' }) contactPreference: string | null;
  @Field(() => Boolean, { nullable: true, description: 'CONTACT' }) safeContact: boolean | null;
  @Field(() => String, { nullable: true, description: 'CONTACT: e.g. do not call the home number' }) safeContactNote: string | null;
  @Field(() => [String], { nullable: true, description: 'CONTACT' }) languages: string[] | null;
  @Field(() => SharedNeedType, { nullable: true, description: 'NEEDS_SUMMARY' }) need: SharedNeedType | null;
  @Field(() => [SharedAssessmentType], { nullable: true, description: 'ASSESSMENT_DETAIL' }) assessments: SharedAssessmentType[] | null;
}

@ObjectType('Referral')
export class ReferralType {
  @Field(() => ID) id: string;
  @Field(() => ReferralStatusEnum) status: string;
  @Field(() => PriorityEnum) urgency: string;
  @Field(() => ID) serviceId: string;
  @Field(() => ID) toOrganizationId: string;
  @Field(() => ID) fromOrganizationId: string;
  @Field(() => ID, { nullable: true, description: 'Visible to the sending side only' }) caseId: string | null;
  @Field(() => ID, { nullable: true, description: 'Visible to the sending side only' }) needId: string | null;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => Date, { nullable: true }) acceptBy: Date | null;
  @Field(() => Date, { nullable: true }) viewedAt: Date | null;
  @Field(() => Date, { nullable: true }) appointmentAt: Date | null;
  @Field(() => DeclineReasonEnum, { nullable: true }) declineReason: string | null;
  @Field(() => String, { nullable: true }) statusReason: string | null;
  @Field(() => OutcomeEnum, { nullable: true }) outcome: string | null;
  @Field(() => Int) attempt: number;
  @Field(() => ID, { nullable: true }) previousId: string | null;
  @Field(() => ID, { nullable: true, description: 'Next eligible alternative proposed after expiry or a supply decline' })
  suggestedNextServiceId: string | null;
  @Field(() => [ID], { description: 'Ranked alternatives from the match (sending side only)' }) alternatives: string[];
  @Field() overdue: boolean;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) sentAt: Date | null;
  @Field(() => Int) version: number;
  @Field({ description: 'FHIR SDOH Task status' }) fhirStatus: string;
}

@ObjectType()
export class ReferralConnection extends Connection(ReferralType, 'Referral') {}

@InputType()
export class CreateReferralInput {
  @Field(() => ID) @IsUUID() needId: string;
  @Field(() => ID) @IsUUID() serviceId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() locationId?: string;
  @Field(() => ID, { nullable: true, description: 'The match run whose ranked candidates become the alternatives' }) @IsOptional() @IsUUID() matchRunId?: string;
  @Field(() => PriorityEnum, { nullable: true, description: "Defaults to the case's priority" }) @IsOptional() @IsIn(Object.values(PriorityEnum)) urgency?: keyof typeof PriorityEnum;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(5000) note?: string;
  @Field(() => String, { nullable: true, description: 'Refer although a hard criterion fails; the reason is recorded' })
  @IsOptional() @IsString() @MinLength(5) @MaxLength(1000) overrideEligibility?: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Send at once' }) @IsOptional() @IsBoolean() send?: boolean;
}

@InputType()
export class TransitionReferralInput {
  @Field(() => ID) @IsUUID() referralId: string;
  @Field(() => Int, { nullable: true, description: 'Refuse with CONFLICT if the referral changed since this version' }) @IsOptional() expectedVersion?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

@InputType()
export class DeclineReferralInput extends TransitionReferralInput {
  @Field(() => DeclineReasonEnum) @IsIn(Object.values(DeclineReasonEnum)) declineReason: string;
}

@InputType()
export class AcceptReferralInput extends TransitionReferralInput {
  @Field(() => Date, { nullable: true }) @IsOptional() appointmentAt?: Date;
}

@InputType()
export class CompleteReferralInput extends TransitionReferralInput {
  @Field(() => OutcomeEnum) @IsIn(Object.values(OutcomeEnum)) outcome: string;
}

@InputType()
export class RedirectReferralInput {
  @Field(() => ID) @IsUUID() referralId: string;
  @Field(() => ID, { description: 'The service to send to instead' }) @IsUUID() serviceId: string;
  @Field() @IsString() @MinLength(3) @MaxLength(2000) reason: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MinLength(5) @MaxLength(1000) overrideEligibility?: string;
}

@ArgsType()
export class InboxArgs extends PageArgs {
  @Field(() => [ReferralStatusEnum], { nullable: true }) @IsOptional() @IsIn(Object.values(ReferralStatusEnum), { each: true }) statuses?: string[];
  @Field(() => PriorityEnum, { nullable: true }) @IsOptional() @IsIn(Object.values(PriorityEnum)) urgency?: string;
  @Field(() => Boolean, { nullable: true, description: 'SENT and past acceptBy' }) @IsOptional() @IsBoolean() overdue?: boolean;
}

@ArgsType()
export class ReferralsArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() caseId?: string;
  @Field(() => [ReferralStatusEnum], { nullable: true }) @IsOptional() @IsIn(Object.values(ReferralStatusEnum), { each: true }) statuses?: string[];
}
