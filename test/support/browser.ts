import AxeBuilder from '@axe-core/playwright';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../src/bootstrap';
import { APP_CONFIG, AppConfig } from '../../src/config/app-config';
import { REDIS } from '../../src/redis/redis.module';
import { resetData, resetRateLimits, type TestApp } from './harness';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it when missing); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
}

/**
 * A fresh browser context (its own cookies) on the API's origin, in Indonesian at laptop size, in the time zone
 * of Jakarta (WIB) unless told: the console shows times in the browser's zone.
 */
export function newContext(
  browser: Browser, baseURL: string, opts: { width?: number; height?: number; timezoneId?: string } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL, locale: 'id-ID', timezoneId: opts.timezoneId ?? 'Asia/Jakarta', viewport: { width: opts.width ?? 1366, height: opts.height ?? 768 },
  });
}

/** Signs in through the sign-in page and waits for the home page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: /Selamat datang/ }).waitFor();
}

/** Axe violations of impact serious or critical on the page as it is now. */
export async function seriousViolations(page: Page): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact!, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The real API (as startApp) on a port chosen first, with PUBLIC_APP_URL set to its own origin: the console's
 * WebSocket is accepted only from that origin, and links in e-mails point there.
 */
export async function startConsoleApp(): Promise<TestApp> {
  const port = await freePort();
  process.env.PUBLIC_APP_URL = `http://127.0.0.1:${port}`;
  const app = await createApiApp({ logger: false });
  await app.listen(port, '127.0.0.1');
  const db = app.get<DataSource>(getDataSourceToken());
  await resetData(db);
  await resetRateLimits(app.get<Redis>(REDIS), app.get<AppConfig>(APP_CONFIG).redis.prefix);
  return { app, url: `http://127.0.0.1:${port}`, db, close: () => app.close() };
}
