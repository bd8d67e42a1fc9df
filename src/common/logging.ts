import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { safeErrorLog } from './error-log';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** pino JSON logs with a request id (taken from X-Request-Id when sane, else new). No bodies, no secrets. */
export function loggerParams(config: AppConfig, name: string): Params {
  return {
    pinoHttp: {
      name,
      level: config.log.level,
      genReqId: (req: IncomingMessage, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], remove: true },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        // Every logged error, whoever logs it (Nest's ExceptionsHandler too): a database error as its SQLSTATE,
        // constraint and table only, never its parameters, detail ("Failing row contains ...") or message.
        err: (err: unknown) => safeErrorLog(err),
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/healthz' || req.url === '/readyz' },
    },
  };
}
