// First, before anything it instruments is loaded: OpenTelemetry traces when a collector is configured (nothing
// from OpenTelemetry is loaded otherwise). The primary of several API processes runs no application: not traced.
import { startTracing, stopTracing } from './observability/tracing';
import 'reflect-metadata';
import cluster from 'node:cluster';
import { superviseApiProcesses } from './api-processes';
import { configOrExit } from './config/app-config';

async function main(): Promise<void> {
  const config = configOrExit();
  if (config.http.processes > 1 && cluster.isPrimary) {
    superviseApiProcesses(config.http.processes);
    return;
  }
  startTracing('rujuk-api');
  // Loaded here, not above: the primary of several API processes runs no application, and tracing (just started)
  // instruments the modules as they load.
  const { waitForDatabase } = await import('./database/database-preflight');
  await waitForDatabase(config, 'rujuk-api');
  const { createApiApp } = await import('./bootstrap');
  const { stopApi } = await import('./health/shutdown-drain');
  const app = await createApiApp();
  await app.listen(config.http.port, '0.0.0.0');
  // Drained, then closed (shutdown-drain.ts), the last spans exported; then the signal's own exit.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void stopApi(app).then(stopTracing).finally(() => process.kill(process.pid, signal));
    });
  }
}

void main();
