import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobHandler, JobProcessor } from '../../jobs/job-handler.decorator';
import { JobPayloads } from '../../jobs/job-registry';
import { MicroBatcher } from '../../jobs/micro-batcher';
import { FollowUpScheduler, SCAN_BATCH } from '../follow-up-scheduler';

/** Deadlocks and serialization failures: the batch's transaction is run again (nothing of it committed). */
const RETRYABLE = new Set(['40P01', '40001']);
const TRANSACTION_ATTEMPTS = 3;
/** Scheduling transactions one worker process runs at once; what arrives meanwhile joins the next batch. */
const BATCHES_AT_ONCE = 2;

async function withRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (!code || !RETRYABLE.has(code) || attempt >= TRANSACTION_ATTEMPTS) throw err;
    }
  }
}

/**
 * Reconciles the follow-ups of the given referrals with the state they are in now (see planForReferral): the same
 * statements a referral transition runs in its own transaction (FollowUpScheduler.applyTransitions), here for a
 * repair or a job an earlier version queued. Jobs arriving together are applied together: one transaction, one
 * SELECT, one UPDATE, one INSERT per FOLLOWUP_BATCH_SIZE referrals. A job delivered twice finds its tasks already
 * there (unique key) and creates nothing.
 */
@Injectable()
@JobHandler('followups.referrals-changed')
export class ReferralChangedJob implements JobProcessor<'followups.referrals-changed'> {
  private readonly batcher: MicroBatcher<JobPayloads['followups.referrals-changed'], { created: number; cancelled: number }>;
  private readonly perTransaction: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scheduler: FollowUpScheduler,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.perTransaction = config.followUps.batchSize;
    this.batcher = new MicroBatcher((batch) => this.apply(batch.map((p) => p.referrals.map((r) => r.referralId))), {
      maxSize: config.followUps.batchSize, maxWaitMs: config.followUps.batchWaitMs, maxConcurrent: BATCHES_AT_ONCE,
    });
  }

  handle(p: JobPayloads['followups.referrals-changed']): Promise<{ created: number; cancelled: number }> {
    return this.batcher.add(p);
  }

  /**
   * Applies the referrals of a batch of jobs, FOLLOWUP_BATCH_SIZE referrals per transaction; every job of the batch
   * reports the batch's totals.
   */
  async apply(jobs: string[][]): Promise<{ created: number; cancelled: number }[]> {
    const ids = [...new Set(jobs.flat())];
    const totals = { created: 0, cancelled: 0 };
    for (let i = 0; i < ids.length; i += this.perTransaction) {
      const chunk = ids.slice(i, i + this.perTransaction);
      const r = await withRetry(() => this.db.transaction((tx) => this.scheduler.applyReferrals(tx, chunk, this.clock.now())));
      totals.created += r.created;
      totals.cancelled += r.cancelled;
    }
    return jobs.map(() => totals);
  }
}

/** A case was closed: its pending follow-ups are cancelled (nothing if it has been reopened since). */
@Injectable()
@JobHandler('followups.case-closed')
export class CaseClosedJob implements JobProcessor<'followups.case-closed'> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scheduler: FollowUpScheduler,
    private readonly clock: Clock,
  ) {}

  async handle(p: JobPayloads['followups.case-closed']): Promise<{ cancelled: number }> {
    const cancelled = await withRetry(() => this.db.transaction((tx) => this.scheduler.cancelForClosedCase(tx, p.caseId, this.clock.now())));
    return { cancelled };
  }
}

/**
 * Every minute: announces what fell due by the Clock and escalates what is overdue beyond the grace period, in
 * batches of SCAN_BATCH rows per transaction until nothing is left. Two scans running at once share the work
 * (rows are claimed with SKIP LOCKED) and each task is announced and escalated once.
 */
@Injectable()
@JobHandler('followups.due-scan')
export class DueScanJob implements JobProcessor<'followups.due-scan'> {
  private readonly logger = new Logger(DueScanJob.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scheduler: FollowUpScheduler,
    private readonly clock: Clock,
  ) {}

  async handle(p: JobPayloads['followups.due-scan']): Promise<{ announced: number; escalated: number }> {
    const now = p.asOf ? new Date(p.asOf) : this.clock.now();
    let announced = 0;
    let escalated = 0;
    for (let n = SCAN_BATCH; n === SCAN_BATCH;) {
      n = await withRetry(() => this.db.transaction((tx) => this.scheduler.announceDue(tx, now)));
      announced += n;
    }
    for (let n = SCAN_BATCH; n === SCAN_BATCH;) {
      n = await withRetry(() => this.db.transaction((tx) => this.scheduler.escalateOverdue(tx, now)));
      escalated += n;
    }
    if (announced || escalated) this.logger.log({ announced, escalated }, 'follow-ups due');
    return { announced, escalated };
  }
}

/** Daily: a STALE_CASE task for every open case quiet for FOLLOWUP_STALE_CASE_AFTER_DAYS. */
@Injectable()
@JobHandler('followups.stale-scan')
export class StaleScanJob implements JobProcessor<'followups.stale-scan'> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scheduler: FollowUpScheduler,
    private readonly clock: Clock,
  ) {}

  async handle(p: JobPayloads['followups.stale-scan']): Promise<{ created: number }> {
    const now = p.asOf ? new Date(p.asOf) : this.clock.now();
    let created = 0;
    for (let n = SCAN_BATCH; n === SCAN_BATCH;) {
      n = await this.db.transaction((tx) => this.scheduler.flagStaleCases(tx, now));
      created += n;
    }
    return { created };
  }
}
