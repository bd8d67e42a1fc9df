import { ArgsType, Field } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageArgs } from '../../common/connection';
import type { RegionLevel } from '../region-code';
import { RegionLevelEnum } from '../taxonomy.types';

@ArgsType()
export class RegionsArgs extends PageArgs {
  @Field(() => RegionLevelEnum, { nullable: true }) @IsOptional() @IsIn(Object.values(RegionLevelEnum)) level?: RegionLevel;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(13) parentCode?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) search?: string;
}
