import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { AppError } from './app-error';
import { httpStatusFor } from './graphql-errors';
import { nodeHttp } from './node-http';

/**
 * For plain HTTP controllers (CSV reports): an AppError becomes its HTTP status (the same table GraphQL uses) with
 * a JSON body `{ code, message, field? }`. Other errors are left to Nest (500 without details).
 */
@Catch(AppError)
export class AppErrorHttpFilter implements ExceptionFilter {
  catch(error: AppError, host: ArgumentsHost): void {
    const { res } = nodeHttp(host);
    if (res.headersSent) {
      res.destroy(error);
      return;
    }
    const body = { code: error.code, message: error.message, ...(error.details.field ? { field: error.details.field } : {}) };
    res.statusCode = httpStatusFor(error.code);
    const retryAfter = Number(error.details.retryAfterSeconds);
    if (Number.isFinite(retryAfter) && retryAfter > 0) res.setHeader('retry-after', String(Math.ceil(retryAfter)));
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(body));
  }
}
