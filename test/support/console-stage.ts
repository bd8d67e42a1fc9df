/**
 * The console tests' setup (fresh migrated database, current web/dist, the real API on its own origin, the real
 * worker, Debian's chromium) for the scripts that drive the console outside Jest: `npm run docs:screenshots` and
 * `npm run bench:console`. Each script names its own database and Redis prefix before calling `startStage`.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { launchBrowser, startConsoleApp } from './browser';
import { ensureConsoleBuilt } from './console-build';
import type { TestApp } from './harness';
import { clearRedisPrefix, startWorker } from './worker';

export interface Stage {
  t: TestApp;
  worker: INestApplicationContext;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Points the test environment at `database` (recreated and migrated: everything in it is lost) and `redisPrefix`
 * (cleared), builds web/dist when it is not current, and starts the API, the worker and the browser.
 */
export async function startStage(database: string, redisPrefix: string, env: Record<string, string> = {}): Promise<Stage> {
  if (!/^rujuk_[a-z0-9_]+$/.test(database)) throw new Error(`refusing database name ${database}`);
  const base = new URL(process.env.DATABASE_OWNER_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/${database}`;
  process.env.TEST_DATABASE_URL = base.toString();
  process.env.TEST_REDIS_PREFIX = redisPrefix;
  // test-env applies itself on import: import it only now that the names are set.
  const { applyTestEnv } = await import('./test-env');
  applyTestEnv();
  Object.assign(process.env, env);
  const step = (what: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${what}\n`);
  step(`building web/dist if needed`);
  ensureConsoleBuilt();
  step(`migrating a fresh database ${database}`);
  const { default: globalSetup } = await import('./global-setup');
  await globalSetup();
  await clearRedisPrefix();
  step('starting the API (serving web/dist), the worker and chromium');
  const t = await startConsoleApp();
  const worker = await startWorker();
  const browser = await launchBrowser();
  return {
    t, worker, browser,
    async close() {
      await browser.close().catch(() => undefined);
      await worker.close().catch(() => undefined);
      await t.close().catch(() => undefined);
    },
  };
}
