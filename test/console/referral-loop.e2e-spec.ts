import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect as pw } from '../support/playwright-expect';
import { seriousViolations, signIn } from '../support/browser';
import { cimahiNetwork, type ConsoleStack, startConsoleStack } from '../support/console-network';
import { caseWithNeed, createReferral, registerClient, type TestUser } from '../support/factories';
import { gql, ok, TestApp } from '../support/harness';
import { eventually } from '../support/worker';

/**
 * The whole referral loop in two browsers against the real API, worker, PostgreSQL and Redis: a case manager
 * registers a client (past the duplicate warning), opens a case, records consent, matches the need and sends;
 * the hospital's staff see the referral arrive in their inbox without reloading and accept it with an
 * appointment; the case manager's page follows without a reload; the attendance follow-up is recorded.
 */
jest.setTimeout(180_000);

describe('console: the referral loop in the browser', () => {
  let stack: ConsoleStack;
  let t: TestApp;
  let cm: TestUser;
  let partner: TestUser;
  const hospitalServiceName = 'Konseling Korban Kekerasan RSUD';
  let shelterServiceId: string;
  let shelter: string;
  const mailDir = join(tmpdir(), `rujuk-console-mail-${randomUUID()}`);

  const page = async (): Promise<Page> => {
    const p = await stack.page();
    // A failing run shows what the browser said.
    p.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
    p.on('console', (m) => m.type() === 'error' && process.stderr.write(`browser console: ${m.text()}\n`));
    p.on('response', async (r) => {
      if (r.status() >= 400 && r.url().endsWith('/graphql')) {
        process.stderr.write(`HTTP ${r.status()} ${r.request().postDataJSON()?.operationName}: ${(await r.text().catch(() => '')).slice(0, 400)}\n`);
      }
    });
    p.on('websocket', (ws) => {
      ws.on('close', () => process.stderr.write(`websocket closed: ${ws.url()}\n`));
      if (process.env.DEBUG_WS) ws.on('framereceived', (f) => process.stderr.write(`ws <- ${String(f.payload).slice(0, 300)}\n`));
      if (process.env.DEBUG_WS) ws.on('framesent', (f) => process.stderr.write(`ws -> ${String(f.payload).slice(0, 300)}\n`));
    });
    return p;
  };

  beforeAll(async () => {
    // E-mails (with the single-referral link) land as files the test reads, as the partner would read the mail.
    stack = await startConsoleStack({ MAIL_SINK_DIR: mailDir });
    t = stack.t;
    // A shelter with no account in Rujuk: it answers through the link in its e-mail.
    const net = await cimahiNetwork(t, { hospitalServiceName, withShelter: true });
    ({ cm, partner } = net);
    ({ id: shelter, serviceId: shelterServiceId } = net.shelter!);
    // Someone with the same name and birth date is registered already: the console warns before saving.
    await registerClient(t, cm.token, { fullName: 'Siti Aminah', birthDate: '1990-04-04' });
  });

  afterAll(async () => {
    await stack?.close();
    await rm(mailDir, { recursive: true, force: true });
  });

  it('registers, opens a case, records consent, matches, sends; the partner accepts live; a follow-up is recorded', async () => {
    const a = await page();
    await signIn(a, cm.email, cm.password);

    // Register a client: the duplicate warning comes before anything is saved.
    await a.getByRole('navigation').getByRole('link', { name: 'Klien', exact: true }).click();
    await a.getByRole('button', { name: 'Daftarkan klien' }).click();
    const form = a.getByRole('dialog');
    await form.getByLabel('Nama lengkap').fill('Siti Aminah');
    await form.getByRole('combobox', { name: 'Jenis kelamin' }).click();
    await a.getByRole('option', { name: 'Perempuan' }).click();
    await form.getByLabel('Tanggal lahir').fill('1990-04-04');
    await form.getByRole('combobox', { name: 'Desa/kelurahan' }).fill('Melong');
    await a.getByRole('option', { name: /32\.77\.01\.1001/ }).click();
    await form.getByRole('button', { name: 'Simpan klien' }).click();
    await pw(form.getByRole('alert')).toContainText('Mungkin sudah terdaftar');
    await form.getByRole('button', { name: 'Bukan orang yang sama: daftarkan' }).click();
    await pw(a.getByRole('heading', { level: 1, name: 'Siti Aminah' })).toBeVisible();

    // Open a case.
    await a.getByRole('button', { name: 'Buka kasus' }).click();
    await pw(a.getByRole('heading', { level: 1, name: 'Kasus Siti Aminah' })).toBeVisible();

    // A need, then consent to share identity and the need with the hospital.
    await a.getByRole('combobox', { name: 'Kategori PMKS' }).fill('Wanita');
    await a.getByRole('option', { name: /Wanita yang Menjadi Korban/ }).click();
    await a.getByRole('button', { name: 'Tambah kebutuhan' }).click();
    const needs = a.getByRole('region', { name: 'Kebutuhan' });
    await pw(needs.getByRole('cell', { name: /Wanita yang Menjadi Korban/ })).toBeVisible();

    const consent = a.getByRole('region', { name: 'Persetujuan berbagi data' });
    const categories = consent.getByRole('combobox', { name: 'Data yang boleh dibagikan' });
    await categories.fill('Identitas');
    await a.getByRole('option', { name: 'Identitas' }).click();
    await categories.fill('Ringkasan');
    await a.getByRole('option', { name: 'Ringkasan kebutuhan' }).click();
    await a.keyboard.press('Escape');
    await consent.getByLabel('Tujuan berbagi').fill('Rujukan layanan konseling');
    await consent.getByRole('button', { name: 'Catat persetujuan' }).click();
    await pw(consent.getByText(/Identitas, Ringkasan kebutuhan → semua penerima/)).toBeVisible();

    // The partner's inbox is open before the referral is sent: it must arrive without a reload.
    const b = await page();
    await signIn(b, partner.email, partner.password);
    await b.getByRole('navigation').getByRole('link', { name: 'Kotak masuk', exact: true }).click();
    await pw(b.getByText('0 dari 0 rujukan')).toBeVisible();

    // Match and send, seeing what will be shared first.
    await needs.getByRole('link', { name: /Cari layanan untuk/ }).click();
    await pw(a.getByRole('heading', { level: 1, name: 'Cari layanan untuk kebutuhan' })).toBeVisible();
    await a.getByRole('radio', { name: new RegExp(hospitalServiceName) }).check();
    const preview = a.getByTestId('sharing-preview');
    await pw(preview).toContainText('Identitas');
    await pw(preview).toContainText('Ringkasan kebutuhan');
    await a.getByLabel('Pesan untuk penerima').fill('Mohon konseling minggu ini.');
    await a.getByRole('button', { name: 'Kirim rujukan' }).click();
    await pw(a.getByRole('heading', { level: 1, name: hospitalServiceName })).toBeVisible();
    await pw(a.getByTestId('referral-status')).toHaveText('Terkirim');

    // The hospital sees it arrive live, opens it and accepts with an appointment.
    const row = b.getByTestId('inbox-row').filter({ hasText: hospitalServiceName });
    await pw(row).toBeVisible({ timeout: 15_000 });
    await row.getByRole('link', { name: hospitalServiceName }).click();
    await pw(b.getByRole('region', { name: 'Data klien yang dibagikan' })).toContainText('Siti Aminah');
    await b.getByLabel('Janji temu').fill('2031-05-06T09:30');
    await b.getByRole('button', { name: 'Terima' }).click();
    await pw(b.getByTestId('referral-status')).toHaveText('Diterima');

    // The case manager's page follows without a reload.
    await pw(a.getByTestId('referral-status')).toHaveText('Diterima', { timeout: 15_000 });
    await pw(a.getByTestId('appointment')).toContainText('2031');

    // The attendance check the acceptance scheduled is recorded from the follow-ups page.
    await a.getByRole('navigation').getByRole('link', { name: 'Tindak lanjut', exact: true }).click();
    const task = a.getByTestId('follow-up-row').filter({ hasText: 'Cek kehadiran' });
    await pw(task).toBeVisible({ timeout: 15_000 });
    await task.getByRole('button', { name: /Catat kontak/ }).click();
    const dialog = a.getByRole('dialog');
    // The open dialog too: its close button is named.
    await pw(dialog.getByRole('button', { name: 'Tutup' })).toBeVisible();
    expect(await seriousViolations(a)).toEqual([]);
    await dialog.getByRole('combobox', { name: 'Hasil' }).click();
    await a.getByRole('option', { name: 'Hadir', exact: true }).click();
    await dialog.getByRole('button', { name: 'Simpan hasil' }).click();
    await pw(a.getByTestId('follow-up-row').filter({ hasText: 'Cek kehadiran' })).toHaveCount(0);

    expect(await seriousViolations(a)).toEqual([]);
  });

  it('a partner without an account declines through the link in its e-mail; the link then refuses a second answer', async () => {
    const { needId } = await caseWithNeed(t, cm.token, { fullName: 'Dewi Lestari' });
    const referralId = await createReferral(t, cm.token, needId, shelterServiceId);
    const delivery = await eventually(async () => {
      const [d] = await t.db.query(
        `SELECT id FROM notification_delivery WHERE template = 'referral.new' AND organization_id = $1 AND channel = 'EMAIL' AND status = 'SENT' AND data->>'referralId' = $2`,
        [shelter, referralId]);
      return d as { id: string } | undefined;
    }, 20_000, 100);
    const mail = JSON.parse(await readFile(join(mailDir, `${delivery.id}.json`), 'utf8')) as { text: string };
    const link = new RegExp(`${t.url.replace(/[.]/g, '\\.')}(/link/[^\\s]+)`).exec(mail.text)?.[1];
    expect(link).toBeDefined();

    const p = await page();
    await p.goto(link!);
    await pw(p.getByRole('heading', { level: 2, name: 'Rumah Aman Sementara' })).toBeVisible();
    await pw(p.getByRole('region', { name: 'Data klien yang dibagikan' })).toContainText('Dewi Lestari');
    // Only accept or decline: no navigation into the console.
    expect(await p.getByRole('navigation').count()).toBe(0);
    expect(await seriousViolations(p)).toEqual([]);
    await p.getByRole('combobox', { name: 'Alasan menolak' }).click();
    await p.getByRole('option', { name: 'Kapasitas penuh' }).click();
    await p.getByLabel('Catatan penolakan').fill('Kuota penuh bulan ini');
    await p.getByRole('button', { name: 'Tolak' }).click();
    await pw(p.getByRole('status')).toContainText('Rujukan ditolak');
    await pw(p.getByTestId('referral-status')).toHaveText('Ditolak');

    // Opened again, the link refuses: the referral was answered.
    await p.reload();
    await pw(p.getByRole('alert')).toContainText('Tautan ini tidak berlaku lagi');
    expect(await p.getByRole('button', { name: 'Terima' }).count()).toBe(0);

    const status = await ok(gql(t, `query($id: ID!) { referral(id: $id) { status declineReason } }`, { id: referralId }, cm.token));
    expect(status.referral).toEqual({ status: 'DECLINED', declineReason: 'NO_CAPACITY' });
  });
});
