/**
 * What every console browser test starts from: the API serving the console, a worker and Debian's chromium on
 * a cleared Redis prefix (`startConsoleStack`), and the Cimahi network they act in (`cimahiNetwork`): the Dinas
 * Sosial whose case manager refers, RSUD Cibabat with a located counselling service and its partner staff, and,
 * when asked, a shelter without accounts that answers through its single-referral link (e-mail).
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, startConsoleApp } from './browser';
import { createOrg, createService, staff, type TestUser } from './factories';
import { gql, locatedLocation, ok, type TestApp, userWithToken } from './harness';
import { clearRedisPrefix, startWorker } from './worker';

export interface ConsoleStack {
  t: TestApp;
  worker: INestApplicationContext;
  browser: Browser;
  /** A new browser context (closed with the stack) at the console's origin, in `Asia/Jakarta` unless told. */
  context(options?: Parameters<typeof newContext>[2]): Promise<BrowserContext>;
  /** A page in a new context. */
  page(options?: Parameters<typeof newContext>[2]): Promise<Page>;
  close(): Promise<void>;
}

/** Sets `env` (with a fast outbox poll) for the stack's life and starts it; `close` undoes both. */
export async function startConsoleStack(env: Record<string, string> = {}): Promise<ConsoleStack> {
  const vars = { OUTBOX_POLL_MS: '200', ...env };
  Object.assign(process.env, vars);
  await clearRedisPrefix();
  const t = await startConsoleApp();
  const worker = await startWorker();
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  const context = async (options?: Parameters<typeof newContext>[2]) => {
    const ctx = await newContext(browser, t.url, options);
    contexts.push(ctx);
    return ctx;
  };
  return {
    t, worker, browser, context,
    page: async (options) => (await context(options)).newPage(),
    async close() {
      await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
      await browser.close().catch(() => undefined);
      await worker.close();
      await t.close();
      for (const k of [...Object.keys(vars), 'PUBLIC_APP_URL']) delete process.env[k];
    },
  };
}

export interface CimahiNetwork {
  admin: TestUser;
  /** The Dinas Sosial's case manager. */
  cm: TestUser;
  /** RSUD Cibabat's partner staff. */
  partner: TestUser;
  hospital: string;
  hospitalServiceId: string;
  /** The shelter without accounts (its referral contact's e-mail carries the link), when asked for. */
  shelter?: { id: string; serviceId: string };
}

export async function cimahiNetwork(t: TestApp, o: { hospitalServiceName?: string; capacity?: number; withShelter?: boolean } = {}): Promise<CimahiNetwork> {
  const admin = await userWithToken(t, 'ADMIN');
  const dinsos = await createOrg(t, { name: 'Dinas Sosial Kota Cimahi', partnerKind: 'DINAS_SOSIAL' });
  const hospital = await createOrg(t, { name: 'RSUD Cibabat', partnerKind: 'RUMAH_SAKIT' });
  const hospitalServiceId = await createService(t, admin.token, hospital, {
    name: o.hospitalServiceName ?? 'Konseling Korban Kekerasan RSUD', capacity: { available: o.capacity ?? 4, maximum: 10 },
  });
  await locatedLocation(t, admin.token, hospital, 'RSUD Cibabat Gedung A', -6.8847, 107.5413);
  let shelter: CimahiNetwork['shelter'];
  if (o.withShelter) {
    const id = (await ok(gql(t, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, { i: {
      name: 'Rumah Aman Cimahi', partnerKind: 'LSM', regionCode: '32.77', referralContact: { name: 'Petugas rujukan', email: 'rujukan@rumah-aman.example.id' },
    } }, admin.token))).createOrganization.id as string;
    shelter = { id, serviceId: await createService(t, admin.token, id, { name: 'Rumah Aman Sementara' }) };
  }
  return {
    admin, cm: await staff(t, 'CASE_MANAGER', dinsos), partner: await staff(t, 'PARTNER_STAFF', hospital), hospital, hospitalServiceId, shelter,
  };
}
