// First, before anything it instruments is loaded: OpenTelemetry traces when a collector is configured (nothing
// from OpenTelemetry is loaded otherwise). The rest is loaded in main(), after it.
import { startTracing, stopTracing } from './observability/tracing';
startTracing('rujuk-worker');

async function main(): Promise<void> {
  await import('reflect-metadata');
  const { configOrExit } = await import('./config/app-config');
  const { waitForDatabase } = await import('./database/database-preflight');
  await waitForDatabase(configOrExit(), 'rujuk-worker');
  const { NestFactory } = await import('@nestjs/core');
  const { Logger } = await import('nestjs-pino');
  const { WorkerModule } = await import('./worker.module');
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Closed on SIGTERM/SIGINT (jobs running finish), the last spans exported, then the signal's own exit.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void app.close().then(stopTracing).finally(() => process.kill(process.pid, signal));
    });
  }
}

void main();
