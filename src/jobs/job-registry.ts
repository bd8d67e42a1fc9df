/**
 * The one place that names Rujuk's queues, jobs, retry policies and schedules.
 * Each job has exactly one handler (a provider decorated with @JobHandler) whose payload type is
 * declared here; the worker refuses to start if a job has no handler or two.
 * Payloads carry ids only: a handler reloads state and does nothing if the state moved on.
 */
import type { DefaultJobOptions } from 'bullmq';
import type { DispatchPayload } from '../notifications/notification.types';

export const QUEUES = {
  directory: 'directory',
  notifications: 'notifications',
  outbox: 'outbox',
  referrals: 'referrals',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const DAY = 24 * 3600;

/** Named retry policies: attempts, exponential backoff, clean-up of finished jobs. */
export const RETRY = {
  maintenance: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 30_000 },
    removeOnComplete: { age: 7 * DAY, count: 1000 },
    removeOnFail: { age: 30 * DAY },
  },
  /** Resolving a notification's recipients: quick retries, the deliveries carry their own policy. */
  dispatch: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: { age: 7 * DAY },
    removeOnFail: { age: 30 * DAY },
  },
  /**
   * One delivery (webhook, email, SMS): exponential backoff 30 s, 1, 2, 4 ... 64 min (about 2 h in all);
   * after the last attempt the delivery is DEAD (dead-letter list). WEBHOOK_MAX_ATTEMPTS and
   * WEBHOOK_BACKOFF_MS override attempts and delay when the job is added. Kept 7 days so a re-relayed
   * message finds the job id and is ignored.
   */
  delivery: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 30_000 },
    removeOnComplete: { age: 7 * DAY },
    removeOnFail: { age: 30 * DAY },
  },
  /** Referral deadlines: must fire; a few quick retries, kept a day so a re-relayed add is ignored. */
  sla: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: DAY },
    removeOnFail: { age: 30 * DAY },
  },
} as const satisfies Record<string, DefaultJobOptions>;

export interface JobPayloads {
  /** Marks services not verified within the staleness window; `asOf` is for tests and replays. */
  'directory.mark-stale-services': { asOf?: string };
  /** Resolves a notification's recipients and channels, records one delivery each and enqueues them. */
  'notifications.dispatch': DispatchPayload;
  /** Sends one notification_delivery row (webhook, email or SMS); a SENT or DEAD row is left alone. */
  'notifications.deliver': { deliveryId: string };
  /** Deletes outbox rows sent before the retention window; `asOf` is for tests and replays. */
  'outbox.prune': { asOf?: string };
  /** Half-time reminder to the receiving partner; nothing if the referral is no longer SENT at that version. */
  'referrals.sla-reminder': { referralId: string; version: number };
  /** Expiry at acceptBy, then re-routing; nothing if the referral is no longer SENT at that version. */
  'referrals.sla-expire': { referralId: string; version: number };
}
export type JobName = keyof JobPayloads;

export const JOBS: { [N in JobName]: { queue: QueueName; retry: DefaultJobOptions } } = {
  'directory.mark-stale-services': { queue: QUEUES.directory, retry: RETRY.maintenance },
  'notifications.dispatch': { queue: QUEUES.notifications, retry: RETRY.dispatch },
  'notifications.deliver': { queue: QUEUES.notifications, retry: RETRY.delivery },
  'outbox.prune': { queue: QUEUES.outbox, retry: RETRY.maintenance },
  'referrals.sla-reminder': { queue: QUEUES.referrals, retry: RETRY.sla },
  'referrals.sla-expire': { queue: QUEUES.referrals, retry: RETRY.sla },
};

/** Repeatable schedules the worker upserts on start (cron in Asia/Jakarta). */
export const SCHEDULES: { id: string; job: JobName; pattern: string }[] = [
  { id: 'directory-stale-daily', job: 'directory.mark-stale-services', pattern: '0 2 * * *' },
  { id: 'outbox-prune-daily', job: 'outbox.prune', pattern: '30 3 * * *' },
];

/** BullMQ ids must not contain ':' nor be all digits. */
export function jobId(...parts: (string | number)[]): string {
  return parts.map((p) => String(p).replace(/:/g, '_')).join('__');
}
