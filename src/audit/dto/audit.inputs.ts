import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PageArgs } from '../../common/connection';

@ArgsType()
export class AuditTrailArgs extends PageArgs {
  @Field({ description: 'Organization, Service, Location, User, ...' })
  @IsString() @MinLength(1) @MaxLength(64)
  entityType: string;

  @Field(() => ID)
  @IsString() @MinLength(1) @MaxLength(64)
  entityId: string;
}
