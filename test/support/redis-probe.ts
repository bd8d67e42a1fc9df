import IORedis from 'ioredis';
import { eventually } from './eventually';

/** Polls until a Redis server started by a test answers PING on 127.0.0.1:`port`. */
export async function untilRedisAnswers(port: number, timeoutMs: number): Promise<void> {
  await eventually(async () => {
    const probe = new IORedis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  }, timeoutMs, 100);
}
