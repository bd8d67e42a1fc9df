import { HttpException, Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { AppError, ErrorCode } from './app-error';

function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.CONFLICT:
    case ErrorCode.INVALID_TRANSITION:
      return 409;
    case ErrorCode.CONSENT_REQUIRED:
      return 422;
    case ErrorCode.TOO_MANY_REQUESTS:
      return 429;
    default: {
      const unmapped: never = code;
      throw new Error(`Unmapped error code ${String(unmapped)}`);
    }
  }
}

const unexpected = new Logger('GraphQL');

/** Turns an AppError into the GraphQL error clients see. */
export function toGraphQLError(err: AppError): GraphQLError {
  return new GraphQLError(err.message, {
    extensions: { code: err.code, status: httpStatusFor(err.code), ...err.details },
  });
}

const PASS_THROUGH = new Set<string>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  ...Object.values(ErrorCode),
]);

/**
 * Apollo's formatError: known errors keep their code and details, everything else becomes an
 * opaque INTERNAL_SERVER_ERROR. Stack traces never leave the process.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  if (original instanceof AppError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: original.code, ...original.details },
    };
  }
  if (original instanceof HttpException) {
    const status = original.getStatus();
    const code =
      status === 401
        ? ErrorCode.UNAUTHENTICATED
        : status === 403
          ? ErrorCode.FORBIDDEN
          : status === 404
            ? ErrorCode.NOT_FOUND
            : status === 429
              ? ErrorCode.TOO_MANY_REQUESTS
              : status < 500
                ? ErrorCode.BAD_USER_INPUT
                : 'INTERNAL_SERVER_ERROR';
    return { message: original.message, path: formatted.path, extensions: { code } };
  }
  const code = formatted.extensions?.code as string | undefined;
  if (code && PASS_THROUGH.has(code)) {
    const { stacktrace: _s, exception: _e, ...rest } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions: rest };
  }
  unexpected.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
  if (process.env.RUJUK_DEBUG_ERRORS) process.stderr.write(`${(original as Error)?.stack ?? String(original)}\n`);
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
