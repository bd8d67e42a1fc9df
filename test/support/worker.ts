import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { QueueName, TimerSetName } from '../../src/jobs/job-registry';
import { TimerSet } from '../../src/jobs/timer-set';
import { WorkerModule } from '../../src/worker.module';

/**
 * Boots the real worker process (job handlers, schedules, the outbox relay unless OUTBOX_RELAY_ENABLED
 * is false) in the test process, against the test database and Redis prefix. Set env overrides before.
 */
export async function startWorker(): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  await app.init();
  return app;
}

/** Deletes every key under the test Redis prefix (queues of earlier runs), never anything else. */
export async function clearRedisPrefix(): Promise<void> {
  const prefix = process.env.REDIS_PREFIX!;
  if (!prefix.includes('test') && !prefix.includes('{rujuk-')) throw new Error(`refusing to clear Redis prefix ${prefix}`);
  const redis = new IORedis(process.env.REDIS_URL!);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A BullMQ queue handle under the test prefix, to look at jobs. Close it after use. */
export function testQueue(name: QueueName): Queue {
  const url = new URL(process.env.REDIS_URL!);
  return new Queue(name, {
    connection: { host: url.hostname, port: Number(url.port || 6379), db: Number(url.pathname.slice(1) || 0) },
    prefix: process.env.REDIS_PREFIX!,
  });
}

/** A timer set under the test prefix, to look at its members, with its own connection (`close()` it after use). */
export function testTimerSet(name: TimerSetName): TimerSet & { close(): void } {
  const redis = new IORedis(process.env.REDIS_URL!);
  return Object.assign(new TimerSet(redis, process.env.REDIS_PREFIX!, name), { close: () => redis.disconnect() });
}

export { eventually } from './eventually';
