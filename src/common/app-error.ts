/**
 * The error codes the public API speaks (DESIGN.md). Every module throws AppError with one of these,
 * and one mapper (graphql-errors.ts) turns them into GraphQL errors.
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
}

export interface AppErrorDetails {
  /** The input field at fault, as a dotted path ("input.minimumAge"). */
  field?: string;
  /** The rule that was broken, in words ("must not exceed maximumAge"). */
  rule?: string;
  [key: string]: unknown;
}

export class AppError extends Error {
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
}

/** PostgreSQL unique violations become CONFLICT in the data layer. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}
