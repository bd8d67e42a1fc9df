import { inspect } from 'node:util';
import { HttpException, Logger } from '@nestjs/common';
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { AppError, ErrorCode } from './app-error';
import { safeErrorLog } from './error-log';
import { DEFAULT_LOCALE, type Locale } from './locale';
import { localize } from './messages';
import { type RequestContext, requestContextOf } from './request-context';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE, isConnectionUnavailable } from './unavailable';

/**
 * The HTTP status each public error code stands for. Exhaustive: a code added to ErrorCode without a
 * status here does not compile.
 */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
    case ErrorCode.CSRF_TOKEN_INVALID:
      return 403;
    case ErrorCode.NOT_FOUND:
    case ErrorCode.REFERRAL_LINK_INVALID:
      return 404;
    case ErrorCode.CONFLICT:
    case ErrorCode.INVALID_TRANSITION:
      return 409;
    case ErrorCode.CONSENT_REQUIRED:
      return 422;
    case ErrorCode.TOO_MANY_REQUESTS:
      return 429;
    case ErrorCode.SERVICE_UNAVAILABLE:
    case ErrorCode.DATA_KEY_UNAVAILABLE:
      return 503;
    default: {
      const unmapped: never = code;
      throw new Error(`Unmapped error code ${String(unmapped)}`);
    }
  }
}

const logger = new Logger('GraphQL');

const PASS_THROUGH = new Set<string>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  ...Object.values(ErrorCode),
]);

function httpExceptionCode(status: number): ErrorCode | 'INTERNAL_SERVER_ERROR' {
  if (status === 401) return ErrorCode.UNAUTHENTICATED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 429) return ErrorCode.TOO_MANY_REQUESTS;
  if (status === 503) return ErrorCode.SERVICE_UNAVAILABLE;
  return status < 500 ? ErrorCode.BAD_USER_INPUT : 'INTERNAL_SERVER_ERROR';
}

/** A BAD_USER_INPUT's rule in the reader's language (absent when the error has no rule). */
function localizedRule(error: AppError, locale: Locale): { rule?: string } {
  return typeof error.details.rule === 'string' ? { rule: localize(error.details.rule, locale, error.details) } : {};
}

/** An AppError's message in the reader's language: a bad input still reads `field: rule`. */
function localizedText(error: AppError, locale: Locale): { message: string } {
  const { field, rule } = error.details;
  if (error.code === ErrorCode.BAD_USER_INPUT && typeof field === 'string' && typeof rule === 'string') {
    return { message: `${field}: ${localize(rule, locale, error.details)}` };
  }
  return { message: localize(error.message, locale, error.details) };
}

