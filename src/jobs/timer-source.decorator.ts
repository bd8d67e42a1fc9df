import { SetMetadata } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import type { JobName, JobPayloads, TimerKind } from './job-registry';

export const TIMER_SOURCE = Symbol('TIMER_SOURCE');

/**
 * Marks a provider as the reconciler's source of one timer job (a job whose registry entry has
 * `recovery: 'reconciled'`), or of one timer set (`timers:<name>`, TIMER_SETS): it says, from PostgreSQL, which
 * of those jobs or members must be pending.
 */
export const TimerSource = (kind: TimerKind): ClassDecorator => SetMetadata(TIMER_SOURCE, kind);

/** One job PostgreSQL says must be in its queue (waiting, delayed, active, or finished and kept). */
export interface PendingTimer<N extends JobName> {
  /** The page key (ascending, unique within the source): the next page starts after the last one's. */
  key: string;
  /** The job's deterministic id, as the code that scheduled it first wrote it. */
  jobId: string;
  data: JobPayloads[N];
  /** When the job is due (null: at once). Past due: it runs as soon as it is re-added. */
  runAt: Date | null;
  /** Options the job was first added with beyond the registry's retry policy (e.g. a delivery's attempts). */
  opts?: JobsOptions;
}

export interface TimerSourceProvider<N extends JobName> {
  /**
   * Up to `limit` pending timers whose key is after `after` (all when null), by key. Rows written after
   * `writtenBefore` are left out: their outbox message may not have been relayed yet, and they are not missing.
   */
  pending(after: string | null, limit: number, writtenBefore: Date): Promise<PendingTimer<N>[]>;
}

/** One member of a timer set PostgreSQL says must be pending, due at `runAt` (past due: at once). */
export interface PendingMember {
  /** The page key (ascending, unique within the source). */
  key: string;
  member: string;
  runAt: Date;
}

/** The source of a timer set's members (`@TimerSource('timers:<name>')`). */
export interface TimerSetSourceProvider {
  /** Up to `limit` members whose key is after `after`, by key; rows written after `writtenBefore` left out. */
  pending(after: string | null, limit: number, writtenBefore: Date): Promise<PendingMember[]>;
}
