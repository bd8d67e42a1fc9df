import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { ConsentCategoryEnum, PriorityEnum } from '../cases/cases.types';
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
export const ShareModeEnum = enumOf(['CONSENT', 'WITHOUT_IDENTIFYING_DATA'] as const);
registerEnumType(ShareModeEnum, {
  name: 'ShareMode',
  description: 'On what ground a referral was sent: consent covering its recipient, or the choice to send without identifying data',
});

@ObjectType('ReferralSharing', { description: 'What a referral shares with its recipient, decided when it was sent' })
export class ReferralSharingType {
  @Field(() => ShareModeEnum) mode: string;
  @Field(() => [ConsentCategoryEnum], { description: 'The categories shared (IDENTITY and CONTACT never without consent)' }) categories: string[];
  @Field(() => String, { nullable: true, description: 'Why it was sent without identifying data' }) reason: string | null;
}

@ObjectType('ReferralEvent')
export class ReferralEventType {
  @Field(() => ID) id: string;
  @Field(() => ReferralStatusEnum, { nullable: true }) fromStatus: string | null;
  @Field(() => ReferralStatusEnum) toStatus: string;
  @Field() action: string;
  @Field(() => ID, { nullable: true, description: 'Null when the system acted' }) actorId: string | null;
  @Field({ description: 'SENDER, RECEIVER, SYSTEM, or LINK (the receiving organisation through its single-referral link)' }) actorKind: string;
  @Field(() => ID, { nullable: true, description: 'With actorKind LINK: the single-referral link used' }) actorLinkId: string | null;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => ReferralSharingType, { nullable: true, description: 'On a send: what the referral shares and on what ground' }) sharing: ReferralSharingType | null;
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
  @Field(() => ReferralSharingType, { nullable: true, description: 'Null until sent; the reason is shown to the sending side only' })
  sharing: ReferralSharingType | null;
}

@ObjectType()
export class ReferralConnection extends Connection(ReferralType, 'Referral') {}

@InputType({ description: 'The choice to send a referral without identifying data (IDENTITY, CONTACT), and why' })
export class WithoutIdentifyingDataInput {
  @Field() @IsString() @MinLength(5) @MaxLength(1000) reason: string;
}

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
  @Field(() => WithoutIdentifyingDataInput, { nullable: true, description: 'With send: send without identifying data (needed when no consent covers the recipient)' })
  @IsOptional() @ValidateNested() @Type(() => WithoutIdentifyingDataInput) withoutIdentifyingData?: WithoutIdentifyingDataInput;
}

@InputType()
export class TransitionReferralInput {
  @Field(() => ID) @IsUUID() referralId: string;
  @Field(() => Int, { nullable: true, description: 'Refuse with CONFLICT if the referral changed since this version' }) @IsOptional() expectedVersion?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

@InputType()
export class SendReferralInput extends TransitionReferralInput {
  @Field(() => WithoutIdentifyingDataInput, { nullable: true, description: 'Send without identifying data (needed when no consent covers the recipient)' })
  @IsOptional() @ValidateNested() @Type(() => WithoutIdentifyingDataInput) withoutIdentifyingData?: WithoutIdentifyingDataInput;
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
  @Field(() => WithoutIdentifyingDataInput, { nullable: true, description: 'Send the new referral without identifying data' })
  @IsOptional() @ValidateNested() @Type(() => WithoutIdentifyingDataInput) withoutIdentifyingData?: WithoutIdentifyingDataInput;
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
