import type { Locator, Page } from 'playwright-core';
import { cimahiNetwork, type ConsoleStack, startConsoleStack } from '../support/console-network';
import type { TestUser } from '../support/factories';
import { gql, ok, TestApp } from '../support/harness';
import { expect as pw } from '../support/playwright-expect';
import { eventually } from '../support/worker';

jest.setTimeout(240_000);

/**
 * A case manager's whole flow with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrow keys, Escape and
 * typing; no mouse click anywhere): sign in, register a client in the dialog, open a case, add a need, record
 * consent, match, send; then record the follow-up the partner's acceptance scheduled. Every element reached
 * shows where the focus is, dialogs keep the focus inside and give it back when they close, and a page reached
 * through a link or a button takes the focus to its content.
 */
describe('console: a case manager works by keyboard alone', () => {
  let stack: ConsoleStack;
  let t: TestApp;
  let cm: TestUser;
  let partner: TestUser;
  const serviceName = 'Konseling Korban Kekerasan RSUD';

  beforeAll(async () => {
    stack = await startConsoleStack();
    t = stack.t;
    ({ cm, partner } = await cimahiNetwork(t, { hospitalServiceName: serviceName }));
  });

  afterAll(() => stack?.close());

  type Doc = { document: { activeElement: any; body: unknown } };
  const active = (p: Page) => p.evaluate(() => {
    const el = (globalThis as unknown as Doc).document.activeElement;
    return el ? `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60)}"` : 'none';
  });

  /**
   * Whether the focused element shows a focus indicator a sighted keyboard user can see: an outline or a ring
   * (buttons, links, radios), or for a text field the border in the theme's focus colour.
   */
  const focusVisible = (p: Page) => eventually(async () => {
    const seen = await p.evaluate(() => {
      type Style = { outlineStyle: string; outlineWidth: string; boxShadow: string; borderTopColor: string; getPropertyValue(n: string): string };
      const w = globalThis as unknown as Doc & { getComputedStyle(el: unknown): Style; document: { documentElement: unknown; createElement(t: string): any } };
      const el = w.document.activeElement;
      if (!el || el === w.document.body) return 'nothing focused';
      const s = w.getComputedStyle(el);
      if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) return 'ok';
      if (s.boxShadow && s.boxShadow !== 'none') return 'ok';
      if (['INPUT', 'TEXTAREA'].includes(el.tagName)) {
        // The theme's focus colour, resolved to rgb() as the border's computed value is.
        const probe = w.document.createElement('span');
        probe.style.color = 'var(--mantine-primary-color-filled)';
        el.parentElement.appendChild(probe);
        const focusColour = w.getComputedStyle(probe).getPropertyValue('color');
        probe.remove();
        // The field's border, or its wrapper's (a password field's input sits inside the bordered box).
        const borders = [el, el.parentElement, el.parentElement?.parentElement].filter(Boolean).map((x) => w.getComputedStyle(x).borderTopColor);
        if (borders.includes(focusColour)) return 'ok';
        return `borders ${borders.join(', ')}, focus colour ${focusColour}`;
      }
      return `outline ${s.outlineStyle} ${s.outlineWidth}, box-shadow ${s.boxShadow}`;
    });
    if (seen !== 'ok') throw new Error(seen);
    return true;
  }, 1000, 50).then(() => true, () => false);


  /** Presses Tab until `target` has the focus (at most `max` times), then checks the focus is visible. */
  async function tabTo(p: Page, target: Locator, max = 80): Promise<void> {
    await target.first().waitFor({ state: 'attached' });
    const handle = await target.first().elementHandle();
    for (let i = 0; i < max; i++) {
      await p.keyboard.press('Tab');
      if (await handle!.evaluate((el) => el === (globalThis as unknown as Doc).document.activeElement)) {
        if (!(await focusVisible(p))) throw new Error(`the focus on ${await active(p)} is not visible`);
        return;
      }
    }
    throw new Error(`could not reach ${target} with the Tab key (the focus is on ${await active(p)})`);
  }

  /**
   * In the combobox that has the focus (a Mantine Select or MultiSelect), moves through the options with the
   * arrow keys until the one named `name` is the active one, and chooses it with Enter.
   */
  async function choose(p: Page, name: RegExp, showsChoice = false): Promise<void> {
    for (let i = 0; i < 60; i++) {
      await p.keyboard.press('ArrowDown');
      const label = await p.evaluate(() => {
        const d = (globalThis as unknown as Doc).document;
        const id = d.activeElement?.getAttribute('aria-activedescendant');
        return id ? (d.activeElement.ownerDocument.getElementById(id)?.textContent ?? null) : null;
      });
      if (label && name.test(label)) {
        await p.keyboard.press('Enter');
        if (!showsChoice) return;
        // A select showing its choice: taken when it shows it (on a loaded machine an Enter can reach the list
        // before it is ready, and the choice is lost); otherwise open the list again and choose again.
        const shown = await eventually(async () => p.evaluate((wanted) => {
          const el = (globalThis as unknown as Doc).document.activeElement as { value?: string; textContent: string | null } | null;
          return `${el?.value ?? ''} ${el?.textContent ?? ''}`.includes(wanted) || null;
        }, label), 3000, 50).catch(() => false);
        if (shown) return;
      }
    }
    throw new Error(`no option ${name} in the combobox ${await active(p)}`);
  }

  /** The focus is inside the open dialog, and stays there however often Tab is pressed. */
  async function focusStaysInDialog(p: Page, presses: number): Promise<void> {
    for (let i = 0; i < presses; i++) {
      await p.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
      const inside = await p.evaluate(() => {
        const d = (globalThis as unknown as Doc).document;
        return !!d.activeElement?.closest('[role="dialog"]');
      });
      if (!inside) throw new Error(`the focus left the dialog: ${await active(p)}`);
    }
  }

  /** After moving to another page, the focus is at the start of its content (not lost on the body). */
  async function focusMovedToContent(p: Page): Promise<void> {
    await eventually(async () => {
      const inMain = await p.evaluate(() => {
        const d = (globalThis as unknown as Doc).document;
        return !!d.activeElement?.closest('main');
      });
      if (!inMain) throw new Error(`focus on ${await active(p)}`);
      return true;
    }, 5000, 50);
  }

  it('registers a client, opens a case, adds a need, records consent, matches and sends; then records a follow-up', async () => {
    const p = await stack.page();
    p.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
    p.on('response', async (r) => {
      if (!r.url().endsWith('/graphql')) return;
      const body = await r.text().catch(() => '');
      if (r.status() >= 400 || body.includes('"errors"')) process.stderr.write(`${r.status()} ${r.request().postDataJSON()?.operationName}: ${body.slice(0, 400)}\n`);
    });
    try {
      await flow(p);
    } catch (err) {
      // What the page showed, to see why.
      process.stderr.write(`focus on ${await active(p)}; page text:\n${(await p.locator('body').innerText().catch(() => '')).slice(0, 3000)}\n`);
      throw err;
    }
  });

  async function flow(p: Page): Promise<void> {

    // Sign in.
    await p.goto('/sign-in');
    await tabTo(p, p.getByLabel('Email'));
    await p.keyboard.type(cm.email);
    await tabTo(p, p.getByLabel('Kata sandi'));
    await p.keyboard.type(cm.password);
    await p.keyboard.press('Enter');
    await pw(p.getByRole('heading', { level: 1, name: /Selamat datang/ })).toBeVisible();

    // Clients, through the navigation.
    await tabTo(p, p.getByRole('navigation').getByRole('link', { name: 'Klien', exact: true }));
    await p.keyboard.press('Enter');
    await pw(p.getByRole('heading', { level: 1, name: 'Klien' })).toBeVisible();
    await focusMovedToContent(p);

    // The register dialog: it takes the focus, keeps it, and gives it back on Escape.
    const open = p.getByRole('button', { name: 'Daftarkan klien' });
    await tabTo(p, open);
    await p.keyboard.press('Enter');
    const dialog = p.getByRole('dialog');
    await pw(dialog.getByLabel('Nama lengkap')).toBeVisible();
    await focusStaysInDialog(p, 12);
    await p.keyboard.press('Escape');
    await pw(dialog).toHaveCount(0);
    expect(await open.evaluate((el) => el === (globalThis as unknown as Doc).document.activeElement)).toBe(true);

    await p.keyboard.press('Space');
    await pw(dialog.getByLabel('Nama lengkap')).toBeVisible();
    await tabTo(p, dialog.getByLabel('Nama lengkap'));
    await p.keyboard.type('Ratna Sari');
    await tabTo(p, dialog.getByRole('combobox', { name: 'Jenis kelamin' }));
    await choose(p, /^Perempuan$/, true);
    // The browser's date field, typed segment by segment (4 April: the same whichever order the browser's own
    // language puts day and month in).
    await tabTo(p, dialog.getByLabel('Tanggal lahir'));
    await p.keyboard.type('04041990');
    await tabTo(p, dialog.getByRole('combobox', { name: 'Desa/kelurahan' }));
    await p.keyboard.type('Melong');
    await pw(p.getByRole('option', { name: /32\.77\.01\.1001/ })).toBeVisible();
    await choose(p, /32\.77\.01\.1001/);
    await tabTo(p, dialog.getByRole('button', { name: 'Simpan klien' }));
    await p.keyboard.press('Enter');
    await pw(p.getByRole('heading', { level: 1, name: 'Ratna Sari' })).toBeVisible();
    await focusMovedToContent(p);

    // Open a case.
    await tabTo(p, p.getByRole('button', { name: 'Buka kasus' }));
    await p.keyboard.press('Enter');
    await pw(p.getByRole('heading', { level: 1, name: 'Kasus Ratna Sari' })).toBeVisible();
    await focusMovedToContent(p);

    // A need.
    const needs = p.getByRole('region', { name: 'Kebutuhan' });
    await tabTo(p, needs.getByRole('combobox', { name: 'Kategori PMKS' }));
    await p.keyboard.type('Wanita');
    await choose(p, /Wanita yang Menjadi Korban/);
    await tabTo(p, needs.getByRole('button', { name: 'Tambah kebutuhan' }));
    await p.keyboard.press('Enter');
    await pw(needs.getByRole('cell', { name: /Wanita yang Menjadi Korban/ })).toBeVisible();

    // Consent: identity and the need summary, to any recipient.
    const consent = p.getByRole('region', { name: 'Persetujuan berbagi data' });
    await tabTo(p, consent.getByRole('combobox', { name: 'Data yang boleh dibagikan' }));
    await p.keyboard.type('Identitas');
    await choose(p, /^Identitas$/);
    await p.keyboard.type('Ringkasan');
    await choose(p, /^Ringkasan kebutuhan$/);
    await p.keyboard.press('Escape');
    await tabTo(p, consent.getByLabel('Tujuan berbagi'));
    await p.keyboard.type('Rujukan layanan konseling');
    await tabTo(p, consent.getByRole('button', { name: 'Catat persetujuan' }));
    await p.keyboard.press('Enter');
    await pw(consent.getByText(/Identitas, Ringkasan kebutuhan → semua penerima/)).toBeVisible();

    // Match: the candidates are radio buttons, chosen with Space; then the message and send.
    await tabTo(p, needs.getByRole('link', { name: /Cari layanan untuk/ }));
    await p.keyboard.press('Enter');
    await pw(p.getByRole('heading', { level: 1, name: 'Cari layanan untuk kebutuhan' })).toBeVisible();
    await focusMovedToContent(p);
    const radio = p.getByRole('radio', { name: new RegExp(serviceName) });
    await tabTo(p, radio);
    await p.keyboard.press('Space');
    await pw(p.getByTestId('sharing-preview')).toContainText('Ringkasan kebutuhan');
    await tabTo(p, p.getByLabel('Pesan untuk penerima'));
    await p.keyboard.type('Mohon konseling minggu ini.');
    await tabTo(p, p.getByRole('button', { name: 'Kirim rujukan' }));
    await p.keyboard.press('Enter');
    await pw(p.getByRole('heading', { level: 1, name: serviceName })).toBeVisible();
    await pw(p.getByTestId('referral-status')).toHaveText('Terkirim');
    await focusMovedToContent(p);

    // The hospital accepts (through the API): that schedules the attendance follow-up.
    const referralId = new URL(p.url()).pathname.split('/').pop()!;
    await ok(gql(t, `mutation($i: AcceptReferralInput!) { acceptReferral(input: $i) { id } }`,
      { i: { referralId, appointmentAt: new Date(Date.now() - 3600_000).toISOString() } }, partner.token));
    await pw(p.getByTestId('referral-status')).toHaveText('Diterima', { timeout: 15_000 });

    // Follow-ups: record the attendance check in its dialog.
    await tabTo(p, p.getByRole('navigation').getByRole('link', { name: 'Tindak lanjut', exact: true }));
    await p.keyboard.press('Enter');
    await pw(p.getByRole('heading', { level: 1, name: 'Tindak lanjut' })).toBeVisible();
    const task = p.getByTestId('follow-up-row').filter({ hasText: 'Cek kehadiran' });
    await pw(task).toBeVisible({ timeout: 20_000 });
    await tabTo(p, task.getByRole('button', { name: /Catat kontak/ }));
    await p.keyboard.press('Enter');
    const record = p.getByRole('dialog');
    await pw(record.getByRole('combobox', { name: 'Hasil' })).toBeVisible();
    await focusStaysInDialog(p, 9);
    await tabTo(p, record.getByRole('combobox', { name: 'Hasil' }));
    await choose(p, /^Hadir$/);
    await tabTo(p, record.getByRole('button', { name: 'Simpan hasil' }));
    await p.keyboard.press('Enter');
    await pw(p.getByTestId('follow-up-row').filter({ hasText: 'Cek kehadiran' })).toHaveCount(0);
    await pw(record).toHaveCount(0);

    const [row] = await t.db.query(
      `SELECT f.status, f.result FROM follow_up f WHERE f.referral_id = $1 AND f.kind = 'ATTENDANCE_CHECK'`, [referralId]);
    expect(row).toEqual({ status: 'DONE', result: 'ATTENDED' });
  }
});
