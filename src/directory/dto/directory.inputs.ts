import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsBoolean, IsEmail, IsIn, IsInt, IsLatitude, IsLongitude, IsOptional, IsString, IsUrl, IsUUID,
  Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { MAX_PAGE_SIZE, PageArgs } from '../../common/connection';
import { firstOf, Problem, rule, validateWith } from '../../common/pure-validation';
import { Sex, SexEnum, ServiceStatusEnum } from '../directory.types';
import { TIME_ZONES, TimeZone } from '../location.entity';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

@InputType()
export class PhoneInput {
  @Field() @IsString() @Matches(/^\+?[0-9 ()-]{5,20}$/, { message: 'must be a phone number' }) number: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(30) type?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) description?: string;
}

@InputType()
export class IdentifierInput {
  @Field() @IsString() @MinLength(1) @MaxLength(50) scheme: string;
  @Field() @IsString() @MinLength(1) @MaxLength(100) identifier: string;
}

@InputType()
export class ReferralContactInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) name?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) title?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail() email?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^\+?[0-9 ()-]{5,20}$/, { message: 'must be a phone number' }) phone?: string;
}

@InputType()
export class OrganizationFieldsInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MinLength(2) @MaxLength(300) name?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() partnerKind?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(5000) description?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUrl({ require_protocol: true }) website?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail() email?: string;
  @Field(() => [PhoneInput], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => PhoneInput) phones?: PhoneInput[];
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) legalStatus?: string;
  @Field(() => [IdentifierInput], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => IdentifierInput) identifiers?: IdentifierInput[];
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() regionCode?: string;
  @Field(() => ReferralContactInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => ReferralContactInput) referralContact?: ReferralContactInput;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() active?: boolean;
}

@InputType()
export class CreateOrganizationInput extends OrganizationFieldsInput {
  @Field() @IsString() @MinLength(2) @MaxLength(300) declare name: string;
  @Field() @IsString() declare partnerKind: string;
  @Field() @IsString() declare regionCode: string;
}

@InputType()
export class UpdateOrganizationInput extends OrganizationFieldsInput {
  @Field(() => ID) @IsUUID() id: string;
}

@InputType()
export class CapacityInput {
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) available?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) maximum?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(50) unit?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Takes names on a waiting list when full' }) @IsOptional() @IsBoolean() waitlistOpen?: boolean;
}

@InputType()
export class AcceptanceDeadlineInput {
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(43200) emergencyMinutes?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(43200) urgentMinutes?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(43200) routineMinutes?: number | null;
}

@InputType()
export class ServiceFieldsInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MinLength(2) @MaxLength(300) name?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(5000) description?: string;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(28) @IsString({ each: true }) needCategories?: string[];
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(30) @IsString({ each: true }) serviceTypes?: string[];
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(150) minimumAge?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(150) maximumAge?: number | null;
  @Field(() => SexEnum, { nullable: true }) @IsOptional() @IsIn(Object.values(SexEnum)) sex?: Sex | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(50, { each: true }) requiredDocuments?: string[];
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() free?: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(1000) costDescription?: string | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @Matches(/^[a-z]{2,3}$/, { each: true, message: 'each must be an ISO 639 language code such as id, su, jv' }) languages?: string[];
  @Field(() => [String], { nullable: true, description: 'Region codes at any level' }) @IsOptional() @ArrayMaxSize(500) @IsString({ each: true }) areaCodes?: string[];
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() acceptsReferrals?: boolean;
  @Field(() => AcceptanceDeadlineInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => AcceptanceDeadlineInput) acceptanceDeadline?: AcceptanceDeadlineInput;
  @Field(() => [ID], { nullable: true, description: "Locations (of the service's organisation) where it is offered" }) @IsOptional() @ArrayMaxSize(100) @IsUUID('all', { each: true }) locationIds?: string[];
}

@InputType()
export class CreateServiceInput extends ServiceFieldsInput {
  @Field(() => ID) @IsUUID() organizationId: string;
  @Field() @IsString() @MinLength(2) @MaxLength(300) declare name: string;
  @Field(() => [String]) @ArrayMaxSize(28) @IsString({ each: true }) declare needCategories: string[];
  @Field(() => [String]) @ArrayMaxSize(500) @IsString({ each: true }) declare areaCodes: string[];
  @Field(() => ServiceStatusEnum, { nullable: true }) @IsOptional() @IsIn(Object.values(ServiceStatusEnum)) status?: keyof typeof ServiceStatusEnum;
  @Field(() => CapacityInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => CapacityInput) capacity?: CapacityInput;
}

@InputType()
export class UpdateServiceInput extends ServiceFieldsInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int, { nullable: true, description: 'Refuse the update with CONFLICT if the record changed since' })
  @IsOptional() @IsInt() expectedVersion?: number;
}

@InputType()
export class UpdateCapacityInput extends CapacityInput {
  @Field(() => ID) @IsUUID() serviceId: string;
}

@InputType()
export class ScheduleInput {
  @Field(() => Int) @IsInt() @Min(1) @Max(7) weekday: number;
  @Field() @Matches(TIME, { message: 'must be HH:MM (00:00 to 24:00)' }) opensAt: string;
  @Field() @Matches(TIME, { message: 'must be HH:MM (00:00 to 24:00)' }) closesAt: string;
}

