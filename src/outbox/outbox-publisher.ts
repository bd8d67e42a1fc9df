import { Queue } from 'bullmq';
import IORedis, { Redis } from 'ioredis';
import { CHANNELS, eventChannelName } from '../redis/pubsub';
import { batchJobId, bulkByQueue, JobName, QueueName, TimerSetName } from '../jobs/job-registry';
import { TimerSet } from '../jobs/timer-set';
import { joinRequestIds, withRequestId } from '../jobs/job-request-id';
import { joinTraceparents, withTraceContext } from '../jobs/job-trace-context';
import type { DispatchPayload, NotificationRecipient } from '../jobs/notification-payloads';
import { logRedisConnection } from '../redis/redis-connection-log';
import { jobDelayMs } from './outbox-timing';
import type { OutboxRow } from './outbox.types';

/** Where the relay publishes to. An interface so the relay can be tested against a broken Redis. */
export interface OutboxSink {
  /**
   * Adds the rows' jobs (kind JOB and NOTIFICATION) to BullMQ and their timers (kind TIMER) to their timer sets.
   * Throws when any could not be added.
   */
  addJobs(rows: OutboxRow[], now: Date): Promise<void>;
  /** Publishes the rows' events on Redis pub/sub: kind EVENT as written; NOTIFICATION as its in-app event (see eventsOf). */
  publishEvents(rows: OutboxRow[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The relay's own Redis connection: no offline queue and a command timeout, so that with Redis down a
 * publish fails at once instead of hanging with the claimed rows locked.
 */
export function relayRedis(url: string): Redis {
  const client = new IORedis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 5_000,
    connectTimeout: 3_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  return logRedisConnection(client, 'outbox-relay', url);
}

/** The most notifications one `notifications.dispatch` job carries. */
export const NOTIFICATIONS_PER_DISPATCH = 100;

export interface RelayedJob {
  name: JobName;
  data: unknown;
  jobId: string;
  delay: number;
}

/** The NOTIFICATION rows among `rows`, in groups of up to NOTIFICATIONS_PER_DISPATCH: one dispatch job each. */
export function dispatchGroups(rows: OutboxRow[]): OutboxRow[][] {
  const notifications = rows.filter((r) => r.kind === 'NOTIFICATION');
  const groups: OutboxRow[][] = [];
  for (let i = 0; i < notifications.length; i += NOTIFICATIONS_PER_DISPATCH) groups.push(notifications.slice(i, i + NOTIFICATIONS_PER_DISPATCH));
  return groups;
}

/** The id of a group's dispatch job, made from its rows' ids: the same rows relayed again are not queued twice. */
export function dispatchJobId(group: Pick<OutboxRow, 'id'>[]): string {
  return batchJobId('notifications', group.map((r) => r.id));
}

/**
 * The `notifications.dispatch` job of a group of NOTIFICATION rows, with their request ids and traceparents: what
 * the relay adds, and what the reconciler adds again when Redis lost it before it ran.
 */
export function dispatchJobOf(group: OutboxRow[]): RelayedJob {
  const data = { notifications: group.map((r) => ({ ...(r.payload as object), notificationId: r.id, occurredAt: r.createdAt.toISOString() }) as DispatchPayload) };
  return {
    name: 'notifications.dispatch',
    data: withTraceContext(withRequestId(data, joinRequestIds(group.map((r) => r.requestId))), joinTraceparents(group.map((r) => r.traceContext))),
    jobId: dispatchJobId(group),
    delay: 0,
  };
}

/**
 * The BullMQ jobs rows become: a JOB row as written (with the request id and traceparent of its row); the
 * NOTIFICATION rows together, as `notifications.dispatch` jobs (dispatchGroups, dispatchJobOf).
 */
export function jobsOf(rows: OutboxRow[], now: Date): RelayedJob[] {
  const jobs: RelayedJob[] = rows
    .filter((r) => r.kind === 'JOB')
    .map((r) => ({
      name: r.topic as JobName,
      data: withTraceContext(withRequestId(r.payload, r.requestId ?? null), r.traceContext ?? null),
      jobId: r.jobId!,
      delay: jobDelayMs(r.runAt, now),
    }));
  for (const group of dispatchGroups(rows)) jobs.push(dispatchJobOf(group));
  return jobs;
}

/** The TIMER rows among `rows`, by timer set. */
export function timersOf(rows: OutboxRow[]): Map<TimerSetName, { member: string; at: Date }[]> {
  const bySet = new Map<TimerSetName, { member: string; at: Date }[]>();
  for (const r of rows) {
    if (r.kind !== 'TIMER') continue;
    const set = r.topic as TimerSetName;
    bySet.set(set, [...(bySet.get(set) ?? []), { member: String(r.payload.member), at: r.runAt ?? r.createdAt }]);
  }
  return bySet;
}

/** The channels an EVENT row is published to: its topic, one channel or several separated by spaces. */
export function eventChannels(row: Pick<OutboxRow, 'topic'>): string[] {
  return row.topic.split(' ');
}

/**
 * The pub/sub messages rows become: an EVENT row's payload on each of its channels; a NOTIFICATION row's
 * in-app event (`myNotifications`) on its recipient's channel, if it has one.
 */
export function eventsOf(rows: OutboxRow[]): { channel: string; message: string }[] {
  const events: { channel: string; message: string }[] = [];
  for (const row of rows) {
    if (row.kind === 'EVENT') {
      const message = JSON.stringify(row.payload);
      for (const channel of eventChannels(row)) events.push({ channel, message });
    } else if (row.kind === 'NOTIFICATION') {
      const n = row.payload as unknown as Pick<DispatchPayload, 'recipient' | 'template' | 'data'>;
      const channel = inAppChannel(n.recipient);
      if (channel) {
        events.push({ channel, message: JSON.stringify({ notificationId: row.id, template: n.template, data: n.data, occurredAt: row.createdAt.toISOString() }) });
      }
    }
  }
  return events;
}

const READY_WAIT_MS = 1_000;


/**
 * The subscription channel (`myNotifications`) on which a notification is shown in the app: a user's, an
 * organisation's staff's; none for the holders of a role (they are told by email).
 */
export function inAppChannel(r: NotificationRecipient): string | null {
  if (r.userId !== undefined) return CHANNELS.userNotifications(r.userId);
  if (r.role !== undefined) return null;
  return CHANNELS.organizationNotifications(r.organizationId);
}
export class RedisOutboxSink implements OutboxSink {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
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
    const byQueue = bulkByQueue(jobsOf(rows, now).map((j) => ({ name: j.name, data: j.data, opts: { jobId: j.jobId, delay: j.delay } })));
    for (const [queue, jobs] of byQueue) await this.queue(queue).addBulk(jobs);
    for (const [set, timers] of timersOf(rows)) await new TimerSet(this.redis, this.prefix, set).schedule(timers);
  }

  async publishEvents(rows: OutboxRow[]): Promise<void> {
    const events = eventsOf(rows);
    if (!events.length) return;
    await this.ready();
    const pipeline = this.redis.pipeline();
    for (const e of events) pipeline.publish(eventChannelName(this.prefix, e.channel), e.message);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
