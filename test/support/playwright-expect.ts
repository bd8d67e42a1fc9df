import type { Locator } from 'playwright-core';
import { eventually } from './eventually';

/**
 * Web-first assertions for playwright-core (which has no `expect`): each polls the page until the condition
 * holds or the timeout passes, then fails with what it last saw. No fixed sleeps.
 */
const DEFAULT_TIMEOUT = 10_000;

async function poll(what: string, check: () => Promise<{ ok: boolean; seen: string }>, timeout: number): Promise<void> {
  await eventually(async () => {
    const r = await check();
    if (!r.ok) throw new Error(`last seen: ${r.seen}`);
    return true;
  }, timeout, 100).catch((err: Error) => {
    throw new Error(`${what}: ${err.message}`);
  });
}

export function expect(locator: Locator) {
  return {
    async toBeVisible(opts: { timeout?: number } = {}): Promise<void> {
      await locator.first().waitFor({ state: 'visible', timeout: opts.timeout ?? DEFAULT_TIMEOUT });
    },
    async toHaveText(text: string | RegExp, opts: { timeout?: number } = {}): Promise<void> {
      await poll(`expected ${locator} to have text ${text}`, async () => {
        const seen = ((await locator.first().textContent({ timeout: 1000 })) ?? '').trim();
        return { ok: typeof text === 'string' ? seen === text : text.test(seen), seen };
      }, opts.timeout ?? DEFAULT_TIMEOUT);
    },
    async toContainText(text: string, opts: { timeout?: number } = {}): Promise<void> {
      await poll(`expected ${locator} to contain ${text}`, async () => {
        const seen = (await locator.first().textContent({ timeout: 1000 })) ?? '';
        return { ok: seen.includes(text), seen };
      }, opts.timeout ?? DEFAULT_TIMEOUT);
    },
    async toHaveCount(n: number, opts: { timeout?: number } = {}): Promise<void> {
      await poll(`expected ${locator} to count ${n}`, async () => {
        const count = await locator.count();
        return { ok: count === n, seen: String(count) };
      }, opts.timeout ?? DEFAULT_TIMEOUT);
    },
  };
}
