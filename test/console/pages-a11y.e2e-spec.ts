import type { Page } from 'playwright-core';
import { seriousViolations, signIn } from '../support/browser';
import { cimahiNetwork, type ConsoleStack, startConsoleStack } from '../support/console-network';
import { caseWithNeed, createReferral, type TestUser } from '../support/factories';
import type { TestApp } from '../support/harness';
import { expect as pw } from '../support/playwright-expect';

jest.setTimeout(180_000);

/**
 * Every page of the console, for a case manager and for partner staff: no serious or critical axe violation
 * (WCAG 2.1 A/AA rules), at laptop and phone width; and the partner's main flow by keyboard alone.
 */
describe('console: accessibility of every page, keyboard use', () => {
  let stack: ConsoleStack;
  let t: TestApp;
  let cm: TestUser;
  let partner: TestUser;
  let ids: { clientId: string; caseId: string; needId: string; referralId: string };

  beforeAll(async () => {
    stack = await startConsoleStack();
    t = stack.t;
    const net = await cimahiNetwork(t, { hospitalServiceName: 'Konseling RSUD', capacity: 3 });
    ({ cm, partner } = net);
    const serviceId = net.hospitalServiceId;
    const c = await caseWithNeed(t, cm.token, { fullName: 'Rina Wati' });
    ids = { ...c, referralId: await createReferral(t, cm.token, c.needId, serviceId, { note: 'Mohon segera' }) };
  });

  afterAll(() => stack?.close());

  async function pageAs(user: TestUser | null, size?: { width: number; height: number }): Promise<Page> {
    const p = await stack.page(size);
    if (user) await signIn(p, user.email, user.password);
    return p;
  }

  async function audit(p: Page, path: string, heading: RegExp | string): Promise<{ path: string; violations: unknown[] }> {
    await p.goto(path);
    await pw(p.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await p.getByRole('progressbar').or(p.locator('.mantine-Loader-root')).first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
    return { path, violations: await seriousViolations(p) };
  }

  for (const size of [{ width: 1366, height: 768 }, { width: 390, height: 844 }]) {
    it(`has no serious or critical violation on any page at ${size.width}x${size.height}`, async () => {
      const anonymous = await pageAs(null, size);
      const results = [await audit(anonymous, '/sign-in', 'Masuk ke Rujuk')];
      const a = await pageAs(cm, size);
      results.push(
        await audit(a, '/', /Selamat datang/),
        await audit(a, '/clients', 'Klien'),
        await audit(a, `/clients/${ids.clientId}`, 'Rina Wati'),
        await audit(a, `/cases/${ids.caseId}`, 'Kasus Rina Wati'),
        await audit(a, `/cases/${ids.caseId}/needs/${ids.needId}/match`, 'Cari layanan untuk kebutuhan'),
        await audit(a, `/referrals/${ids.referralId}`, 'Konseling RSUD'),
        await audit(a, '/follow-ups', 'Tindak lanjut'),
        await audit(a, '/no-such-page', 'Halaman tidak ditemukan'),
      );
      const b = await pageAs(partner, size);
      results.push(
        await audit(b, '/', /Selamat datang/),
        await audit(b, '/inbox', 'Kotak masuk rujukan'),
        await audit(b, `/referrals/${ids.referralId}`, 'Konseling RSUD'),
        await audit(b, '/services', /Layanan RSUD Cibabat/),
        await audit(b, '/follow-ups', 'Tindak lanjut'),
      );
      expect(results.filter((r) => r.violations.length)).toEqual([]);
    });
  }

  /** Presses Tab until `target` has the focus (at most `max` times); fails if it never does. */
  async function tabTo(p: Page, target: ReturnType<Page['locator']>, max = 80): Promise<void> {
    const handle = await target.elementHandle();
    for (let i = 0; i < max; i++) {
      await p.keyboard.press('Tab');
      if (await handle!.evaluate((el) => {
        const active = (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement;
        return el === active || (el as unknown as { contains(x: unknown): boolean }).contains(active);
      })) return;
    }
    throw new Error(`could not reach ${target} with the Tab key`);
  }

  it('lets partner staff sign in, open the inbox and accept a referral by keyboard alone', async () => {
    const p = await stack.page();
    await p.goto('/sign-in');
    await tabTo(p, p.getByLabel('Email'));
    await p.keyboard.type(partner.email);
    await tabTo(p, p.getByLabel('Kata sandi'));
    await p.keyboard.type(partner.password);
    await p.keyboard.press('Enter');
    await pw(p.getByRole('heading', { level: 1, name: /Selamat datang/ })).toBeVisible();

    // The skip link comes first and moves the focus to the content.
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent)).toBe('Lompat ke isi');

    await tabTo(p, p.getByRole('navigation').getByRole('link', { name: 'Kotak masuk', exact: true }));
    await p.keyboard.press('Enter');
    await pw(p.getByRole('heading', { level: 1, name: 'Kotak masuk rujukan' })).toBeVisible();
    const row = p.getByTestId('inbox-row').getByRole('link', { name: 'Konseling RSUD' });
    await pw(row).toBeVisible();
    await tabTo(p, row);
    await p.keyboard.press('Enter');
    await pw(p.getByRole('heading', { level: 1, name: 'Konseling RSUD' })).toBeVisible();

    // A note to the sender, then accept (the appointment field is the browser's own date-time input).
    await tabTo(p, p.getByLabel('Catatan untuk pengirim'));
    await p.keyboard.type('Datang hari Senin pukul 09.00');
    await tabTo(p, p.getByRole('button', { name: 'Terima' }));
    await p.keyboard.press('Enter');
    await pw(p.getByTestId('referral-status')).toHaveText('Diterima');
  });
});
