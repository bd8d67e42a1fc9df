import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlExceptionFilter } from '@nestjs/graphql';

/**
 * Every exception of a GraphQL operation goes on to Apollo as it is, where formatGraphQLError (graphql-errors.ts)
 * maps it and logs it once: an expected refusal at info, anything else as an error with its SQLSTATE and
 * constraint only. Without this filter Nest's own handler would log the exception first, message included, and a
 * database message can carry a client's name or phone number. HTTP routes keep Nest's handling.
 */
@Catch()
export class GraphqlExceptionFilter extends BaseExceptionFilter implements GqlExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return exception;
    return super.catch(exception, host);
  }
}
