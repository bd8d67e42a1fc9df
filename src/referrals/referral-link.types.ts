import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PriorityEnum } from '../cases/cases.types';
import { DeclineReasonEnum, ReferralStatusEnum, SharedClientType } from './referrals.types';

@ObjectType('ReferralLinkParty', { description: 'An organisation or service named on a single-referral link' })
export class ReferralLinkPartyType {
  @Field(() => ID) id: string;
  @Field() name: string;
}

@ObjectType('ReferralLinkNeed', { description: 'What the referral asks of the service' })
export class ReferralLinkNeedType {
  @Field({ description: 'PMKS need category code' }) category: string;
  @Field(() => [String], { description: 'Service type codes asked for' }) serviceTypes: string[];
  @Field({ description: 'LOW, MEDIUM, HIGH or CRITICAL' }) severity: string;
  @Field(() => String, { nullable: true, description: "The case manager's description: only when the client consented to share NEEDS_SUMMARY" })
  description: string | null;
}

@ObjectType('ReferralLinkView', {
  description: 'A referral as its single-referral link shows it to the receiving organisation (no account): the need and only the consented client data',
})
export class ReferralLinkViewType {
  @Field(() => ID, { description: 'The referral id' }) id: string;
  @Field(() => ReferralStatusEnum) status: string;
  @Field(() => PriorityEnum) urgency: string;
  @Field(() => Date, { nullable: true, description: 'Answer before this instant; the link stops working then' }) acceptBy: Date | null;
  @Field(() => Date, { nullable: true }) appointmentAt: Date | null;
  @Field(() => DeclineReasonEnum, { nullable: true }) declineReason: string | null;
  @Field(() => String, { nullable: true, description: "The case manager's message" }) note: string | null;
  @Field(() => ReferralLinkNeedType) need: ReferralLinkNeedType;
  @Field(() => ReferralLinkPartyType, { description: 'The receiving organisation' }) toOrganization: ReferralLinkPartyType;
  @Field(() => ReferralLinkPartyType, { description: 'The service referred to' }) service: ReferralLinkPartyType;
  @Field(() => ReferralLinkPartyType, { description: 'The sending organisation' }) fromOrganization: ReferralLinkPartyType;
  @Field(() => SharedClientType, { description: 'Only the data categories the client consented to share for this referral' }) client: SharedClientType;
}

@InputType()
export class AcceptReferralByLinkInput {
  @Field(() => Date, { nullable: true, description: 'The appointment offered to the client' }) @IsOptional() appointmentAt?: Date;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

@InputType()
export class DeclineReferralByLinkInput {
  @Field(() => DeclineReasonEnum) @IsIn(Object.values(DeclineReasonEnum)) declineReason: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}
