import { Queue } from 'bullmq';
import IORedis, { Redis } from 'ioredis';
import { eventChannelName } from '../../common/pubsub';
import { JOBS, JobName, QueueName, jobId as makeJobId } from '../../jobs/job-registry';
import { jobDelayMs } from './outbox-timing';
import type { OutboxRow } from './outbox.types';

/** Where the relay publishes to. An interface so the relay can be tested against a broken Redis. */
export interface OutboxSink {
  /** Adds the rows' jobs (kind JOB and NOTIFICATION) to BullMQ. Throws when any could not be added. */
  addJobs(rows: OutboxRow[], now: Date): Promise<void>;
  /** Publishes the rows' events (kind EVENT) on Redis pub/sub. */
  publishEvents(rows: OutboxRow[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The relay's own Redis connection: no offline queue and a command timeout, so that with Redis down a
 * publish fails at once instead of hanging with the claimed rows locked.
 */
export function relayRedis(url: string): Redis {
  return new IORedis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 5_000,
    connectTimeout: 3_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
}

/** The BullMQ job a row becomes: kind JOB as written; NOTIFICATION as a `notifications.dispatch` job. */
export function jobOf(row: OutboxRow, now: Date): { name: JobName; data: unknown; jobId: string; delay: number } {
  if (row.kind === 'NOTIFICATION') {
    return {
      name: 'notifications.dispatch',
      data: { ...row.payload, notificationId: row.id, occurredAt: row.createdAt.toISOString() },
      jobId: makeJobId('notification', row.id),
      delay: 0,
    };
  }
  return { name: row.topic as JobName, data: row.payload, jobId: row.jobId!, delay: jobDelayMs(row.runAt, now) };
}

/** The channels an EVENT row is published to: its topic, one channel or several separated by spaces. */
export function eventChannels(row: Pick<OutboxRow, 'topic'>): string[] {
  return row.topic.split(' ');
}

const READY_WAIT_MS = 1_000;

export class RedisOutboxSink implements OutboxSink {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    // Errors surface on the commands that fail; without a listener ioredis would print every reconnect.
    redis.on('error', () => undefined);
  }

  private queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.redis, prefix: this.prefix });
      q.on('error', () => undefined);
      this.queues.set(name, q);
    }
    return q;
  }

  /**
   * Fails at once when the connection is down (BullMQ would otherwise wait for it indefinitely); a fresh
   * connection gets a moment to come up.
   */
  private async ready(): Promise<void> {
    if (this.redis.status === 'ready') return;
    if (this.redis.status === 'wait') this.redis.connect().catch(() => undefined);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        reject(new Error(`Redis unavailable (connection ${this.redis.status})`));
      }, READY_WAIT_MS);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      this.redis.once('ready', onReady);
    });
  }

  async addJobs(rows: OutboxRow[], now: Date): Promise<void> {
    await this.ready();
    const byQueue = new Map<QueueName, Parameters<Queue['addBulk']>[0]>();
    for (const row of rows) {
      const job = jobOf(row, now);
      const def = JOBS[job.name];
      if (!def) throw new Error(`unknown job "${job.name}"`);
      const list = byQueue.get(def.queue) ?? [];
      list.push({ name: job.name, data: job.data, opts: { ...def.retry, jobId: job.jobId, delay: job.delay } });
      byQueue.set(def.queue, list);
    }
    for (const [queue, jobs] of byQueue) await this.queue(queue).addBulk(jobs);
  }

  async publishEvents(rows: OutboxRow[]): Promise<void> {
    if (!rows.length) return;
    await this.ready();
    const pipeline = this.redis.pipeline();
    for (const row of rows) {
      const message = JSON.stringify(row.payload);
      for (const channel of eventChannels(row)) pipeline.publish(eventChannelName(this.prefix, channel), message);
    }
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
