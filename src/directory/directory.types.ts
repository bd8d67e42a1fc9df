import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../common/connection';

export const ServiceStatusEnum = {
  ACTIVE: 'ACTIVE', INACTIVE: 'INACTIVE', DEFUNCT: 'DEFUNCT', TEMPORARILY_CLOSED: 'TEMPORARILY_CLOSED',
} as const;
registerEnumType(ServiceStatusEnum, { name: 'ServiceStatus' });

export const SexEnum = { FEMALE: 'FEMALE', MALE: 'MALE' } as const;
export type Sex = keyof typeof SexEnum;
registerEnumType(SexEnum, { name: 'Sex' });

export const sexToCode = (s: Sex | null | undefined): 'F' | 'M' | null => (s === 'FEMALE' ? 'F' : s === 'MALE' ? 'M' : null);
export const sexFromCode = (c: string | null | undefined): Sex | null => (c === 'F' ? 'FEMALE' : c === 'M' ? 'MALE' : null);

@ObjectType('Phone')
export class PhoneType {
  @Field() number: string;
  @Field(() => String, { nullable: true }) type?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@ObjectType('OrganizationIdentifier')
export class IdentifierType {
  @Field({ description: 'e.g. NPWP, AHU (Kemenkumham registration), NIB' }) scheme: string;
  @Field() identifier: string;
}

@ObjectType('ReferralContact')
export class ReferralContactType {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
}

@ObjectType('Organization')
export class OrganizationType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() partnerKind: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => String, { nullable: true }) website: string | null;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field(() => [PhoneType]) phones: PhoneType[];
  @Field(() => String, { nullable: true }) legalStatus: string | null;
  @Field(() => [IdentifierType]) identifiers: IdentifierType[];
  @Field() regionCode: string;
  @Field(() => ReferralContactType, { nullable: true }) referralContact: ReferralContactType | null;
  @Field() active: boolean;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Field(() => Int) version: number;
}

@ObjectType('Schedule', { description: "Weekly opening hours in the location's own time zone" })
export class ScheduleType {
  @Field(() => Int, { description: 'ISO weekday, 1 = Monday ... 7 = Sunday' }) weekday: number;
  @Field({ description: 'HH:MM' }) opensAt: string;
  @Field({ description: 'HH:MM, 24:00 for midnight' }) closesAt: string;
}

@ObjectType('Location')
export class LocationType {
  @Field(() => ID) id: string;
  @Field(() => ID) organizationId: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => String, { nullable: true, description: 'Null for a confidential location unless you may see it' })
  addressLine: string | null;
  @Field(() => String, { nullable: true }) postalCode: string | null;
  @Field({ description: 'For a confidential location you may not see: its regency only' }) regionCode: string;
  @Field(() => Float, { nullable: true }) latitude: number | null;
  @Field(() => Float, { nullable: true }) longitude: number | null;
  @Field({ description: 'Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)' }) timeZone: string;
  @Field(() => String, { nullable: true }) accessibility: string | null;
  @Field() confidential: boolean;
  @Field({ description: 'True when the address and coordinates are withheld from you' }) addressHidden: boolean;
}

@ObjectType('ServiceCapacity', { description: 'HSDS 3.1 service_capacity' })
export class ServiceCapacityType {
  @Field(() => Int, { nullable: true }) available: number | null;
  @Field(() => Int, { nullable: true }) maximum: number | null;
  @Field(() => String, { nullable: true, description: 'e.g. beds, places, sessions per week' }) unit: string | null;
  @Field(() => Date, { nullable: true }) updatedAt: Date | null;
  @Field({ description: 'Takes names on a waiting list when full' }) waitlistOpen: boolean;
}

@ObjectType('AcceptanceDeadline', { description: "Per-service override of the deployment's acceptance deadlines" })
export class AcceptanceDeadlineType {
  @Field(() => Int, { nullable: true }) emergencyMinutes: number | null;
  @Field(() => Int, { nullable: true }) urgentMinutes: number | null;
  @Field(() => Int, { nullable: true }) routineMinutes: number | null;
}

@ObjectType('Service')
export class ServiceType {
  @Field(() => ID) id: string;
  @Field(() => ID) organizationId: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => [String], { description: 'PMKS codes served' }) needCategories: string[];
  @Field(() => [String]) serviceTypes: string[];
  @Field(() => Int, { nullable: true, description: 'Inclusive' }) minimumAge: number | null;
  @Field(() => Int, { nullable: true, description: 'Inclusive (HSDS)' }) maximumAge: number | null;
  @Field(() => SexEnum, { nullable: true, description: 'Null when open to all' }) sex: Sex | null;
  @Field(() => [String], { description: 'e.g. KTP, KK, SKTM' }) requiredDocuments: string[];
  @Field() free: boolean;
  @Field(() => String, { nullable: true }) costDescription: string | null;
  @Field(() => [String], { description: 'ISO 639 codes: id, su, jv, en ...' }) languages: string[];
  @Field(() => [String], { description: 'Region codes at any level' }) areaCodes: string[];
  @Field(() => ServiceStatusEnum) status: keyof typeof ServiceStatusEnum;
  @Field() acceptsReferrals: boolean;
  @Field(() => AcceptanceDeadlineType) acceptanceDeadline: AcceptanceDeadlineType;
  @Field(() => ServiceCapacityType) capacity: ServiceCapacityType;
  @Field(() => Date, { nullable: true, description: 'HSDS assured_date' }) verifiedAt: Date | null;
  @Field(() => ID, { nullable: true }) verifiedBy: string | null;
  @Field(() => Date, { nullable: true, description: 'Set by the daily job when not verified for the staleness window' })
  staleSince: Date | null;
  @Field(() => Float, { nullable: true, description: 'Distance from the search point in km, when searched near one' })
  distanceKm: number | null;
  /** A plain field set by the mapper, not a per-row field resolver (those cost throughput on long lists). */
  @Field(() => Boolean, { description: 'Whether the service has room now (unknown capacity counts as room)' })
  hasCapacity: boolean;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Field(() => Int) version: number;
  /** Not in the schema: the organisation when the query that loaded the service joined it already (search). */
  prefetchedOrganization?: OrganizationType;
}

@ObjectType()
export class ServiceConnection extends Connection(ServiceType, 'Service') {}

@ObjectType()
export class OrganizationConnection extends Connection(OrganizationType, 'Organization') {}
