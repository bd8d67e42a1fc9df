import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';
import { logRedisConnection } from '../redis/redis-connection-log';
import { JobQueue } from './job-queue';
import { pairHandlers } from './job-handlers';
import { JOBS, JobName, QUEUES, QueueName, SCHEDULES } from './job-registry';

/** Runs in the worker process only: one BullMQ worker per queue, dispatching by job name. */
@Injectable()
export class WorkerRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerRunner.name);
  private readonly workers: Worker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handlers = pairHandlers(
      this.discovery.getProviders().map((w) => ({ instance: w.instance, type: w.metatype ?? undefined })),
    );
    const queues = new Set<QueueName>(Object.values(JOBS).map((j) => j.queue));
    for (const queue of queues) {
      const worker = new Worker(
        queue,
        async (job: Job) => {
          const handler = handlers.get(job.name as JobName);
          if (!handler) throw new Error(`No handler for job ${job.name}`);
          return handler.instance.handle(job.data, job);
        },
        {
          connection: this.redis,
          prefix: this.config.redis.prefix,
          concurrency: queue === QUEUES.referrals || queue === QUEUES.followUps ? this.config.worker.referralsConcurrency : this.config.worker.concurrency,
          // A job held by a worker that died comes back within about lockDuration + stalledInterval; the lock is
          // renewed every lockDuration / 2, so only an event loop blocked that long stalls a live worker's job.
          lockDuration: this.config.worker.lockDurationMs,
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
        this.logger.warn({ job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, 'job failed'),
      );
      this.workers.push(worker);
    }
    for (const s of SCHEDULES) {
      await this.jobs
        .queue(JOBS[s.job].queue)
        .upsertJobScheduler(s.id, { pattern: s.pattern, tz: 'Asia/Jakarta' }, { name: s.job, data: {}, opts: JOBS[s.job].retry });
    }
    this.logger.log(`worker started: ${handlers.size} job handlers on ${queues.size} queue(s)`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
