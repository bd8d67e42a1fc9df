/**
 * The one place that names Rujuk's queues, jobs, retry policies and schedules.
 * Each job has exactly one handler (a provider decorated with @JobHandler) whose payload type is
 * declared here; the worker refuses to start if a job has no handler or two.
 * Payloads carry ids only: a handler reloads state and does nothing if the state moved on.
 */
import type { DefaultJobOptions } from 'bullmq';

export const QUEUES = {
  directory: 'directory',
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
} as const satisfies Record<string, DefaultJobOptions>;

export interface JobPayloads {
  /** Marks services not verified within the staleness window; `asOf` is for tests and replays. */
  'directory.mark-stale-services': { asOf?: string };
}
export type JobName = keyof JobPayloads;

export const JOBS: { [N in JobName]: { queue: QueueName; retry: DefaultJobOptions } } = {
  'directory.mark-stale-services': { queue: QUEUES.directory, retry: RETRY.maintenance },
};

/** Repeatable schedules the worker upserts on start (cron in Asia/Jakarta). */
export const SCHEDULES: { id: string; job: JobName; pattern: string }[] = [
  { id: 'directory-stale-daily', job: 'directory.mark-stale-services', pattern: '0 2 * * *' },
];

/** BullMQ ids must not contain ':' nor be all digits. */
export function jobId(...parts: (string | number)[]): string {
  return parts.map((p) => String(p).replace(/:/g, '_')).join('__');
}
