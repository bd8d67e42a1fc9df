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
  // Loaded here, not above: the primary of several API processes runs no application.
  const { waitForDatabase } = await import('./database/database-preflight');
  await waitForDatabase(config, 'rujuk-api');
  const { createApiApp } = await import('./bootstrap');
  const { stopApi } = await import('./health/shutdown-drain');
  const app = await createApiApp();
  await app.listen(config.http.port, '0.0.0.0');
  // Drained, then closed (shutdown-drain.ts); then the signal's own exit.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void stopApi(app).finally(() => process.kill(process.pid, signal));
    });
  }
}

void main();
