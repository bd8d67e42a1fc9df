/**
 * The one place that names Rujuk's queues, jobs, retry policies and schedules.
 * Each job has exactly one handler (a provider decorated with @JobHandler) whose payload type is
 * declared here; the worker refuses to start if a job has no handler or two.
 * Payloads carry ids only: a handler reloads state and does nothing if the state moved on.
 */
import type { DefaultJobOptions, JobsOptions } from 'bullmq';
import { createHash } from 'node:crypto';
import type { DispatchBatch, DeliveryBatch } from './notification-payloads';

export const QUEUES = {
  directory: 'directory',
  followUps: 'followups',
  gaps: 'gaps',
  imports: 'imports',
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
   * Deliveries (webhook, email, SMS), a batch per job: each attempt of the job tries the deliveries still
   * PENDING, with exponential backoff 30 s, 1, 2, 4 ... 64 min (about 2 h in all); after the last attempt
   * they are DEAD (dead-letter list). WEBHOOK_MAX_ATTEMPTS and WEBHOOK_BACKOFF_MS override attempts and
   * delay when the job is added. Kept 7 days so a repeated dispatch finds the job id and is ignored.
   */
  delivery: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 30_000 },
    removeOnComplete: { age: 7 * DAY },
    removeOnFail: { age: 30 * DAY },
  },
  /** Referral deadlines and cancellations after a case closed: must happen; a few quick retries, kept a day so a re-relayed add is ignored. */
  sla: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: DAY },
    removeOnFail: { age: 30 * DAY },
  },
  /**
   * Follow-up scheduling and scans: quick retries (a handler only reconciles tasks with the current state, so a
   * retry or a second delivery is harmless), kept a day so a re-relayed add with the same id is ignored.
   */
  followUps: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: DAY, count: 10_000 },
    removeOnFail: { age: 30 * DAY },
  },
  /**
   * Gap analysis: one attempt (a failed run is marked FAILED and the next request or the next day runs again);
   * kept a day so a re-relayed add of the same run is ignored.
   */
  analysis: {
    attempts: 1,
    removeOnComplete: { age: DAY },
    removeOnFail: { age: 30 * DAY },
  },
  /** Directory imports: one attempt (a failed import is marked FAILED with its reason; the user uploads again). */
  imports: {
    attempts: 1,
    removeOnComplete: { age: DAY },
    removeOnFail: { age: 30 * DAY },
  },
} as const satisfies Record<string, DefaultJobOptions>;

export interface JobPayloads {
  /** Marks services not verified within the staleness window; `asOf` is for tests and replays. */
  'directory.mark-stale-services': { asOf?: string };
  /**
   * Computes the gap snapshot of a scope (a province or regency; the whole network without `regionCode`): the run
   * `runId` when given (a requested run), else the scope's pending run, created if none (the daily schedule).
   * One run at a time per scope; a finished run is left alone.
   */
  'gaps.analyse': { regionCode?: string; runId?: string };
  /** Resolves the recipients and channels of the notifications one relay pass published, records one delivery each and enqueues them. */
  'notifications.dispatch': DispatchBatch;
  /** Sends the notification_delivery rows of one dispatch (webhook, email or SMS); SENT, SKIPPED or DEAD rows are left alone. */
  'notifications.deliver': DeliveryBatch;
  /**
   * Reconciles the follow-ups of these referrals with their state (accepted: attendance check; in progress: first
   * provider check; completed: outcome check, pending checks cancelled; cancelled, declined, expired, failed or
   * redirected: pending follow-ups cancelled). Transitions do this in their own transaction (ReferralHooks), so
   * none queues this job: it is the repair entry point (queued by hand for referrals whose tasks need rebuilding)
   * and runs the jobs an earlier version put in the outbox. Idempotent: tasks are unique per (referral, kind, sequence).
   */
  'followups.referrals-changed': { referrals: { referralId: string; version: number }[] };
  /** Cancels the pending follow-ups of a closed case; nothing if the case is open again. */
  'followups.case-closed': { caseId: string };
  /** Follow-ups that fell due by the Clock: tells the assignee (and the partner of a provider check), schedules the next provider check, escalates the overdue. */
  'followups.due-scan': { asOf?: string };
  /** Gives every open case quiet for FOLLOWUP_STALE_CASE_AFTER_DAYS a STALE_CASE task (once per quiet spell). */
  'followups.stale-scan': { asOf?: string };
  /** Runs an uploaded directory import (dry run or apply); nothing when the import is no longer QUEUED. */
  'directory.import': { importId: string };
  /** Deletes outbox rows sent before the retention window; `asOf` is for tests and replays. */
  'outbox.prune': { asOf?: string };
  /**
   * Half-time reminder to the receiving partner; nothing if the referral is no longer SENT at that version. Sends
   * no longer queue it (their deadlines are members of the `referral-deadlines` timer set): it runs the jobs an
   * earlier version queued.
   */
  'referrals.sla-reminder': { referralId: string; version: number };
  /**
   * Expiry at acceptBy, then re-routing; nothing if the referral is no longer SENT at that version. Sends no longer
   * queue it (the `referral-deadlines` timer set): it runs the jobs an earlier version queued.
   */
  'referrals.sla-expire': { referralId: string; version: number };
  /** After a forced closure: cancels the case's open referrals (the system, "case closed"); nothing if the case reopened or none is open. */
  'referrals.cancel-for-closed-case': { caseId: string };
}
export type JobName = keyof JobPayloads;

