import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { AppError } from '../common/app-error';
import { enumOf } from '../common/enum-of';
import { Connection } from '../common/connection';
import { SexEnum, type Sex } from '../directory/directory.types';
import { CLOSURE_REASONS, GOAL_ATTAINMENTS, type ClosureReason, type GoalAttainment } from './case-closure';
import { CASE_STAGES } from './case-stage';
import { CONSENT_CATEGORIES } from './cases.entity';


export const CaseStageEnum = enumOf(CASE_STAGES);
export const PriorityEnum = enumOf(['EMERGENCY', 'URGENT', 'ROUTINE'] as const);
export const NeedStatusEnum = enumOf(['OPEN', 'REFERRED', 'BEING_SERVED', 'MET', 'NOT_MET', 'WITHDRAWN'] as const);
export const SeverityEnum = enumOf(['LOW', 'MODERATE', 'HIGH', 'CRITICAL'] as const);
export const ContactPreferenceEnum = enumOf(['PHONE', 'SMS', 'WHATSAPP', 'VISIT', 'NONE'] as const);
export const ConsentCategoryEnum = enumOf(CONSENT_CATEGORIES);
export const ConsentMethodEnum = enumOf(['VERBAL', 'WRITTEN'] as const);
export const GoalTermEnum = enumOf(['SHORT', 'LONG'] as const);
export const GoalStatusEnum = enumOf(['ACTIVE', 'EVALUATED', 'CANCELLED'] as const);
export const GoalAttainmentEnum = enumOf(GOAL_ATTAINMENTS);
export const ClosureReasonEnum = enumOf(CLOSURE_REASONS);
registerEnumType(CaseStageEnum, { name: 'CaseStage' });
registerEnumType(PriorityEnum, { name: 'Urgency', description: 'A case priority and a referral urgency' });
registerEnumType(NeedStatusEnum, { name: 'NeedStatus' });
registerEnumType(SeverityEnum, { name: 'Severity' });
registerEnumType(ContactPreferenceEnum, { name: 'ContactPreference' });
registerEnumType(ConsentCategoryEnum, { name: 'ConsentCategory' });
registerEnumType(ConsentMethodEnum, { name: 'ConsentMethod' });
registerEnumType(GoalTermEnum, { name: 'GoalTerm' });
registerEnumType(GoalStatusEnum, { name: 'GoalStatus', description: 'EVALUATED goals carry an attainment (evaluateGoal)' });
registerEnumType(GoalAttainmentEnum, { name: 'GoalAttainment' });
registerEnumType(ClosureReasonEnum, { name: 'CaseClosureReason' });

@ObjectType('HouseholdMember')
export class HouseholdMemberType {
  @Field(() => ID) id: string;
  @Field() fullName: string;
  @Field() relationship: string;
  @Field(() => String, { nullable: true }) birthDate: string | null;
  @Field(() => SexEnum, { nullable: true }) sex: Sex | null;
}

@ObjectType('Client')
export class ClientType {
  @Field(() => ID) id: string;
  @Field(() => ID) organizationId: string;
  @Field() fullName: string;
  @Field() birthDate: string;
  @Field() birthDateEstimated: boolean;
  @Field(() => Int) age: number;
  @Field(() => SexEnum) sex: Sex;
  @Field() hasNik: boolean;
  /** An AppError here is a field error (graphql-js raises an Error a field resolves to): the rest of the client reads. */
  @Field(() => String, { nullable: true, description: 'Last four digits only' }) nikMasked: string | null | AppError;
  @Field(() => String, { nullable: true }) phone: string | null;
  @Field(() => String, { nullable: true }) addressLine: string | null;
  @Field() regionCode: string;
  @Field(() => Float, { nullable: true }) latitude: number | null;
  @Field(() => Float, { nullable: true }) longitude: number | null;
  @Field(() => [String]) languages: string[];
  @Field(() => ContactPreferenceEnum) contactPreference: keyof typeof ContactPreferenceEnum;
  @Field() safeContact: boolean;
  @Field(() => String, { nullable: true, description: 'e.g. do not call the home number' }) safeContactNote: string | null;
  @Field(() => [HouseholdMemberType]) household: HouseholdMemberType[];
  @Field() createdAt: Date;
  @Field(() => Int) version: number;
}

@ObjectType('PossibleDuplicate')
export class PossibleDuplicateType {
  @Field(() => ID) id: string;
  @Field() fullName: string;
  @Field() birthDate: string;
  @Field() regionCode: string;
}

@ObjectType('RegisterClientPayload')
export class RegisterClientPayload {
  @Field(() => ClientType, { nullable: true, description: 'Null when possible duplicates were found and not overridden' })
  client: ClientType | null;
  @Field(() => [PossibleDuplicateType], { description: 'Same name and birth date in the same regency' })
  possibleDuplicates: PossibleDuplicateType[];
}

@ObjectType('Need')
export class NeedType {
  @Field(() => ID) id: string;
  @Field(() => ID) caseId: string;
  @Field() category: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => SeverityEnum) severity: keyof typeof SeverityEnum;
  @Field(() => NeedStatusEnum) status: keyof typeof NeedStatusEnum;
  @Field(() => [String], { description: "The category's indicators to confirm at intake" }) indicators: string[];
  @Field(() => [String]) confirmedIndicators: string[];
  @Field(() => [String], { description: 'What help is needed: service type codes; matching requires a service to offer one' }) serviceTypes: string[];
  @Field(() => Int, { nullable: true }) lastMatchResultCount: number | null;
  @Field() createdAt: Date;
  @Field(() => Int) version: number;
}

