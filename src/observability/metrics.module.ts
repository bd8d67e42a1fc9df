import { Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { dbPoolGaugeFor } from './db-pool-gauge';
import { MetricsController } from './metrics.controller';
import { StateGauges } from './state-gauges';

/**
 * The API's metrics at GET /metrics (behind METRICS_TOKEN): Node's process metrics, HTTP and GraphQL latency and
 * errors, this process's database pool, and the shared state read at scrape time (queues, outbox, dead letters).
 */
@Module({
  imports: [PrometheusModule.register({ controller: MetricsController, path: '/metrics', defaultMetrics: { enabled: true } })],
  providers: [StateGauges, dbPoolGaugeFor('api')],
})
export class MetricsModule {}
