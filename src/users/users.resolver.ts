import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../common/current-user.decorator';
import { UserType } from '../identity/identity.types';
import { UserConnection } from './users.types';
import { ChangeUserRoleInput, CreateUserInput, UsersArgs } from './dto/users.inputs';
import { UserManagementService } from './user-management.service';
import type { Viewer } from '../common/viewer';

@Resolver(() => UserType)
export class UsersResolver {
  constructor(private readonly management: UserManagementService) {}

  @Query(() => UserConnection, { description: 'Admins: all users; coordinators: users of organisations in their region' })
  users(@CurrentUser() viewer: Viewer, @Args() args: UsersArgs): Promise<UserConnection> {
    return this.management.list(viewer, args);
  }

  @Mutation(() => UserType)
  createUser(@CurrentUser() viewer: Viewer, @Args('input') input: CreateUserInput): Promise<UserType> {
    return this.management.create(viewer, input);
  }

  @Mutation(() => UserType)
  deactivateUser(@CurrentUser() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<UserType> {
    return this.management.deactivate(viewer, id);
  }

  @Mutation(() => UserType)
  reactivateUser(@CurrentUser() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<UserType> {
    return this.management.reactivate(viewer, id);
  }

  @Mutation(() => UserType)
  changeUserRole(@CurrentUser() viewer: Viewer, @Args('input') input: ChangeUserRoleInput): Promise<UserType> {
    return this.management.changeRole(viewer, input);
  }
}
