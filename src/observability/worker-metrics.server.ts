import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { collectDefaultMetrics, register } from 'prom-client';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';
import { metricsAccess } from './metrics-access';

/**
 * The worker's own small HTTP server on WORKER_METRICS_PORT (none when unset):
 * - `GET /metrics`: this process's metrics (jobs run, their duration and outcome, expiry lateness, reconciler
 *   repairs, database pool, Node's process metrics), behind the bearer METRICS_TOKEN as the API's are;
 * - `GET /healthz`: 200 while the process runs and its Redis connection is ready, else 503 (compose's health check).
 * Queue and outbox state is not here: the API reads it at scrape time (one copy, however many workers run).
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerMetrics');
  private server?: Server;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.observability.workerMetricsPort;
    if (port === null) return;
    if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
    this.server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '0.0.0.0', () => resolve());
    });
    this.logger.log(`worker metrics and health on :${(this.server.address() as { port: number }).port}`);
  }

  /** The port actually listened on (WORKER_METRICS_PORT=0 picks a free one, in tests). */
  get port(): number | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : null;
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET') return this.send(res, 405, 'text/plain', 'method not allowed\n');
    if (path === '/healthz') {
      const ok = this.redis.status === 'ready';
      return this.send(res, ok ? 200 : 503, 'application/json', JSON.stringify({ status: ok ? 'ok' : 'error', redis: this.redis.status }));
    }
    if (path !== '/metrics') return this.send(res, 404, 'text/plain', 'not found\n');
    const access = metricsAccess(req.headers.authorization, this.config.observability.metricsToken);
    if (access !== 200) return this.send(res, access, 'text/plain', `${access}\n`);
    try {
      this.send(res, 200, register.contentType, await register.metrics());
    } catch {
      this.send(res, 500, 'text/plain', 'metrics unavailable\n');
    }
  }

  private send(res: ServerResponse, status: number, type: string, body: string): void {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
