import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { reconcilerRepairs } from '../common/metrics';
import { REDIS } from '../redis/redis.module';
import { JobQueue } from './job-queue';
import { JOBS, JobName, SCHEDULES, TimerSetName } from './job-registry';
import type { PendingMember, PendingTimer } from './timer-source.decorator';
import { TimerSet } from './timer-set';
import type { TimerSources } from './timer-sources';

/** pg_advisory_lock key of a reconciliation pass ("rujuk-reconcile"): one pass at a time across all workers. */
export const RECONCILE_LOCK_KEY = 7_315_424_201;

/**
 * Rows younger than this are not reconciled yet: their outbox message is normally relayed within milliseconds,
 * and a job the relay is about to add is not missing.
 */
export const RECONCILE_GRACE_MS = 30_000;

/** What one pass found, per timer kind (a job name, `timers:<set>` for a timer set, or `schedule:<id>` for a repeatable schedule). */
export interface ReconcileReport {
  /** False when another worker held the pass's lock (nothing was checked). */
  ran: boolean;
  checked: Record<string, number>;
  /** Jobs re-added (missing from their queue) and failed timers past due retried, per kind. */
  repairs: Record<string, number>;
  ms: number;
}

/** Cumulative figures of this process's passes, for metrics (`rujuk_reconciler_repairs_total{kind}`). */
export interface ReconcilerStats {
  passes: number;
  skipped: number;
  failed: number;
  lastPassAt: Date | null;
  lastPassMs: number | null;
  repairsTotal: Record<string, number>;
}

/**
 * Rebuilds timers from PostgreSQL: for every reconciled job kind, asks its `@TimerSource` what must be pending
 * (in pages of RECONCILE_BATCH_SIZE), looks the jobs up in their queue by their deterministic ids (one pipeline per
 * page), re-adds the missing ones under the same ids (past due: to run at once) and retries failed ones that are
 * past due; for every timer set, adds the members its source lists that are neither in the set nor claimed (due
 * at their time: past due, at once); upserts the repeatable schedules again. Runs on worker start and every RECONCILE_INTERVAL_SECONDS;
 * a pass takes a PostgreSQL advisory lock, so with several workers one reconciles while the others skip. A
 * repair is idempotent: a job id BullMQ still holds is not added twice, and handlers do nothing when the state
 * moved on.
 */
@Injectable()
export class ReconcilerService {
  private readonly logger = new Logger(ReconcilerService.name);
  private sources: TimerSources = { jobs: new Map(), sets: new Map() };
  private readonly totals: ReconcilerStats = { passes: 0, skipped: 0, failed: 0, lastPassAt: null, lastPassMs: null, repairsTotal: {} };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobQueue,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The sources paired by pairTimerSources (the worker does it at start). */
  useSources(sources: TimerSources): void {
    this.sources = sources;
  }

  /** Cumulative counts since this process started (a copy). */
  stats(): ReconcilerStats {
    return { ...this.totals, repairsTotal: { ...this.totals.repairsTotal } };
  }

  /** One pass, logged as one line; errors are logged and counted, never thrown (the next pass tries again). */
  async reconcile(now: Date = new Date()): Promise<ReconcileReport> {
    const started = Date.now();
    try {
      const report = await this.pass(now);
      if (!report.ran) {
        this.totals.skipped += 1;
        return report;
      }
      this.totals.passes += 1;
      this.totals.lastPassAt = new Date();
      this.totals.lastPassMs = report.ms;
      for (const [kind, n] of Object.entries(report.repairs)) {
        this.totals.repairsTotal[kind] = (this.totals.repairsTotal[kind] ?? 0) + n;
        if (n) reconcilerRepairs.inc({ kind }, n);
      }
      const repaired = Object.values(report.repairs).reduce((a, b) => a + b, 0);
      const line = { repairs: report.repairs, checked: report.checked, ms: report.ms };
      if (repaired) this.logger.warn(line, `timers reconciled: ${repaired} repaired`);
      else this.logger.log(line, 'timers reconciled: nothing missing');
      return report;
    } catch (err) {
      this.totals.failed += 1;
      this.logger.error({ err: (err as Error).message, ms: Date.now() - started }, 'timer reconciliation failed; next pass retries');
      return { ran: false, checked: {}, repairs: {}, ms: Date.now() - started };
    }
  }

