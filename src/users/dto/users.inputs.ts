import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageArgs } from '../../common/connection';
import { ROLES, Role } from '../../common/viewer';
import { RoleEnum } from '../../identity/identity.types';

export const MIN_PASSWORD_LENGTH = 10;

@InputType()
export class CreateUserInput {
  @Field() @IsEmail({}, { message: 'must be an email address' }) @MaxLength(254) email: string;
  @Field() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @Field({ description: `At least ${MIN_PASSWORD_LENGTH} characters` })
  @IsString() @MinLength(MIN_PASSWORD_LENGTH, { message: `must be at least ${MIN_PASSWORD_LENGTH} characters` }) @MaxLength(1024)
  password: string;
  @Field(() => RoleEnum) @IsIn(ROLES) role: Role;
  @Field(() => ID, { nullable: true, description: 'Required for every role but ADMIN' })
  @IsOptional() @IsUUID('all', { message: 'must be an id' })
  organizationId?: string;
  @Field(() => String, {
    nullable: true,
    description: "Region code at any level. Omitted: national for users created by an admin, the organisation's region for a coordinator's",
  })
  @IsOptional() @IsString() @MaxLength(13)
  regionScope?: string;
}

@InputType()
export class ChangeUserRoleInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) userId: string;
  @Field(() => RoleEnum) @IsIn(ROLES) role: Role;
}

@ArgsType()
export class UsersArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be an id' }) organizationId?: string;
}
