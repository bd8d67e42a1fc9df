import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../common/current-user.decorator';
import { LoginService } from './login.service';
import { AuthPayload, UserType } from './identity.types';
import { LoginInput } from './dto/identity.inputs';
import { Public } from './public.decorator';
import { UsersService } from './users.service';
import type { Viewer } from '../common/viewer';

@Resolver(() => UserType)
export class IdentityResolver {
  constructor(
    private readonly login: LoginService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Mutation(() => AuthPayload, { name: 'login' })
  signIn(@Args('input') input: LoginInput, @Context('req') req: unknown): Promise<AuthPayload> {
    return this.login.login(input.email, input.password, req);
  }

  @Query(() => UserType)
  me(@CurrentUser() viewer: Viewer): Promise<UserType> {
    return this.users.me(viewer);
  }
}