/**
 * Apollo's formatError: known errors keep their code and details; a lost or refused database connection
 * (unavailable.ts) becomes SERVICE_UNAVAILABLE with `retryAfterSeconds`; everything else becomes an opaque
 * INTERNAL_SERVER_ERROR. Expected refusals are logged at info without a stack; only unexpected errors log as
 * errors, and then without SQL parameters or database messages (error-log.ts). Stack traces never leave the
 * process.
 *
 * Messages are written in the language of `ctx`, the request the error belongs to (Indonesian unless
 * Accept-Language asks for English; the catalogue is messages.ts): `message` and a BAD_USER_INPUT's
 * `extensions.rule` are localized, while `extensions.code`, `extensions.field` and every other detail stay as they
 * are, for clients to act on. The lines logged carry the request's fields (its `req`: id, method, URL). Without a
 * request (null), Indonesian and no request fields.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown, ctx: RequestContext | null): GraphQLFormattedError {
  const locale = ctx?.locale ?? DEFAULT_LOCALE;
  // A new object for each line (logFields), only for the lines written.
  const logged = (fields: Record<string, unknown>) => ({ ...ctx?.logFields?.(), ...fields });
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  if (original instanceof AppError) {
    logger.log(logged({ code: original.code, path: formatted.path, field: original.details.field }), 'operation refused');
    return {
      ...localizedText(original, locale),
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: original.code, ...original.details, ...localizedRule(original, locale) },
    };
  }
  if (original instanceof HttpException) {
    const code = httpExceptionCode(original.getStatus());
    if (code !== 'INTERNAL_SERVER_ERROR') logger.log(logged({ code, path: formatted.path }), 'operation refused');
    return { message: localize(original.message, locale), path: formatted.path, extensions: { code } };
  }
  if (isConnectionUnavailable(original)) {
    // An outage, not a fault: SERVICE_UNAVAILABLE (HTTP 503 with Retry-After, see unavailableStatusPlugin).
    const error = AppError.unavailable(DATABASE_UNAVAILABLE_MESSAGE, DATABASE_RETRY_AFTER_SECONDS);
    const { type, sqlState, message } = safeErrorLog(original);
    logger.warn(logged({ code: error.code, path: formatted.path, cause: { type, sqlState, message } }), 'operation refused: database unavailable');
    return { ...localizedText(error, locale), path: formatted.path, locations: formatted.locations, extensions: { code: error.code, ...error.details } };
  }
  const code = formatted.extensions?.code as string | undefined;
  if (code && PASS_THROUGH.has(code)) {
    const { stacktrace: _s, exception: _e, ...rest } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions: rest };
  }
  logger.error(logged({ err: safeErrorLog(original), path: formatted.path }), 'unexpected error in a GraphQL operation');
  if (process.env.RUJUK_DEBUG_ERRORS) process.stderr.write(`${(original as Error)?.stack ?? inspect(original, { depth: 4 })}\n`);
  return { message: localize('Internal server error', locale), path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** The request each error of an operation belongs to, noted by errorRequestPlugin (held while the error is). */
const errorRequests = new WeakMap<GraphQLError, RequestContext>();

function noteRequest(contextValue: unknown, errors: readonly GraphQLError[]): void {
  const ctx = requestContextOf(contextValue);
  if (ctx) for (const e of errors) errorRequests.set(e, ctx);
}

const noteErrors: GraphQLRequestListener<BaseContext> = {
  async didEncounterErrors({ contextValue, errors }) {
    noteRequest(contextValue, errors);
  },
  async didEncounterSubsequentErrors({ contextValue }, errors) {
    noteRequest(contextValue, errors);
  },
};

/**
 * Apollo calls formatError with an error alone, not the request it belongs to. In an operation, Apollo first
 * reports the errors it is about to format to this plugin's didEncounterErrors (didEncounterSubsequentErrors for
 * deferred parts), with the operation's GraphQL context, and then formats those very error objects: the plugin
 * notes each one's request (the context's `req`), where requestOfError finds it.
 */
export function errorRequestPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return noteErrors;
    },
  };
}

/**
 * The request of an error Apollo gives formatError: the one errorRequestPlugin noted for it in an operation.
 * Apollo also formats errors outside any operation (a malformed body, a refused CSRF check, a failed start), where
 * it knows no GraphQL context: null, so Indonesian. Of those errors only an internal one's message is translated
 * at all: Apollo's BAD_REQUEST refusals pass through as Apollo wrote them.
 */
export function requestOfError(error: unknown): RequestContext | null {
  return (error !== null && typeof error === 'object' ? errorRequests.get(error as GraphQLError) : undefined) ?? null;
}

/**
 * A response whose errors include SERVICE_UNAVAILABLE answers HTTP 503 with Retry-After, so a client or a load
 * balancer can tell an outage from a refusal.
 */
export function unavailableStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const unavailable = response.body.singleResult.errors?.find((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE);
          if (!unavailable) return;
          response.http.status = httpStatusFor(ErrorCode.SERVICE_UNAVAILABLE);
          const retry = Number(unavailable.extensions?.retryAfterSeconds);
          if (Number.isFinite(retry) && retry > 0) response.http.headers.set('retry-after', String(Math.ceil(retry)));
        },
      };
    },
  };
}
