import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ROLES, Role } from '../common/viewer';

export const RoleEnum = Object.fromEntries(ROLES.map((r) => [r, r])) as { [K in Role]: K };
registerEnumType(RoleEnum, { name: 'Role' });

@ObjectType('User')
export class UserType {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field() name: string;
  @Field(() => RoleEnum) role: Role;
  @Field(() => ID, { nullable: true }) organizationId: string | null;
  @Field(() => String, { nullable: true, description: 'Region code at any level; null = national' })
  regionScope: string | null;
  @Field() active: boolean;
}

@ObjectType()
export class AuthPayload {
  @Field() token: string;
  @Field() expiresAt: Date;
  @Field(() => UserType) user: UserType;
}

export function toUserType(u: {
  id: string; email: string; name: string; role: Role; organizationId: string | null; regionScope: string | null; active: boolean;
}): UserType {
  return {
    id: u.id, email: u.email, name: u.name, role: u.role,
    organizationId: u.organizationId, regionScope: u.regionScope, active: u.active,
  };
}
