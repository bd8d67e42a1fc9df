import 'reflect-metadata';
import { configOrExit, createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = configOrExit();
  const app = await createApiApp();
  await app.listen(config.http.port, '0.0.0.0');
}

void main();
