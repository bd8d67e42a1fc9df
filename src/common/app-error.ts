import { IntrinsicException } from '@nestjs/common';

/**
 * The error codes the public API speaks. Every module throws AppError with one of these, and one mapper
 * (graphql-errors.ts) turns them into GraphQL errors.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  /** Sending a referral needs consent that covers its recipient, or a recorded choice to send without identifying data. */
  CONSENT_REQUIRED = 'CONSENT_REQUIRED',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  /** A request authenticated by the console's session cookie without the session's X-CSRF-Token header. */
  CSRF_TOKEN_INVALID = 'CSRF_TOKEN_INVALID',
  /** A single-referral link that is unknown, revoked, expired or already used to answer (one code for all). */
  REFERRAL_LINK_INVALID = 'REFERRAL_LINK_INVALID',
  /** A dependency (Redis for the login guard, PostgreSQL) is unreachable: try again shortly. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** Encrypted personal data whose key is not configured (DATA_ENCRYPTION_KEY / DATA_ENCRYPTION_KEYS). */
  DATA_KEY_UNAVAILABLE = 'DATA_KEY_UNAVAILABLE',
}

export interface AppErrorDetails {
  /** The input field at fault, as a dotted path ("input.minimumAge"). */
  field?: string;
  /** The rule that was broken, in words ("must not exceed maximumAge"). */
  rule?: string;
  [key: string]: unknown;
}

/**
 * An expected refusal. It extends Nest's IntrinsicException so Nest's exception handler does not log it as an
 * error with a stack; formatGraphQLError logs it at info.
 */
export class AppError extends IntrinsicException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: AppErrorDetails = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  static badInput(field: string, rule: string, extra: AppErrorDetails = {}): AppError {
    return new AppError(ErrorCode.BAD_USER_INPUT, `${field}: ${rule}`, { field, rule, ...extra });
  }
  static notFound(entity: string, id: string): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${entity} ${id} not found`, { entity, id });
  }
  static forbidden(message = 'You are not allowed to do this'): AppError {
    return new AppError(ErrorCode.FORBIDDEN, message);
  }
  static unauthenticated(message = 'Authentication required'): AppError {
    return new AppError(ErrorCode.UNAUTHENTICATED, message);
  }
  static conflict(message: string, extra: AppErrorDetails = {}): AppError {
    return new AppError(ErrorCode.CONFLICT, message, extra);
  }
  static unavailable(message: string, retryAfterSeconds: number): AppError {
    return new AppError(ErrorCode.SERVICE_UNAVAILABLE, message, { retryAfterSeconds });
  }
}

/** PostgreSQL unique violations become CONFLICT in the data layer. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}
