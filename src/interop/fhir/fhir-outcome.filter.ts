import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, ErrorCode } from '../../common/app-error';
import { safeErrorLog } from '../../common/error-log';
import { httpStatusFor } from '../../common/graphql-errors';
import { requestLocale } from '../../common/locale';
import { localize } from '../../common/messages';

/** The FHIR issue type of each error code. */
const ISSUE: Record<ErrorCode, string> = {
  BAD_USER_INPUT: 'invalid', UNAUTHENTICATED: 'login', FORBIDDEN: 'forbidden', NOT_FOUND: 'not-found', CONFLICT: 'conflict',
  INVALID_TRANSITION: 'business-rule', CONSENT_REQUIRED: 'business-rule', TOO_MANY_REQUESTS: 'throttled',
  SERVICE_UNAVAILABLE: 'transient', DATA_KEY_UNAVAILABLE: 'exception', CSRF_TOKEN_INVALID: 'security',
  REFERRAL_LINK_INVALID: 'not-found',
};

/**
 * Errors of the FHIR endpoints as an OperationOutcome (`application/fhir+json`) with the HTTP status of the code
 * (400, 401, 403, 404, 409 for an illegal transition or a concurrent change, 412 for a stale If-Match, 429,
 * 503); Rujuk's code is the issue's `details.coding`, the words follow Accept-Language as in GraphQL. Anything
 * else is a 500 without details (logged).
 */
@Catch()
export class FhirOutcomeFilter implements ExceptionFilter {
  private readonly log = new Logger('FHIR');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<ServerResponse>();
    const req = http.getRequest<IncomingMessage>();
    if (res.headersSent) {
      res.destroy(error instanceof Error ? error : undefined);
      return;
    }
    let status = 500;
    let issue: Record<string, unknown> = { severity: 'error', code: 'exception', diagnostics: 'Internal server error' };
    if (error instanceof AppError) {
      const locale = requestLocale(req);
      const { field, rule } = error.details;
      const text = typeof field === 'string' && typeof rule === 'string' ? `${field}: ${localize(rule, locale, error.details)}` : localize(error.message, locale, error.details);
      status = error.details.preconditionFailed ? 412 : httpStatusFor(error.code);
      issue = {
        severity: 'error', code: error.details.preconditionFailed ? 'conflict' : ISSUE[error.code],
        details: { coding: [{ system: 'https://rujuk.id/fhir/CodeSystem/error-code', code: error.code }], text },
        diagnostics: text,
        ...(typeof field === 'string' ? { expression: [field] } : {}),
      };
    } else if (error instanceof HttpException && error.getStatus() < 500) {
      status = error.getStatus();
      issue = { severity: 'error', code: status === 404 ? 'not-found' : 'invalid', diagnostics: error.message };
    } else {
      this.log.error(safeErrorLog(error));
    }
    res.statusCode = status;
    res.setHeader('content-type', 'application/fhir+json; charset=utf-8');
    res.end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [issue] }));
  }
}