/**
 * How a job comes back when Redis loses it (a new node, a failover without the AOF, FLUSHALL):
 * - `reconciled`: a timer PostgreSQL knows about (a deadline, a reminder, a delivery waiting for its retry, a
 *   queued run or import, a relayed notification not yet dispatched). A provider marked `@TimerSource(name)` lists what must be pending, and the reconciler re-adds
 *   what the queue lacks, under the same job id. The worker refuses to start when one has no source, and the
 *   outbox refuses a delayed job (`runAt`) of any other kind.
 * - `scheduled`: a repeatable schedule (SCHEDULES); the reconciler upserts it again, and its scan finds the work.
 * - `immediate`: added from the outbox and run at once; only a wipe in the moment between the relay's add and
 *   the job's run loses it.
 */
export type JobRecovery = 'reconciled' | 'scheduled' | 'immediate';

export const JOBS: { [N in JobName]: { queue: QueueName; retry: DefaultJobOptions; recovery: JobRecovery } } = {
  'directory.mark-stale-services': { queue: QUEUES.directory, retry: RETRY.maintenance, recovery: 'scheduled' },
  'directory.import': { queue: QUEUES.imports, retry: RETRY.imports, recovery: 'reconciled' },
  'followups.referrals-changed': { queue: QUEUES.followUps, retry: RETRY.followUps, recovery: 'immediate' },
  'followups.case-closed': { queue: QUEUES.followUps, retry: RETRY.followUps, recovery: 'reconciled' },
  'followups.due-scan': { queue: QUEUES.followUps, retry: RETRY.maintenance, recovery: 'scheduled' },
  'followups.stale-scan': { queue: QUEUES.followUps, retry: RETRY.maintenance, recovery: 'scheduled' },
  'gaps.analyse': { queue: QUEUES.gaps, retry: RETRY.analysis, recovery: 'reconciled' },
  'notifications.dispatch': { queue: QUEUES.notifications, retry: RETRY.dispatch, recovery: 'reconciled' },
  'notifications.deliver': { queue: QUEUES.notifications, retry: RETRY.delivery, recovery: 'reconciled' },
  'outbox.prune': { queue: QUEUES.outbox, retry: RETRY.maintenance, recovery: 'scheduled' },
  'referrals.sla-reminder': { queue: QUEUES.referrals, retry: RETRY.sla, recovery: 'immediate' },
  'referrals.sla-expire': { queue: QUEUES.referrals, retry: RETRY.sla, recovery: 'immediate' },
  'referrals.cancel-for-closed-case': { queue: QUEUES.referrals, retry: RETRY.sla, recovery: 'reconciled' },
};

/**
 * Timer sets: many timers of one kind, each a member of one Redis sorted set scored by its due time (the member
 * is an id, ~130 bytes of Redis each, instead of a BullMQ job's hash and its delayed-set entry, ~1.1 KB), taken
 * in batches by the worker's sweeper (timer-set-sweeper.ts) and handed to the set's one `@TimerSetHandler`.
 * PostgreSQL is the source of truth: the outbox adds a member in the transaction's wake (kind `timer`), a
 * handler reschedules what is not due yet, and the set's `@TimerSource` lists what must be pending, so the
 * reconciler re-adds what Redis lost. Handlers must be idempotent: a member can fire twice or early.
 */
export const TIMER_SETS = {
  /**
   * Every SENT referral, by id, due at its next deadline: the half-time reminder, then the acceptance deadline
   * (ReferralDeadlinesJob reminds, expires, or puts it back for later).
   */
  'referral-deadlines': {},
} as const;
export type TimerSetName = keyof typeof TIMER_SETS;

/** A reconciler kind: a reconciled job, or a timer set (`timers:<name>`). */
export type TimerKind = JobName | `timers:${TimerSetName}`;

/** Jobs grouped by their queue for `addBulk`, each with its registered retry policy under its own options. */
export function bulkByQueue(jobs: { name: JobName; data: unknown; opts?: JobsOptions }[]): Map<QueueName, { name: JobName; data: unknown; opts: JobsOptions }[]> {
  const byQueue = new Map<QueueName, { name: JobName; data: unknown; opts: JobsOptions }[]>();
  for (const j of jobs) {
    const def = JOBS[j.name];
    if (!def) throw new Error(`unknown job "${j.name}"`);
    const list = byQueue.get(def.queue) ?? [];
    list.push({ name: j.name, data: j.data, opts: { ...def.retry, ...j.opts } });
    byQueue.set(def.queue, list);
  }
  return byQueue;
}

/** Repeatable schedules the worker upserts on start (cron in Asia/Jakarta). */
export const SCHEDULES: { id: string; job: JobName; pattern: string }[] = [
  { id: 'directory-stale-daily', job: 'directory.mark-stale-services', pattern: '0 2 * * *' },
  { id: 'outbox-prune-daily', job: 'outbox.prune', pattern: '30 3 * * *' },
  { id: 'followups-due-every-minute', job: 'followups.due-scan', pattern: '* * * * *' },
  { id: 'followups-stale-daily', job: 'followups.stale-scan', pattern: '15 2 * * *' },
  { id: 'gaps-analyse-daily', job: 'gaps.analyse', pattern: '0 4 * * *' },
];

/**
 * The id of a job for a set of rows (e.g. the notifications of one relay pass): the same set gives the same
 * id whatever its order, a different set another id.
 */
export function batchJobId(kind: string, ids: string[]): string {
  return jobId(kind, createHash('sha1').update([...ids].sort().join(' ')).digest('hex'));
}

/** BullMQ ids must not contain ':' nor be all digits. */
export function jobId(...parts: (string | number)[]): string {
  return parts.map((p) => String(p).replace(/:/g, '_')).join('__');
}
