import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { bulkByQueue, JOBS, JobName, JobPayloads, QueueName } from './job-registry';
import { REDIS } from '../redis/redis.module';
import { requestIdOf, withRequestId } from './job-request-id';
import { withTraceContext } from './job-trace-context';

/** Producer side: adds jobs by name; the registry decides the queue and retry policy. */
@Injectable()
export class JobQueue implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.redis, prefix: this.config.redis.prefix });
      this.queues.set(name, q);
    }
    return q;
  }

  async add<N extends JobName>(name: N, payload: JobPayloads[N], opts: JobsOptions = {}) {
    const def = JOBS[name];
    return this.queue(def.queue).add(name, withTraceContext(withRequestId(payload, requestIdOf())), { ...def.retry, ...opts });
  }

  /**
   * Adds many jobs, one round trip per queue. Jobs are queued by jobs (the API queues through the outbox): they
   * carry the request id of the job queuing them (and, with tracing on, the current span's traceparent).
   */
  async addBulk<N extends JobName>(jobs: { name: N; data: JobPayloads[N]; opts?: JobsOptions }[]): Promise<void> {
    const requestId = requestIdOf();
    const tagged = jobs.map((j) => ({ ...j, data: withTraceContext(withRequestId(j.data, requestId)) }));
    for (const [queue, list] of bulkByQueue(tagged)) await this.queue(queue).addBulk(list);
  }

  /** After the HTTP server has closed (not at module destroy), so a request still draining can enqueue. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
