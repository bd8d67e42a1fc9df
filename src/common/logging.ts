import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino, { type DestinationStream } from 'pino';
import type { AppConfig } from '../config/app-config';
import { safeErrorLog } from './error-log';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Log lines are written to stdout in blocks of at least this many bytes... */
export const LOG_BLOCK_BYTES = 4096;
/** ...or this long after the first line of a block, whichever comes first (and at exit, synchronously). */
export const LOG_FLUSH_MS = 1000;

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

/**
 * pino JSON logs with a request id (taken from X-Request-Id when sane, else new). No bodies, no secrets: a
 * request is logged as its id, method and URL, a response as its status (no headers, so no cookies).
 */
export function loggerParams(config: AppConfig, name: string): Params {
  return {
    pinoHttp: [{
      name,
      level: config.log.level,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        // Every logged error, whoever logs it (Nest's ExceptionsHandler too): a database error as its SQLSTATE,
        // constraint and table only, never its parameters, detail ("Failing row contains ...") or message.
        err: (err: unknown) => safeErrorLog(err),
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/healthz' || req.url === '/readyz' },
    }, stdoutDestination()],
  };
}