  private async pass(now: Date): Promise<ReconcileReport> {
    const started = Date.now();
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [RECONCILE_LOCK_KEY]);
      if (!locked) return { ran: false, checked: {}, repairs: {}, ms: Date.now() - started };
      try {
        const checked: Record<string, number> = {};
        const repairs: Record<string, number> = {};
        for (const s of SCHEDULES) {
          const kind = `schedule:${s.id}`;
          checked[kind] = 1;
          const queue = this.jobs.queue(JOBS[s.job].queue);
          if (await queue.getJobScheduler(s.id)) continue;
          await upsertSchedule(this.jobs, s);
          repairs[kind] = 1;
        }
        const writtenBefore = new Date(now.getTime() - RECONCILE_GRACE_MS);
        const pages = async <T extends { key: string }>(kind: string, next: (after: string | null) => Promise<T[]>, repair: (page: T[]) => Promise<number>) => {
          let after: string | null = null;
          checked[kind] = 0;
          for (;;) {
            const page = await next(after);
            if (!page.length) break;
            checked[kind] += page.length;
            const fixed = await repair(page);
            if (fixed) repairs[kind] = (repairs[kind] ?? 0) + fixed;
            if (page.length < this.config.worker.reconcileBatchSize) break;
            after = page[page.length - 1].key;
          }
        };
        const limit = this.config.worker.reconcileBatchSize;
        for (const [name, source] of this.sources.jobs) {
          await pages(name, (after) => source.pending(after, limit, writtenBefore), (page: PendingTimer<JobName>[]) => this.repairPage(name, page, now));
        }
        for (const [name, source] of this.sources.sets) {
          await pages(`timers:${name}`, (after) => source.pending(after, limit, writtenBefore), (page) => this.repairMembers(name, page));
        }
        return { ran: true, checked, repairs, ms: Date.now() - started };
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [RECONCILE_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Looks the page's members up in their timer set (one round trip) and adds the missing ones, due at their time. */
  private async repairMembers(name: TimerSetName, page: PendingMember[]): Promise<number> {
    const set = new TimerSet(this.redis, this.config.redis.prefix, name);
    const present = await set.pending(page.map((m) => m.member));
    const missing = page.filter((_, i) => !present[i]);
    await set.schedule(missing.map((m) => ({ member: m.member, at: m.runAt })));
    return missing.length;
  }

  /** Looks the page's jobs up in one pipeline; re-adds the missing, retries the failed that are past due. */
  private async repairPage(name: JobName, page: PendingTimer<JobName>[], now: Date): Promise<number> {
    const queue = this.jobs.queue(JOBS[name].queue);
    const failedKey = queue.toKey('failed');
    const pipeline = this.redis.pipeline();
    for (const t of page) {
      pipeline.exists(queue.toKey(t.jobId));
      pipeline.zscore(failedKey, t.jobId);
    }
    const results = (await pipeline.exec()) ?? [];
    const missing: { name: JobName; data: PendingTimer<JobName>['data']; opts: JobsOptions }[] = [];
    const failed: string[] = [];
    page.forEach((t, i) => {
      const [existsErr, exists] = results[2 * i];
      const [failedErr, failedScore] = results[2 * i + 1];
      if (existsErr || failedErr) throw existsErr ?? failedErr;
      const due = !t.runAt || t.runAt.getTime() <= now.getTime();
      if (!exists) missing.push({ name, data: t.data, opts: { ...t.opts, jobId: t.jobId, delay: t.runAt ? Math.max(0, t.runAt.getTime() - Date.now()) : 0 } });
      else if (failedScore !== null && due) failed.push(t.jobId);
    });
    if (missing.length) await this.jobs.addBulk(missing);
    let retried = 0;
    for (const id of failed) {
      const job = await Job.fromId(queue, id);
      if (!job) continue;
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }).then(
        () => (retried += 1),
        () => undefined, // it left the failed set meanwhile
      );
    }
    return missing.length + retried;
  }
}

/** Creates or updates one repeatable schedule (cron in Asia/Jakarta) with its job's retry policy. */
export async function upsertSchedule(jobs: JobQueue, s: (typeof SCHEDULES)[number]): Promise<void> {
  await jobs.queue(JOBS[s.job].queue).upsertJobScheduler(s.id, { pattern: s.pattern, tz: 'Asia/Jakarta' }, { name: s.job, data: {}, opts: JOBS[s.job].retry });
}
