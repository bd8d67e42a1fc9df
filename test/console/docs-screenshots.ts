/**
 * `npm run docs:screenshots`: screenshots of every console page, in Indonesian, at 1366x768 and 390x844, into
 * docs/console/. Uses the console tests' setup (test/support/console-stage.ts) on its own database
 * (`rujuk_shots`, recreated) and Redis prefix, loads the demo network (scripts/seed-demo.ts), creates a few
 * cases and referrals through the API as the demo case manager, and signs in as the demo case manager and the
 * demo hospital staff. A partner without an account (LBH Sekar Keadilan) gets its single-referral link by
 * e-mail (read from the mail sink).
 *
 *   npm run docs:screenshots [-- --db rujuk_shots --prefix '{rujuk-shots}']
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { seedDemoNetwork } from '../../scripts/seed-demo';
import { DEMO_PASSWORD } from '../../scripts/demo-network/network';
import { newContext, signIn } from '../support/browser';
import { startStage, type Stage } from '../support/console-stage';
import { eventually } from '../support/eventually';
import { addNeed, createReferral, openCase, recordConsent, registerClient } from '../support/factories';
import { gql, ok } from '../support/harness';

const CASE_MANAGER = 'manajer.kasus@rujuk.example.org';
const PARTNER = 'rsud@rujuk.example.org';
const OUT = join(__dirname, '..', '..', 'docs', 'console');
const SIZES = [{ name: 'desktop', width: 1366, height: 768 }, { name: 'phone', width: 390, height: 844 }] as const;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

async function login(stage: Stage, email: string): Promise<string> {
  const d = await ok(gql(stage.t, `mutation($i: LoginInput!) { login(input: $i) { token } }`, { i: { email, password: DEMO_PASSWORD } }));
  return d.login.token as string;
}

async function serviceId(stage: Stage, name: string): Promise<string> {
  const [row] = await stage.t.db.query(`SELECT id FROM service WHERE name = $1`, [name]);
  if (!row) throw new Error(`demo service "${name}" not found`);
  return row.id;
}

/** Demo cases and referrals, made through the API as the demo users would make them. */
async function stageData(stage: Stage, mailDir: string) {
  const t = stage.t;
  const cm = await login(stage, CASE_MANAGER);
  const partner = await login(stage, PARTNER);
  const ppt = await serviceId(stage, 'Pusat Pelayanan Terpadu (PPT) Korban Kekerasan');
  const lbh = await serviceId(stage, 'Bantuan Hukum Cuma-cuma');

  const people = [
    { fullName: 'Siti Rahmawati', birthDate: '1991-03-14', sex: 'FEMALE' },
    { fullName: 'Ani Suryani', birthDate: '1987-11-02', sex: 'FEMALE' },
    { fullName: 'Dewi Lestari', birthDate: '1995-06-21', sex: 'FEMALE', legal: true },
    { fullName: 'Nining Kurniasih', birthDate: '1979-01-30', sex: 'FEMALE' },
  ];
  const cases: { clientId: string; caseId: string; needId: string }[] = [];
  for (const { legal, ...p } of people as (typeof people[number] & { legal?: boolean })[]) {
    const clientId = await registerClient(t, cm, p);
    const caseId = await openCase(t, cm, clientId, { priority: cases.length === 0 ? 'URGENT' : 'ROUTINE' });
    const needId = await addNeed(t, cm, caseId, 'WANITA_KORBAN_KEKERASAN', legal
      ? { serviceTypes: ['BANTUAN_HUKUM'], description: 'Butuh pendampingan hukum untuk laporan ke polisi' }
      : { serviceTypes: ['KONSELING'], description: 'Korban kekerasan dalam rumah tangga, butuh konseling dan pemeriksaan' });
    await recordConsent(t, cm, clientId, caseId);
    cases.push({ clientId, caseId, needId });
  }
  const [main, second, viaLink] = cases;
  await ok(gql(t, `mutation($c: ID!, $b: String!) { addCaseNote(caseId: $c, body: $b) { id } }`,
    { c: main.caseId, b: 'Klien datang bersama kakaknya; aman untuk dihubungi lewat telepon kakak.' }, cm));

  // Referral 1: sent and accepted by the hospital with an appointment (schedules an attendance follow-up).
  const accepted = await createReferral(t, cm, main.needId, ppt, { note: 'Mohon pemeriksaan dan konseling segera' });
  const appointmentAt = new Date(Date.now() + 2 * 86_400_000);
  appointmentAt.setUTCHours(9, 0, 0, 0); // 09.00 as the browser (UTC here) shows it
  await ok(gql(t, `mutation($i: AcceptReferralInput!) { acceptReferral(input: $i) { id } }`,
    { i: { referralId: accepted, appointmentAt: appointmentAt.toISOString(), reason: 'Datang ke PPT lantai 2, bawa KTP' } }, partner));
  // Referral 2: new, waiting for the hospital's answer.
  await createReferral(t, cm, second.needId, ppt, { note: 'Klien siap datang minggu ini' });
  // Referral 3: to a partner without an account, which receives a single-referral link by e-mail.
  const linked = await createReferral(t, cm, viaLink.needId, lbh, { note: 'Butuh pendampingan hukum untuk laporan polisi' });
  const delivery = await eventually(async () => {
    const [d] = await t.db.query(
      `SELECT id FROM notification_delivery WHERE template = 'referral.new' AND channel = 'EMAIL' AND status = 'SENT' AND data->>'referralId' = $1`, [linked]);
    return d as { id: string } | undefined;
  }, 30_000, 200);
  const mail = JSON.parse(readFileSync(join(mailDir, `${delivery.id}.json`), 'utf8')) as { text: string };
  const link = new RegExp(`${t.url.replace(/[.]/g, '\\.')}(/link/[^\\s]+)`).exec(mail.text)?.[1];
  if (!link) throw new Error('no single-referral link in the e-mail');
  // The acceptance's attendance follow-up, made by the worker.
  await eventually(async () => (await t.db.query(`SELECT id FROM follow_up LIMIT 1`))[0], 30_000, 200);
  return { main, accepted, link };
}

