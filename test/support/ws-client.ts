import { Client, createClient } from 'graphql-ws';
import IORedis from 'ioredis';
import WebSocket from 'ws';
import { eventChannelName } from '../../src/redis/pubsub';
import type { TestApp } from './harness';
import { eventually } from './eventually';

/** A graphql-ws client with the token (and any `params`) in the connection params. */
export function wsClient(t: TestApp, token?: string, params: Record<string, unknown> = {}): Client {
  return createClient({
    url: `${t.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...params },
    retryAttempts: 0,
    lazy: true,
  });
}

/** Collects what a subscription yields. */
export function collect(client: Client, query: string): { items: any[]; errors: unknown[]; done: Promise<void>; stop: () => void } {
  const items: any[] = [];
  const errors: unknown[] = [];
  let stop = () => undefined as void;
  const done = new Promise<void>((resolve) => {
    stop = client.subscribe({ query }, {
      next: (v) => (v.errors ? errors.push(...v.errors) : items.push(v.data)),
      error: (e) => {
        errors.push(e);
        resolve();
      },
      complete: () => resolve(),
    });
  });
  return { items, errors, done, stop };
}


/**
 * Polls Redis until the API listens on every given event channel (CHANNELS.*), so a test publishes only once a
 * subscription can receive it: the positive signal to wait for instead of a fixed pause after subscribing.
 */
export async function untilSubscribed(channels: string[], timeoutMs = 8_000): Promise<void> {
  const redis = new IORedis(process.env.REDIS_URL!);
  try {
    const names = channels.map((c) => eventChannelName(process.env.REDIS_PREFIX!, c));
    await eventually(async () => {
      const counts = (await redis.pubsub('NUMSUB', ...names)) as (string | number)[];
      return names.every((_, i) => Number(counts[2 * i + 1]) > 0);
    }, timeoutMs);
  } finally {
    redis.disconnect();
  }
}

/**
 * The number of event channels the API listens on now (its Redis subscriber's channels under REDIS_PREFIX).
 * With one subscription at a time, 0 -> 1 is the positive signal that a subscription was accepted, and back to 0
 * that it was torn down.
 */
export async function untilEventChannels(predicate: (count: number) => boolean, timeoutMs = 8_000): Promise<void> {
  const redis = new IORedis(process.env.REDIS_URL!);
  try {
    const pattern = `${eventChannelName(process.env.REDIS_PREFIX!, '')}*`;
    await eventually(async () => predicate(((await redis.pubsub('CHANNELS', pattern)) as string[]).length), timeoutMs);
  } finally {
    redis.disconnect();
  }
}
