import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { redactedUrl } from '../common/redacted-url';


const logger = new Logger('Redis');

/**
 * Gives an ioredis client an error handler (without one ioredis prints every failed reconnect as an
 * "Unhandled error event" with a stack) and logs one structured line per state change: when the client loses
 * Redis (naming REDIS_URL, without its password) and when it has it again. Returns the client.
 */
export function logRedisConnection<T extends Pick<Redis, 'on'>>(client: T, name: string, url: string): T {
  let down = false;
  client.on('error', (err: Error & { code?: string }) => {
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
