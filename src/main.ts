import 'reflect-metadata';
import cluster from 'node:cluster';
import { superviseApiProcesses } from './api-processes';
import { configOrExit, createApiApp } from './bootstrap';
import { stopApi } from './health/shutdown-drain';

async function main(): Promise<void> {
  const config = configOrExit();
  if (config.http.processes > 1 && cluster.isPrimary) {
    superviseApiProcesses(config.http.processes);
    return;
  }
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
