/** The benches' own Redis keys: each bench runs BullMQ under a prefix of its own and clears it. */
import IORedis from 'ioredis';

export function redisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** Deletes every key under `prefix`; returns how many. */
export async function clearRedisPrefix(prefix: string, url = redisUrl()): Promise<number> {
  const r = new IORedis(url);
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) deleted += await r.del(...keys);
  } while (cursor !== '0');
  r.disconnect();
  return deleted;
}