async function settle(p: Page): Promise<void> {
  await p.getByRole('progressbar').or(p.locator('.mantine-Loader-root')).first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
  await p.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => undefined);
  // Fonts loaded and every running transition or animation finished before the picture.
  await p.evaluate(async () => {
    const doc = (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> }; getAnimations(): { finished: Promise<unknown> }[] } }).document;
    await doc.fonts.ready;
    await Promise.all(doc.getAnimations().map((a) => a.finished.catch(() => undefined)));
  });
}

async function main(): Promise<void> {
  const mailDir = mkdtempSync(join(tmpdir(), 'rujuk-shots-mail-'));
  const stage = await startStage(arg('db', 'rujuk_shots'), arg('prefix', '{rujuk-shots}'), { OUTBOX_POLL_MS: '200', MAIL_SINK_DIR: mailDir });
  try {
    process.stdout.write('loading the demo network\n');
    await seedDemoNetwork(stage.t.app);
    process.stdout.write('creating demo cases and referrals through the API\n');
    const { main: c, accepted, link } = await stageData(stage, mailDir);
    const pages: { file: string; who: 'none' | 'cm' | 'partner'; path: string; heading: RegExp | string }[] = [
      { file: 'sign-in', who: 'none', path: '/sign-in', heading: 'Masuk ke Rujuk' },
      { file: 'home-case-manager', who: 'cm', path: '/', heading: /Selamat datang/ },
      { file: 'clients', who: 'cm', path: '/clients', heading: 'Klien' },
      { file: 'client', who: 'cm', path: `/clients/${c.clientId}`, heading: 'Siti Rahmawati' },
      { file: 'case', who: 'cm', path: `/cases/${c.caseId}`, heading: 'Kasus Siti Rahmawati' },
      { file: 'match', who: 'cm', path: `/cases/${c.caseId}/needs/${c.needId}/match`, heading: 'Cari layanan untuk kebutuhan' },
      { file: 'referral-case-manager', who: 'cm', path: `/referrals/${accepted}`, heading: /Pusat Pelayanan Terpadu/ },
      { file: 'follow-ups', who: 'cm', path: '/follow-ups', heading: 'Tindak lanjut' },
      { file: 'home-partner', who: 'partner', path: '/', heading: /Selamat datang/ },
      { file: 'inbox', who: 'partner', path: '/inbox', heading: 'Kotak masuk rujukan' },
      { file: 'referral-partner', who: 'partner', path: `/referrals/${accepted}`, heading: /Pusat Pelayanan Terpadu/ },
      { file: 'my-services', who: 'partner', path: '/services', heading: /Layanan RSUD Mekarsari/ },
      { file: 'link', who: 'none', path: link, heading: /./ },
    ];
    for (const size of SIZES) {
      const ctx = {
        none: await newContext(stage.browser, stage.t.url, size),
        cm: await newContext(stage.browser, stage.t.url, size),
        partner: await newContext(stage.browser, stage.t.url, size),
      };
      const tabs = { none: await ctx.none.newPage(), cm: await ctx.cm.newPage(), partner: await ctx.partner.newPage() };
      await signIn(tabs.cm, CASE_MANAGER, DEMO_PASSWORD);
      await signIn(tabs.partner, PARTNER, DEMO_PASSWORD);
      for (const pg of pages) {
        const p = tabs[pg.who];
        await p.goto(pg.path);
        await p.getByRole('heading', { level: pg.file === 'link' ? 2 : 1, name: pg.heading }).first().waitFor({ timeout: 15_000 });
        await settle(p);
        const file = join(OUT, `${pg.file}-${size.name}.png`);
        await p.screenshot({ path: file });
        process.stdout.write(`  ${file.slice(OUT.length + 1)}\n`);
      }
      await Promise.all(Object.values(ctx).map((x) => x.close()));
    }
  } finally {
    await stage.close();
    rmSync(mailDir, { recursive: true, force: true });
  }
  const total = execFileSync('sh', ['-c', `du -ck "${OUT}"/*.png | tail -1`]).toString().trim();
  process.stdout.write(`done: docs/console/*.png, ${total}\n`);
}

main().then(() => process.exit(0), (err) => {
  process.stderr.write(`docs:screenshots failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