@ObjectType('AssessmentItemScore')
export class ItemScoreType {
  @Field() code: string;
  @Field(() => Float) score: number;
}

@ObjectType('AssessmentItemChange')
export class ItemChangeType {
  @Field() code: string;
  @Field(() => Float, { nullable: true }) baseline: number | null;
  @Field(() => Float, { nullable: true }) current: number | null;
  @Field(() => Float, { nullable: true }) delta: number | null;
}

@ObjectType('AssessmentComparison', { description: 'Change of a reassessment against the baseline on the same instrument' })
export class AssessmentComparisonType {
  @Field(() => ID) baselineId: string;
  @Field(() => ID, { description: 'The reassessment' }) assessmentId: string;
  @Field() instrument: string;
  @Field(() => Float) baselineTotal: number;
  @Field(() => Float) total: number;
  @Field(() => Float) totalDelta: number;
  @Field(() => [ItemChangeType]) items: ItemChangeType[];
}

@ObjectType('Assessment')
export class AssessmentType {
  @Field(() => ID) id: string;
  @Field(() => ID) caseId: string;
  @Field() instrument: string;
  @Field() instrumentVersion: string;
  @Field(() => [ItemScoreType]) items: ItemScoreType[];
  @Field(() => Float) total: number;
  @Field() baseline: boolean;
  @Field() takenAt: Date;
  @Field(() => AssessmentComparisonType, { nullable: true, description: 'Change against the baseline on the same instrument' })
  comparison: AssessmentComparisonType | null;
}

@ObjectType('Goal')
export class GoalType {
  @Field(() => ID) id: string;
  @Field(() => GoalTermEnum) term: 'SHORT' | 'LONG';
  @Field() description: string;
  @Field() evaluationCriteria: string;
  @Field() targetDate: string;
  @Field(() => GoalStatusEnum) status: keyof typeof GoalStatusEnum;
  @Field(() => GoalAttainmentEnum, { nullable: true, description: 'Set when EVALUATED' }) attainment: GoalAttainment | null;
  @Field(() => Date, { nullable: true }) evaluatedAt: Date | null;
  @Field(() => ID, { nullable: true }) evaluatedBy: string | null;
}

@ObjectType('Consent')
export class ConsentType {
  @Field(() => ID) id: string;
  @Field(() => ID) clientId: string;
  @Field(() => [ConsentCategoryEnum]) categories: string[];
  @Field(() => [ID], { description: 'The organisations named; empty means any recipient' }) recipientOrganizationIds: string[];
  @Field(() => ID, { nullable: true, description: 'The referral this consent is for, when it names one' }) referralId: string | null;
  @Field() purpose: string;
  @Field(() => ConsentMethodEnum) method: 'VERBAL' | 'WRITTEN';
  @Field() givenAt: Date;
  @Field(() => ID) recordedBy: string;
  @Field(() => Date, { nullable: true }) withdrawnAt: Date | null;
}

@ObjectType('CaseEvent')
export class CaseEventType {
  @Field(() => ID) id: string;
  @Field() type: string;
  @Field(() => ID, { nullable: true }) needId: string | null;
  @Field(() => ID, { nullable: true, description: 'The goal an evaluation is about' }) goalId: string | null;
  @Field(() => String, { nullable: true }) fromState: string | null;
  @Field(() => String, { nullable: true }) toState: string | null;
  @Field(() => String, { nullable: true, description: 'Free text: a note or a reason' }) reason: string | null;
  @Field(() => String, { nullable: true, description: 'A closure reason code, or the attainment of an evaluated goal' }) code: string | null;
  @Field(() => ID, { nullable: true, description: 'Null when the system acted' }) actorId: string | null;
  @Field() at: Date;
}

@ObjectType('CaseNote')
export class CaseNoteType {
  @Field(() => ID) id: string;
  @Field(() => ID) authorId: string;
  @Field() body: string;
  @Field() createdAt: Date;
}

@ObjectType('Case')
export class CaseType {
  @Field(() => ID) id: string;
  @Field(() => ID) clientId: string;
  @Field(() => ID) organizationId: string;
  @Field(() => ID) caseManagerId: string;
  @Field(() => CaseStageEnum) stage: keyof typeof CaseStageEnum;
  @Field(() => PriorityEnum) priority: keyof typeof PriorityEnum;
  @Field() autoReroute: boolean;
  @Field() openedAt: Date;
  @Field(() => Date, { nullable: true }) closedAt: Date | null;
  @Field(() => ClosureReasonEnum, { nullable: true, description: 'Set while CLOSED' }) closureReason: ClosureReason | null;
  @Field(() => String, { nullable: true }) closureNote: string | null;
  @Field(() => Int) version: number;
}

@ObjectType()
export class CaseConnection extends Connection(CaseType, 'Case') {}
@ObjectType()
export class ClientConnection extends Connection(ClientType, 'Client') {}