@InputType()
export class CreateLocationInput {
  @Field(() => ID) @IsUUID() organizationId: string;
  @Field() @IsString() @MinLength(2) @MaxLength(300) name: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(500) addressLine?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^\d{5}$/, { message: 'must be a 5-digit postal code' }) postalCode?: string;
  @Field() @IsString() regionCode: string;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsLatitude({ message: 'must be a latitude between -90 and 90' }) latitude?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsLongitude({ message: 'must be a longitude between -180 and 180' }) longitude?: number;
  @Field(() => String, { nullable: true, defaultValue: 'Asia/Jakarta' }) @IsOptional() @IsIn(TIME_ZONES as unknown as string[]) timeZone?: TimeZone;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) accessibility?: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) @IsOptional() @IsBoolean() confidential?: boolean;
  @Field(() => [ScheduleInput], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ScheduleInput) schedules?: ScheduleInput[];
  @Field(() => [ID], { nullable: true, description: 'Services of the organisation offered here' }) @IsOptional() @ArrayMaxSize(100) @IsUUID('all', { each: true }) serviceIds?: string[];
}

@InputType()
export class SetLocationScheduleInput {
  @Field(() => ID) @IsUUID() locationId: string;
  @Field(() => [ScheduleInput]) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ScheduleInput) schedules: ScheduleInput[];
}

@InputType()
export class GeoPointInput {
  @Field(() => Float) @IsLatitude({ message: 'must be a latitude between -90 and 90' }) latitude: number;
  @Field(() => Float) @IsLongitude({ message: 'must be a longitude between -180 and 180' }) longitude: number;
  @Field(() => Float, { nullable: true, description: 'Default 10 km, at most 500' }) @IsOptional() @Min(0.1) @Max(500) radiusKm?: number;
}

@InputType()
export class ServiceSearchFilter {
  @Field(() => String, { nullable: true, description: 'Indonesian stemming + typo-tolerant names' }) @IsOptional() @IsString() @MaxLength(200) text?: string;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(28) @IsString({ each: true }) needCategories?: string[];
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(30) @IsString({ each: true }) serviceTypes?: string[];
  @Field(() => String, { nullable: true, description: 'A place; matches services whose area covers it or an ancestor of it' }) @IsOptional() @IsString() regionCode?: string;
  @Field(() => GeoPointInput, { nullable: true, description: 'Within radiusKm, ordered by distance' }) @IsOptional() @ValidateNested() @Type(() => GeoPointInput) near?: GeoPointInput;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(150) age?: number;
  @Field(() => SexEnum, { nullable: true }) @IsOptional() @IsIn(Object.values(SexEnum)) sex?: Sex;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @IsString({ each: true }) languages?: string[];
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() freeOnly?: boolean;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() acceptsReferrals?: boolean;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() hasCapacity?: boolean;
  @Field(() => Date, { nullable: true, description: "Open at this instant, in each location's own time zone" }) @IsOptional() openAt?: Date;
  @Field(() => [ServiceStatusEnum], { nullable: true, description: 'Default: ACTIVE only' }) @IsOptional() @IsIn(Object.values(ServiceStatusEnum), { each: true }) statuses?: (keyof typeof ServiceStatusEnum)[];
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() organizationId?: string;
}

@ArgsType()
export class SearchServicesArgs extends PageArgs {
  @Field(() => ServiceSearchFilter, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => ServiceSearchFilter) filter?: ServiceSearchFilter;
}

/** The decorators above as a pure check (pure-validation.ts): searchServices is a hot read. */
function searchFilterProblem(f: ServiceSearchFilter, p: string): Problem | undefined {
  const near = f.near;
  return firstOf(
    () => rule.maxLength(p, 'text', f.text, 200),
    () => rule.arrayMaxSize(p, 'needCategories', f.needCategories, 28),
    () => rule.arrayMaxSize(p, 'serviceTypes', f.serviceTypes, 30),
    () => (near ? firstOf(
      () => rule.latitude(`${p}.near`, 'latitude', near.latitude),
      () => rule.longitude(`${p}.near`, 'longitude', near.longitude),
      () => rule.range(`${p}.near`, 'radiusKm', near.radiusKm, 0.1, 500),
    ) : undefined),
    () => rule.range(p, 'age', f.age, 0, 150),
    () => rule.arrayMaxSize(p, 'languages', f.languages, 20),
    () => rule.uuid(p, 'organizationId', f.organizationId),
  );
}
// class-validator reports the class's own properties before those it inherits (PageArgs).
validateWith(SearchServicesArgs, (a) => firstOf(
  () => (a.filter ? searchFilterProblem(a.filter, 'filter') : undefined),
  () => rule.range('', 'first', a.first, 1, MAX_PAGE_SIZE),
));

@ArgsType()
export class OrganizationsArgs extends PageArgs {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) search?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() partnerKind?: string;
  @Field(() => String, { nullable: true, description: 'Organisations located in this region or below it' }) @IsOptional() @IsString() regionCode?: string;
}

@ArgsType()
export class StaleServicesArgs extends PageArgs {}
