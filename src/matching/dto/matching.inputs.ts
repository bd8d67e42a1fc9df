import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsLatitude, IsLongitude, IsOptional, IsString, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { IsBirthDate } from '../../common/dates';
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
