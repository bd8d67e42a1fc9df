import 'reflect-metadata';
import cluster from 'node:cluster';
import { superviseApiProcesses } from './api-processes';
import { configOrExit, createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = configOrExit();
  if (config.http.processes > 1 && cluster.isPrimary) {
    superviseApiProcesses(config.http.processes);
    return;
  }
  const app = await createApiApp();
  await app.listen(config.http.port, '0.0.0.0');
}

void main();
