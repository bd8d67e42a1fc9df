import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsLatitude, IsLongitude, IsOptional, IsString, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { BIRTH_DATE_RULE, IsBirthDate, isBirthDate } from '../../common/dates';
import { firstOf, Problem, rule, validateWith } from '../../common/pure-validation';
import { PriorityEnum } from '../../cases/cases.types';
import { SexEnum, type Sex } from '../../directory/directory.types';

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

/** The decorators above as a pure check (pure-validation.ts): matchServices is a hot read. */
function profileProblem(p: ClientProfileInput, path: string): Problem | undefined {
  return firstOf(
    () => (p.birthDate == null || isBirthDate(p.birthDate) ? undefined : { field: `${path}.birthDate`, rule: BIRTH_DATE_RULE }),
    () => rule.range(path, 'age', p.age, 0, 150),
    () => rule.latitude(path, 'latitude', p.latitude),
    () => rule.longitude(path, 'longitude', p.longitude),
    () => rule.arrayMaxSize(path, 'languages', p.languages, 10),
  );
}
validateWith(MatchInput, (i) => firstOf(
  () => rule.uuid('', 'needId', i.needId),
  () => (i.profile ? profileProblem(i.profile, 'profile') : undefined),
  () => rule.arrayMaxSize('', 'serviceTypes', i.serviceTypes, 30),
  () => rule.range('', 'limit', i.limit, 1, 100),
));
