import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DiscoveryService } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';
import { jobDuration } from '../common/metrics';
import { JobQueue } from './job-queue';
import { runInJobContext } from './job-log-context';
import { requestIdOfJob } from './job-request-id';
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
    @Optional() private readonly pino?: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handlers = pairHandlers(
      this.discovery.getProviders().map((w) => ({ instance: w.instance, type: w.metatype ?? undefined })),
    );
    const queues = new Set<QueueName>(Object.values(JOBS).map((j) => j.queue));
    for (const queue of queues) {
      const worker = new Worker(
        queue,
        // Each job runs under the request id its data carries (job-log-context.ts): its log lines carry it.
        (job: Job) => runInJobContext(this.pino, { requestId: requestIdOfJob(job.data), job: job.name, jobId: job.id }, async () => {
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
        }),
        {
          connection: this.redis,
          prefix: this.config.redis.prefix,
          concurrency: queue === QUEUES.referrals || queue === QUEUES.followUps ? this.config.worker.referralsConcurrency : this.config.worker.concurrency,
          lockDuration: 30_000,
          stalledInterval: 15_000,
        },
      );
      // BullMQ re-emits its connections' errors here; the connections' state is logged by redis-connection-log.ts.
      worker.on('error', () => undefined);
      worker.on('failed', (job, err) =>
        this.logger.warn({ job: job?.name, jobId: job?.id, requestId: requestIdOfJob(job?.data), attempt: job?.attemptsMade, err: err.message }, 'job failed'),
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
