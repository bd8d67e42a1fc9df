import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { signIn } from '../support/browser';
import { cimahiNetwork, type ConsoleStack, startConsoleStack } from '../support/console-network';
import { caseWithNeed, createReferral, type TestUser } from '../support/factories';
import { gql, ok, TestApp } from '../support/harness';
import { expect as pw } from '../support/playwright-expect';
import { eventually } from '../support/worker';

jest.setTimeout(180_000);

const CATEGORY = 'Wanita yang Menjadi Korban Tindak Kekerasan atau Diperlakukan Salah';

/**
 * What the console writes for people, not for programs: the need's PMKS category by its Indonesian name (on the
 * referral page and on the single-referral link page), and times in the browser's time zone, in Indonesian
 * format, with the zone written where it matters; an appointment typed in is read in that same zone.
 */
describe('console: labels, not codes; dates in the user\'s time zone', () => {
  let stack: ConsoleStack;
  let t: TestApp;
  let cm: TestUser;
  let partner: TestUser;
  let hospitalService: string;
  let shelterService: string;
  let shelter: string;
  const mailDir = join(tmpdir(), `rujuk-console-mail-${randomUUID()}`);

  beforeAll(async () => {
    stack = await startConsoleStack({ MAIL_SINK_DIR: mailDir });
    t = stack.t;
    const net = await cimahiNetwork(t, { hospitalServiceName: 'Konseling RSUD', capacity: 3, withShelter: true });
    ({ cm, partner, hospitalServiceId: hospitalService } = net);
    ({ id: shelter, serviceId: shelterService } = net.shelter!);
  });

  afterAll(async () => {
    await stack?.close();
    await rm(mailDir, { recursive: true, force: true });
  });

  async function pageAs(user: TestUser | null, timezoneId?: string): Promise<Page> {
    const p = await stack.page({ timezoneId });
    if (user) await signIn(p, user.email, user.password);
    return p;
  }

  it('names the need category on the partner\'s referral page and on the single-referral link page', async () => {
    const c = await caseWithNeed(t, cm.token, { fullName: 'Rina Wati' }, { serviceTypes: ['KONSELING'] });
    const referralId = await createReferral(t, cm.token, c.needId, hospitalService);
    const p = await pageAs(partner);
    await p.goto(`/referrals/${referralId}`);
    await pw(p.getByTestId('shared-need')).toContainText(CATEGORY);
    expect(await p.getByTestId('shared-need').textContent()).not.toContain('WANITA_KORBAN_KEKERASAN');

    const other = await caseWithNeed(t, cm.token, { fullName: 'Dewi Lestari' }, { serviceTypes: ['KONSELING'] });
    const linked = await createReferral(t, cm.token, other.needId, shelterService);
    const delivery = await eventually(async () => {
      const [d] = await t.db.query(
        `SELECT id FROM notification_delivery WHERE template = 'referral.new' AND organization_id = $1 AND channel = 'EMAIL' AND status = 'SENT' AND data->>'referralId' = $2`,
        [shelter, linked]);
      return d as { id: string } | undefined;
    }, 20_000, 100);
    const mail = JSON.parse(await readFile(join(mailDir, `${delivery.id}.json`), 'utf8')) as { text: string };
    const link = new RegExp(`${t.url.replace(/[.]/g, '\\.')}(/link/[^\\s]+)`).exec(mail.text)?.[1];
    expect(link).toBeDefined();
    const anonymous = await pageAs(null);
    await anonymous.goto(link!);
    const need = anonymous.getByRole('region', { name: 'Kebutuhan' });
    await pw(need.getByTestId('need-category')).toContainText(CATEGORY);
    await pw(need).toContainText('Konseling');
    expect(await need.textContent()).not.toMatch(/WANITA_KORBAN_KEKERASAN|KONSELING/);
  });

  it('reads an appointment in the browser\'s zone and shows times there, with the zone, in Indonesian format', async () => {
    const c = await caseWithNeed(t, cm.token, { fullName: 'Sri Handayani' });
    const referralId = await createReferral(t, cm.token, c.needId, hospitalService);

    // Partner staff in Makassar (WITA, UTC+8) accept with an appointment at 09.30 their time.
    const makassar = await pageAs(partner, 'Asia/Makassar');
    await makassar.goto(`/referrals/${referralId}`);
    await pw(makassar.getByText('Tanggal dan jam dalam zona waktu WITA')).toBeVisible();
    // The deadline is written with its zone too.
    await pw(makassar.getByText(/Batas jawaban: \d{1,2} \w{3} \d{4}, \d{2}\.\d{2} WITA/)).toBeVisible();
    await makassar.getByLabel('Janji temu').fill('2031-05-06T09:30');
    await makassar.getByRole('button', { name: 'Terima' }).click();
    await pw(makassar.getByTestId('referral-status')).toHaveText('Diterima');
    await pw(makassar.getByTestId('appointment')).toHaveText('Janji temu: 6 Mei 2031, 09.30 WITA');

    // Stored as the instant it is: 01.30 UTC.
    const [row] = await t.db.query(`SELECT to_char(appointment_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS at FROM referral WHERE id = $1`, [referralId]);
    expect(row.at).toBe('2031-05-06 01:30');

    // The case manager in Cimahi (WIB, UTC+7) sees the same instant in their zone.
    const jakarta = await pageAs(cm, 'Asia/Jakarta');
    await jakarta.goto(`/referrals/${referralId}`);
    await pw(jakarta.getByTestId('appointment')).toHaveText('Janji temu: 6 Mei 2031, 08.30 WIB');
  });
});
