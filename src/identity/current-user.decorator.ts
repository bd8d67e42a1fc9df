import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Viewer } from './viewer';

export function requestOf(ctx: ExecutionContext): { user?: Viewer; headers: Record<string, string | string[] | undefined>; ip?: string; id?: string } {
  if (ctx.getType<string>() === 'graphql') return GqlExecutionContext.create(ctx).getContext().req;
  return ctx.switchToHttp().getRequest();
}

/** The signed-in caller; the auth guard guarantees one on every non-public operation. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Viewer => {
  const user = requestOf(ctx).user;
  if (!user) throw new Error('CurrentUser used on an operation without authentication');
  return user;
});
