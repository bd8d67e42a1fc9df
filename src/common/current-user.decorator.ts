import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Viewer } from './viewer';

export function requestOf(ctx: ExecutionContext): { user?: Viewer; headers: Record<string, string | string[] | undefined>; ip?: string; id?: string } {
  // GqlExecutionContext.getContext() is the resolver's third argument; read without making one per call.
  if (ctx.getType<string>() === 'graphql') return ctx.getArgByIndex<{ req: ReturnType<typeof requestOf> }>(2).req;
  // The Node request under Fastify's: the middleware marks it (sessionCsrfMiddleware) and the guards set its user.
  return ctx.switchToHttp().getRequest<{ raw: ReturnType<typeof requestOf> }>().raw;
}

/** The signed-in caller of a request; the auth guard guarantees one on every non-public operation. */
export function viewerOf(req: { user?: Viewer }): Viewer {
  if (!req.user) throw new Error('CurrentUser used on an operation without authentication');
  return req.user;
}

/** The signed-in caller (field resolvers in graphql-js's signature use viewerOf(context.req)). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Viewer => viewerOf(requestOf(ctx)));
