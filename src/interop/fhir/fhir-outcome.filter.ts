import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, ErrorCode } from '../../common/app-error';
import { safeErrorLog } from '../../common/error-log';
import { httpStatusFor } from '../../common/graphql-errors';
import { requestLocale } from '../../common/locale';
import { requestContextOf } from '../../common/request-context';
import { localize } from '../../common/messages';
import { nodeHttp } from '../../common/node-http';

/** The FHIR issue type of each error code. */
const ISSUE: Record<ErrorCode, string> = {
  BAD_USER_INPUT: 'invalid', UNAUTHENTICATED: 'login', FORBIDDEN: 'forbidden', NOT_FOUND: 'not-found', CONFLICT: 'conflict',
  INVALID_TRANSITION: 'business-rule', CONSENT_REQUIRED: 'business-rule', TOO_MANY_REQUESTS: 'throttled',
  SERVICE_UNAVAILABLE: 'transient', DATA_KEY_UNAVAILABLE: 'exception', CSRF_TOKEN_INVALID: 'security',
  REFERRAL_LINK_INVALID: 'not-found',
};

/** The body parser's errors (by their `type`, as body-parser names them) as FHIR issues: the body could not be read as JSON at all. */
const BODY_ERRORS: Record<string, { status: number; issue: string; rule: string }> = {
  'entity.parse.failed': { status: 400, issue: 'structure', rule: 'is not valid JSON' },
  'entity.too.large': { status: 413, issue: 'too-long', rule: 'is larger than the limit of {limit} bytes' },
  'charset.unsupported': { status: 415, issue: 'not-supported', rule: 'has a character set other than UTF-8' },
  'encoding.unsupported': { status: 415, issue: 'not-supported', rule: 'has a content encoding other than gzip, deflate or identity' },
  'request.aborted': { status: 400, issue: 'incomplete', rule: 'was not received whole (the request was aborted)' },
  'request.size.invalid': { status: 400, issue: 'incomplete', rule: 'does not have the length its Content-Length names' },
};

/**
 * Errors of the FHIR endpoints as an OperationOutcome (`application/fhir+json`) with the HTTP status of the code
 * (400, 401, 403, 404, 409 for an illegal transition or a concurrent change, 412 for a stale If-Match, 415 for a
 * body in another format, 429, 503); Rujuk's code is the issue's `details.coding`, the words follow
 * Accept-Language as in GraphQL. A body that is not JSON is a 400 `structure` issue (413 `too-long` past the
 * size limit), answered by `fhirBodyErrors` before any route runs. Anything else is a 500 without details
 * (logged).
 */
@Catch()
export class FhirOutcomeFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const { req, res } = nodeHttp(host);
    sendOutcome(error, req, res);
  }
}

/**
 * The HTTP adapter's error handler for `/fhir` (bootstrap.ts): a body the parser refused (not JSON, too large,
 * another character set; common/json-body.ts) is answered as an OperationOutcome, not as Nest's JSON error.
 */
export function fhirBodyErrors(error: unknown, req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void {
  const type = (error as { type?: unknown } | null)?.type;
  const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
  if (!known) return next(error);
  const limit = (error as { limit?: unknown }).limit;
  sendOutcome(AppError.badInput('body', known.rule.replace('{limit}', String(limit)), { httpStatus: known.status, fhirIssue: known.issue, limit }), req, res);
}

const log = new Logger('FHIR');

function sendOutcome(error: unknown, req: IncomingMessage, res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy(error instanceof Error ? error : undefined);
    return;
  }
  let status = 500;
  let issue: Record<string, unknown> = { severity: 'error', code: 'exception', diagnostics: 'Internal server error' };
  if (error instanceof AppError) {
    const locale = requestLocale(req);
    const { field, rule, httpStatus, fhirIssue } = error.details;
    const text = typeof field === 'string' && typeof rule === 'string' ? `${field}: ${localize(rule, locale, error.details)}` : localize(error.message, locale, error.details);
    status = error.details.preconditionFailed ? 412 : typeof httpStatus === 'number' ? httpStatus : httpStatusFor(error.code);
    issue = {
      severity: 'error', code: error.details.preconditionFailed ? 'conflict' : typeof fhirIssue === 'string' ? fhirIssue : ISSUE[error.code],
      details: { coding: [{ system: 'https://rujuk.id/fhir/CodeSystem/error-code', code: error.code }], text },
      diagnostics: text,
      ...(typeof field === 'string' ? { expression: [field] } : {}),
    };
  } else if (error instanceof HttpException && error.getStatus() < 500) {
    status = error.getStatus();
    issue = { severity: 'error', code: status === 404 ? 'not-found' : 'invalid', diagnostics: error.message };
  } else {
    log.error({ ...requestContextOf(req)?.logFields?.(), err: error }, 'unexpected error in a FHIR request');
  }
  res.statusCode = status;
  res.setHeader('content-type', 'application/fhir+json; charset=utf-8');
  res.end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [issue] }));
}
