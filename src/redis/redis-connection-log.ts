import { Logger } from '@nestjs/common';
import { redactedUrl } from '../common/redacted-url';
import { isConnectionUnavailable } from '../common/unavailable';

const logger = new Logger('Redis');

/** What ioredis and BullMQ say when a connection is lost or refused (besides socket codes). */
const CONNECTION_MESSAGES = [/Connection is closed/, /Stream isn't writeable/, /Reached the max retries per request limit/, /connect ETIMEDOUT/];

/** True when an error from a client, queue or worker means Redis cannot be reached (not a failed command or job). */
export function isRedisConnectionError(err: unknown): boolean {
  if (isConnectionUnavailable(err)) return true;
  const message = (err as { message?: unknown })?.message;
  return typeof message === 'string' && CONNECTION_MESSAGES.some((re) => re.test(message));
}

export interface ConnectionLogOptions {
  /**
   * For emitters that also report other errors (a BullMQ Worker re-emits its connections' errors and its own):
   * errors that are not connection errors go here instead of counting as "down".
   */
  otherError?: (err: Error) => void;
}

/**
 * Gives an ioredis client (or a BullMQ Worker, which re-emits its connections' `error` and `ready`) an error
 * handler (without one ioredis prints every failed reconnect as an "Unhandled error event" with a stack) and
 * logs one structured line per state change: when the client loses Redis (naming REDIS_URL, without its
 * password) and when it has it again, not one per reconnect attempt. Returns the client.
 */
/** Anything with `error` and `ready` events: an ioredis client, a BullMQ Worker. */
export interface ConnectionEvents {
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
}

export function logRedisConnection<T extends ConnectionEvents>(client: T, name: string, url: string, options: ConnectionLogOptions = {}): T {
  let down = false;
  client.on('error', (err: Error & { code?: string }) => {
    if (options.otherError && !isRedisConnectionError(err)) {
      options.otherError(err);
      return;
    }
    if (down) return;
    down = true;
    logger.error({ client: name, redisUrl: redactedUrl(url), code: err.code, err: err.message }, 'Redis unreachable (REDIS_URL); retrying');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.log({ client: name, redisUrl: redactedUrl(url) }, 'Redis reachable again');
  });
  return client;
}
