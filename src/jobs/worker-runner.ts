import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';
import { logRedisConnection } from '../redis/redis-connection-log';
import { jobDuration } from '../common/metrics';
import { JobQueue } from './job-queue';
import { runInJobContext } from './job-log-context';
import { requestIdOfJob } from './job-request-id';
import { traceparentsOfJob } from './job-trace-context';
import { inJobSpan } from '../common/tracing';
import { pairHandlers } from './job-handlers';
import { JOBS, JobName, QUEUES, QueueName, SCHEDULES } from './job-registry';
import { ReconcilerService, upsertSchedule } from './reconciler.service';
import { pairTimerSources } from './timer-sources';
import { TimerSet } from './timer-set';
import { pairTimerSetHandlers, TimerSetSweeper } from './timer-set-sweeper';

/**
 * Runs in the worker process only: one BullMQ worker per queue, dispatching by job name, and one sweeper per
 * timer set, handing due members to the set's handler.
 */
@Injectable()
export class WorkerRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerRunner.name);
  private readonly workers: Worker[] = [];
  private readonly sweepers: TimerSetSweeper[] = [];
  private reconcileTimer: NodeJS.Timeout | null = null;
  private reconciling: Promise<unknown> | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly jobs: JobQueue,
    private readonly reconciler: ReconcilerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const providers = this.discovery.getProviders().map((w) => ({ instance: w.instance, type: w.metatype ?? undefined }));
    const handlers = pairHandlers(providers);
    const setHandlers = pairTimerSetHandlers(providers);
    this.reconciler.useSources(pairTimerSources(providers));
    const queues = new Set<QueueName>(Object.values(JOBS).map((j) => j.queue));
    for (const queue of queues) {
      const worker = new Worker(
        queue,
        (job: Job) => this.run(queue, handlers, job),
        {
          connection: this.redis,
          prefix: this.config.redis.prefix,
          concurrency: queue === QUEUES.referrals || queue === QUEUES.followUps ? this.config.worker.referralsConcurrency : this.config.worker.concurrency,
          // A job held by a worker that died comes back within about lockDuration + stalledInterval. The lock is
          // renewed every quarter of it (BullMQ's default is half), so a live worker's job stalls only when its event
          // loop is blocked for about three quarters of lockDuration.
          lockDuration: this.config.worker.lockDurationMs,
          lockRenewTime: Math.floor(this.config.worker.lockDurationMs / 4),
          stalledInterval: this.config.worker.stalledIntervalMs,
          maxStalledCount: this.config.worker.maxStalledCount,
        },
      );
      // BullMQ re-emits its connections' errors (and its own) here: one line per state change of the worker's
      // connections; other errors logged as they come.
      logRedisConnection(worker, `worker-${queue}`, this.config.redis.url, {
        otherError: (err) => this.logger.warn({ queue, err: err.message }, 'worker error'),
      });
      worker.on('stalled', (jobId) => this.logger.warn({ queue, jobId }, 'job stalled (its worker stopped renewing the lock); taken back'));
      worker.on('failed', (job, err) =>
        this.logger.warn({ job: job?.name, jobId: job?.id, requestId: requestIdOfJob(job?.data), attempt: job?.attemptsMade, err: err.message }, 'job failed'),
      );
      this.workers.push(worker);
    }
    for (const [name, handler] of setHandlers) {
      const sweeper = new TimerSetSweeper(new TimerSet(this.redis, this.config.redis.prefix, name), handler, {
        batchSize: 100, concurrency: 2, pollMs: 50, leaseMs: this.config.worker.lockDurationMs, retryMs: 1000, ...handler.sweeperOptions?.(),
      });
      sweeper.start();
      this.sweepers.push(sweeper);
    }
    for (const s of SCHEDULES) await upsertSchedule(this.jobs, s);
    this.logger.log(`worker started: ${handlers.size} job handlers on ${queues.size} queue(s), ${setHandlers.size} timer set(s)`);
    // Timers Redis lost while no worker ran come back now, then every RECONCILE_INTERVAL_SECONDS (0: at start only).
    this.reconcileSoon();
    const every = this.config.worker.reconcileIntervalSeconds;
    if (every > 0) {
      this.reconcileTimer = setInterval(() => this.reconcileSoon(), every * 1000);
      this.reconcileTimer.unref();
    }
  }

  /**
   * One job: under the request id its data carries (job-log-context.ts: its log lines carry it) and, with tracing
   * on, in a span of the trace its data names (job-trace-context.ts).
   */
  private run(queue: QueueName, handlers: ReturnType<typeof pairHandlers>, job: Job): Promise<unknown> {
    const span = { name: job.name, queue, jobId: job.id, attempt: job.attemptsMade + 1, causes: traceparentsOfJob(job.data) };
    return inJobSpan(span, () => runInJobContext({ requestId: requestIdOfJob(job.data), job: job.name, jobId: job.id }, async () => {
      const handler = handlers.get(job.name as JobName);
      if (!handler) throw new Error(`No handler for job ${job.name}`);
      const end = jobDuration.startTimer({ queue, job: job.name });
      try {
        const result = await handler.instance.handle(job.data, job);
        end({ outcome: 'completed' });
        this.logger.debug({ attempt: job.attemptsMade + 1 }, 'job completed');
        return result;
      } catch (err) {
        end({ outcome: 'failed' });
        throw err;
      }
    }));
  }

  /** Starts a pass unless this process's previous one is still running. */
  private reconcileSoon(): void {
    if (this.reconciling) return;
    this.reconciling = this.reconciler.reconcile().finally(() => (this.reconciling = null));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    // A pass waits for Redis while it is down; shutting down does not (the lock goes with the connection).
    await Promise.race([this.reconciling, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    await Promise.all([...this.workers.map((w) => w.close()), ...this.sweepers.map((s) => s.stop())]);
  }
}
