/**
 * What a feature service can put in the outbox, in its own transaction. The relay (worker) publishes
 * committed rows; rows of a rolled-back transaction never existed.
 */
import type { JobName, JobPayloads, TimerSetName } from '../jobs/job-registry';
import type { DispatchPayload } from '../jobs/notification-payloads';

export type OutboxKind = 'JOB' | 'NOTIFICATION' | 'EVENT' | 'TIMER';

/** A BullMQ job to schedule. `runAt` is absolute: a late publish still fires on time, or at once. */
export interface OutboxJob<N extends JobName = JobName> {
  kind: 'job';
  name: N;
  payload: JobPayloads[N];
  /** Deterministic id (see jobId()): BullMQ ignores a second add with the same id while it keeps the job. */
  jobId: string;
  /** When the job should run; now when absent. */
  runAt?: Date;
  /** Defaults to `job:<jobId>`: adding the same job twice in two transactions stores one row. */
  dedupeKey?: string;
}

/**
 * A member of a timer set (TIMER_SETS), due at `runAt`: the relay adds it to the set, keeping the earlier time if
 * it is there already. The set's handler decides what is due from the database, so a member added twice or
 * early is harmless.
 */
export interface OutboxTimer {
  kind: 'timer';
  set: TimerSetName;
  /** An id (e.g. the referral's). */
  member: string;
  runAt: Date;
  /** Defaults to `timer:<set>:<member>:<runAt>`. */
  dedupeKey?: string;
}

/** A notification, as the Notifier writes it (use Notifier.notify rather than this directly). */
export interface OutboxNotification {
  kind: 'notification';
  /** The row id, which is also the notification id (random when absent). */
  id?: string;
  payload: Omit<DispatchPayload, 'notificationId' | 'occurredAt'>;
  /** Optional idempotency key, e.g. `referral.new:<referralId>`: the same key twice stores one row. */
  dedupeKey?: string;
}

/**
 * A pub/sub event for GraphQL subscriptions (see src/common/pubsub.ts for channel names). Several channels with
 * the same payload are one row (its topic holds them separated by spaces) that the relay publishes to each.
 */
export interface OutboxEvent {
  kind: 'event';
  channel: string | readonly string[];
  /** Ids and small scalars only. */
  payload: Record<string, unknown>;
  dedupeKey?: string;
}

export type OutboxMessage = OutboxJob | OutboxNotification | OutboxEvent | OutboxTimer;

/** A claimed row, as the relay sees it. */
export interface OutboxRow {
  id: string;
  kind: OutboxKind;
  topic: string;
  payload: Record<string, unknown>;
  jobId: string | null;
  runAt: Date | null;
  attempts: number;
  createdAt: Date;
  /** The request that wrote the row (X-Request-Id), or null; the relay passes it on in the job's data. */
  requestId?: string | null;
  /** The W3C traceparent of the span that wrote the row when tracing was on, or null; passed on in the job's data. */
  traceContext?: string | null;
}
