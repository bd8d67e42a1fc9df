import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { configOrExit } from './config/app-config';
import { waitForDatabase } from './database/database-preflight';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  await waitForDatabase(configOrExit(), 'rujuk-worker');
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
}

void main();
