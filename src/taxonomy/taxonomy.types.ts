import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../common/connection';
import type { RegionLevel } from './region-code';

export const RegionLevelEnum = { PROVINCE: 'PROVINCE', REGENCY: 'REGENCY', DISTRICT: 'DISTRICT', VILLAGE: 'VILLAGE' } as const;
registerEnumType(RegionLevelEnum, { name: 'RegionLevel' });

@ObjectType('NeedCategory', { description: 'A PMKS category of social-welfare problem' })
export class NeedCategoryType {
  @Field() code: string;
  @Field(() => Int) position: number;
  @Field() nameId: string;
  @Field() nameEn: string;
  @Field(() => Int, { nullable: true, description: 'Inclusive lower age bound, years' }) minAge: number | null;
  @Field(() => Int, { nullable: true, description: 'Exclusive upper age bound, years' }) maxAge: number | null;
  @Field(() => String, { nullable: true, description: 'F or M when the category applies to one sex' }) sex: string | null;
  @Field() unmarried: boolean;
  @Field({ description: 'person, household, household head or community' }) appliesTo: string;
  @Field(() => [String], { description: 'Indicators a case manager confirms at intake' }) criteria: string[];
  @Field(() => [String], { description: 'Service types (codes) a need of this category asks for unless the case manager chooses others' })
  defaultServiceTypes: string[];
}

@ObjectType('ServiceType')
export class ServiceTypeType {
  @Field() code: string;
  @Field() nameId: string;
  @Field() nameEn: string;
  @Field({ description: 'ACCESS, THERAPEUTIC, DEVELOPMENT or SUPPORT' }) function: string;
}

@ObjectType('PartnerKind')
export class PartnerKindType {
  @Field() code: string;
  @Field() nameEn: string;
}

@ObjectType('Region')
export class RegionType {
  @Field(() => ID) code: string;
  @Field(() => RegionLevelEnum) level: RegionLevel;
  @Field() name: string;
  @Field(() => String, { nullable: true }) parentCode: string | null;
}

@ObjectType()
export class RegionConnection extends Connection(RegionType, 'Region') {}
