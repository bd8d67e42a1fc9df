import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Logger, PARAMS_PROVIDER_TOKEN, PinoLogger, type Params } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { safeErrorLog } from './error-log';
import { currentRequest } from './request-context';

/** Log lines are written to stdout in blocks of at least this many bytes... */
export const LOG_BLOCK_BYTES = 4096;
/** ...or this long after the first line of a block, whichever comes first (and at exit, synchronously). */
export const LOG_FLUSH_MS = 1000;

/** The process's root pino logger (Nest's Logger writes through it; so does the access log, request-log.ts). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

let destination: DestinationStream | undefined;

/**
 * stdout, one per process. pino's default writes every line with its own asynchronous write (a round trip
 * through libuv's thread pool per line: per request at `info`); this one collects lines into blocks of
 * LOG_BLOCK_BYTES, written at most LOG_FLUSH_MS later. pino flushes it synchronously when the process exits
 * (process.exit, an uncaught exception, the end of the event loop); a process killed outright (SIGKILL, out of
 * memory) loses at most the last second of lines.
 */
function stdoutDestination(): DestinationStream {
  destination ??= pino.destination({ dest: 1, sync: false, minLength: LOG_BLOCK_BYTES, periodicFlush: LOG_FLUSH_MS });
  return destination;
}

/** The fields of the worker job running now (request-context.ts), added to each line written meanwhile. */
function contextFields(): Record<string, unknown> {
  return currentRequest()?.logFields?.() ?? {};
}

/**
 * pino JSON logs. One logger per process and no child logger per request. A line written during a worker job
 * carries its `requestId`, `job` and `jobId`, taken from the job's context when the line is written. In the API,
 * which enters no such context (request-context.ts), the lines about a request carry its `req` (id, method, URL)
 * because their writers pass it: the access line (request-log.ts) and the errors (graphql-errors.ts). No bodies,
 * no secrets.
 */
export function rootLogger(config: AppConfig, name: string, stream: DestinationStream = stdoutDestination()): Pino {
  return pino({
    name,
    level: config.log.level,
    // Every logged error, whoever logs it (Nest's ExceptionsHandler too): a database error as its SQLSTATE,
    // constraint and table only, never its parameters, detail ("Failing row contains ...") or message.
    serializers: { err: (err: unknown) => safeErrorLog(err) },
    mixin: contextFields,
  }, stream);
}

/**
 * Nest's logger (nestjs-pino's `Logger` and `PinoLogger`) over the root logger, without nestjs-pino's
 * per-request middleware (pino-http's child logger and a second AsyncLocalStorage): the access log and the
 * request context are request-log.ts's.
 */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(name: string): DynamicModule {
    return {
      module: LoggingModule,
      providers: [
        { provide: ROOT_LOGGER, inject: [APP_CONFIG], useFactory: (c: AppConfig) => rootLogger(c, name) },
        { provide: PARAMS_PROVIDER_TOKEN, inject: [ROOT_LOGGER], useFactory: (logger: Pino): Params => ({ pinoHttp: { logger } }) },
        PinoLogger,
        Logger,
      ],
      exports: [ROOT_LOGGER, PARAMS_PROVIDER_TOKEN, PinoLogger, Logger],
    };
  }
}
