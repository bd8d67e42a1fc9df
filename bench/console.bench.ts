/**
 * `npm run bench:console [-- --services 100000 --referrals 1000]`: the web console's budgets on the production
 * build (web/dist), in Debian's chromium through playwright-core, against the real API, worker, PostgreSQL and
 * Redis (the console tests' setup, test/support/console-stage.ts, on its own database `rujuk_shots_bench`,
 * recreated on every run, and Redis prefix `{rujuk-shots-bench}`; `--db` / `--prefix` choose others).
 *
 * 1. JavaScript the sign-in page loads: every script response, raw and gzipped (`gzip -9`), budget 200 KB.
 * 2. Partner staff's inbox with `--referrals` received referrals (one sent through the API, the rest SQL clones
 *    of it): time from navigation start to the first row in the DOM (budget 1 s); then every page loaded
 *    ("load more") and a scripted scroll of the virtualised list from top to bottom, one step per animation
 *    frame, sampling frame times with requestAnimationFrame (p95, longest, frames over 50 ms) and the main thread's
 *    long tasks (PerformanceObserver 'longtask'). "Without jank": p95 frame time <= 16.7 ms (every frame at
 *    60 Hz), or at least p95 <= 33.4 ms (30 Hz) with no long task over 50 ms during the scroll; the verdict is
 *    printed. `--profile <file>` writes a CPU profile of the scroll (Chrome DevTools format; summarise it with
 *    `npx ts-node -T bench/cpu-profile-summary.ts <file>`).
 * 3. The match page on a synthetic directory of `--services` services (bench/synthetic-directory.ts, as
 *    bench:match generates it): time from the arrival of the GraphQL response (its Resource Timing responseEnd)
 *    to the first candidate row in the DOM (budget 500 ms), and the API's own time for the query.
 * Each measured page load is repeated `--runs` times in a fresh context; the figures are medians and maxima.
 * `--inbox-only` skips the match page (and generates no directory beyond `--services`).
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { newContext, signIn } from '../test/support/browser';
import { startStage, type Stage } from '../test/support/console-stage';
import { eventually } from '../test/support/eventually';
import { caseWithNeed, createOrg, createReferral, createService, staff } from '../test/support/factories';
import { locatedLocation, userWithToken } from '../test/support/harness';
import { loadAverage, log, machineDescription, parseFlags } from './bench-kit';
import { generateDirectory } from './synthetic-directory';

const opts = parseFlags(process.argv.slice(2), {
  services: 100_000, referrals: 1000, runs: 5, db: 'rujuk_shots_bench', prefix: '{rujuk-shots-bench}', profile: '', inboxOnly: false,
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const ms = (x: number) => `${x.toFixed(0)} ms`;
/** Frame times to a tenth: a 60 Hz frame is 16.7 ms. */
const fms = (x: number) => `${x.toFixed(1)} ms`;

/** Records, in the page, when the first element matching `selector` enters the DOM (performance.now()). */
function watchFirst(selector: string): void {
  const w = globalThis as unknown as { __first?: number; document: any; MutationObserver: any; performance: { now(): number } };
  const check = () => {
    if (w.__first === undefined && w.document.querySelector(selector)) w.__first = w.performance.now();
    return w.__first !== undefined;
  };
  const start = () => {
    if (check()) return;
    const obs = new w.MutationObserver(() => { if (check()) obs.disconnect(); });
    obs.observe(w.document.documentElement, { childList: true, subtree: true });
  };
  if (w.document.documentElement) start();
  else w.document.addEventListener('readystatechange', start, { once: true });
}

async function firstSeen(p: Page, selector: string): Promise<number> {
  await p.locator(selector).first().waitFor({ state: 'attached', timeout: 30_000 });
  return p.evaluate(() => (globalThis as unknown as { __first: number }).__first);
}

async function signInJavaScript(browser: Browser, url: string): Promise<{ files: { name: string; raw: number; gzip: number }[] }> {
  const ctx = await newContext(browser, url);
  const p = await ctx.newPage();
  const bodies: Promise<{ name: string; raw: number; gzip: number }>[] = [];
  p.on('response', (r) => {
    if (r.request().resourceType() !== 'script') return;
    bodies.push(r.body().then((b) => ({ name: new URL(r.url()).pathname, raw: b.length, gzip: gzipSync(b, { level: 9 }).length })));
  });
  await p.goto('/sign-in');
  await p.getByRole('heading', { level: 1, name: 'Masuk ke Rujuk' }).waitFor();
  await p.waitForLoadState('load');
  // Every script the page fetched (its Resource Timing entries, lazily imported chunks included) has had its
  // response counted.
  type Timing = { performance: { getEntriesByType(type: string): { name: string }[] } };
  const fetched = () => p.evaluate(() => (globalThis as unknown as Timing).performance
    .getEntriesByType('resource').filter((e) => /\.m?js$/.test(new URL(e.name).pathname)).length);
  await eventually(async () => bodies.length >= (await fetched()), 10_000, 50);
  const files = await Promise.all(bodies);
  await ctx.close();
  return { files };
}

async function inboxRun(browser: Browser, url: string, partner: { email: string; password: string }, scroll: boolean) {
  const ctx = await newContext(browser, url);
  const p = await ctx.newPage();
  await signIn(p, partner.email, partner.password);
  await p.addInitScript(watchFirst, '[data-testid="inbox-row"]');
  await p.goto('/inbox');
  const firstRow = await firstSeen(p, '[data-testid="inbox-row"]');
  if (!scroll) {
    await ctx.close();
    return { firstRow };
  }
  // Every page, then the scroll.
  const more = p.getByRole('button', { name: 'Muat lebih banyak' });
  const loadStart = Date.now();
  while (await more.isVisible()) {
    const before = await p.getByText(/^\d+ dari \d+ rujukan$/).textContent();
    await more.click();
    await p.waitForFunction((b) => {
      const d = (globalThis as unknown as { document: any }).document;
      const el = [...d.querySelectorAll('p')].find((x: any) => /^\d+ dari \d+ rujukan$/.test(x.textContent));
      return el && el.textContent !== b;
    }, before);
  }
  const loadMs = Date.now() - loadStart;
  const shown = await p.getByText(/^\d+ dari \d+ rujukan$/).textContent();
  // The same sampling with nothing moving: the frame rate this headless browser on this machine gives at rest.
  const idle: number[] = await p.evaluate(() => new Promise((resolve) => {
    const w = globalThis as unknown as { requestAnimationFrame(cb: (t: number) => void): void };
    const deltas: number[] = [];
    let last = 0;
    const step = (t: number) => {
      if (last) deltas.push(t - last);
      last = t;
      if (deltas.length >= 120) return resolve(deltas);
      w.requestAnimationFrame(step);
    };
    w.requestAnimationFrame(step);
  }));
  const cdp = opts.profile ? await ctx.newCDPSession(p) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const frames: { deltas: number[]; height: number; rowsInDom: number; longTasks: number[] } = await p.evaluate(() => new Promise((resolve) => {
    const w = globalThis as unknown as { document: any; requestAnimationFrame(cb: (t: number) => void): void; PerformanceObserver: any };
    const el = w.document.querySelector('[data-testid="inbox-scroll"]');
    const deltas: number[] = [];
    const longTasks: number[] = [];
    const obs = new w.PerformanceObserver((list: { getEntries(): { duration: number }[] }) => {
      for (const e of list.getEntries()) longTasks.push(e.duration);
    });
    obs.observe({ type: 'longtask' });
    let last = 0;
    let rowsInDom = 0;
    const step = (t: number) => {
      if (last) deltas.push(t - last);
      last = t;
      rowsInDom = Math.max(rowsInDom, w.document.querySelectorAll('[data-testid="inbox-row"]').length);
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) {
        for (const e of obs.takeRecords()) longTasks.push(e.duration);
        obs.disconnect();
        return resolve({ deltas, height: el.scrollHeight, rowsInDom, longTasks });
      }
      el.scrollTop += 100; // ~6,000 px/s at 60 frames/s: fast flicking
      w.requestAnimationFrame(step);
    };
    w.requestAnimationFrame(step);
  }));
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(opts.profile, JSON.stringify(profile));
    log(`CPU profile of the scroll written to ${opts.profile}`);
  }
  await ctx.close();
  return { firstRow, loadMs, shown, frames, idle };
}

async function matchRun(browser: Browser, url: string, cm: { email: string; password: string }, path: string) {
  const ctx = await newContext(browser, url);
  const p = await ctx.newPage();
  await signIn(p, cm.email, cm.password);
  await p.addInitScript(watchFirst, '[data-testid="match-candidate"]');
  const response = p.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('MatchNeed'));
  await p.goto(path);
  const res = await response;
  await res.finished();
  const firstRow = await firstSeen(p, '[data-testid="match-candidate"]');
  // responseEnd of the last /graphql request finished before the first row appeared: the MatchNeed answer.
  const timing = await p.evaluate((seen) => {
    const w = globalThis as unknown as { performance: { getEntriesByType(t: string): any[] } };
    const gql = w.performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/graphql') && e.responseEnd <= seen);
    const last = gql.sort((a, b) => a.responseEnd - b.responseEnd).pop();
    return last ? { responseEnd: last.responseEnd, waiting: last.responseStart - last.requestStart, transfer: last.responseEnd - last.responseStart } : null;
  }, firstRow);
  const rows = await p.locator('[data-testid="match-candidate"]').count();
  await ctx.close();
  if (!timing) throw new Error('no /graphql response before the first candidate row');
  return { afterResponse: firstRow - timing.responseEnd, apiWaiting: timing.waiting, transfer: timing.transfer, rows };
}

async function main(): Promise<void> {
  log(`bench:console on ${machineDescription()}; load average ${loadAverage()}`);
  const stage: Stage = await startStage(opts.db, opts.prefix, { OUTBOX_POLL_MS: '200' });
  try {
    const { t, browser } = stage;
    // The synthetic directory first: generating it truncates the organisations (and whatever hangs on them).
    const pg = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await pg.connect();
    const gen0 = Date.now();
    log(`generating ${opts.services} synthetic services ...`);
    const report = await generateDirectory(pg, opts.services, (m) => log(m));
    log(`generated in ${((Date.now() - gen0) / 1000).toFixed(1)} s: ${report.organizations} organisations, ${report.locations} locations`);

    const admin = await userWithToken(t, 'ADMIN');
    const dinsos = await createOrg(t, { name: 'Dinas Sosial Kota Cimahi (bench)', partnerKind: 'DINAS_SOSIAL' });
    const hospital = await createOrg(t, { name: 'RSUD Bench', partnerKind: 'RUMAH_SAKIT' });
    await locatedLocation(t, admin.token, hospital, 'RSUD Bench Gedung A', -6.8847, 107.5413);
    const serviceId = await createService(t, admin.token, hospital, { name: 'Konseling RSUD Bench', capacity: { available: 3, maximum: 10 } });
    const cm = await staff(t, 'CASE_MANAGER', dinsos);
    const partner = await staff(t, 'PARTNER_STAFF', hospital);
    const c = await caseWithNeed(t, cm.token, { fullName: 'Rina Wati' });
    const first = await createReferral(t, cm.token, c.needId, serviceId, { note: 'Mohon segera' });
    // The other referrals: clones of the first (new ids, spread deadlines and times, a mix of statuses).
    const { rows: cols } = await pg.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'referral' AND column_name NOT IN ('id', 'status', 'accept_by', 'created_at', 'sent_at') ORDER BY ordinal_position`);
    const names = cols.map((r) => r.column_name).join(', ');
    await pg.query(
      `INSERT INTO referral (${names}, status, accept_by, created_at, sent_at)
       SELECT ${names}, (ARRAY['SENT','SENT','ACCEPTED','IN_PROGRESS','ON_HOLD'])[1 + g % 5],
              now() + make_interval(mins => 30 + g * 7), now() - make_interval(mins => g), now() - make_interval(mins => g)
         FROM referral, generate_series(1, $2::int) g WHERE id = $1`, [first, opts.referrals - 1]);
    await pg.query(`ANALYZE referral`);
    const [{ n }] = (await pg.query(`SELECT count(*)::int AS n FROM referral WHERE to_organization_id = $1`, [hospital])).rows;
    log(`inbox: ${n} referrals to ${'RSUD Bench'}`);
    await pg.end();

    // 1. Sign-in page JavaScript.
    const js = await signInJavaScript(browser, t.url);
    const raw = js.files.reduce((s, f) => s + f.raw, 0);
    const gz = js.files.reduce((s, f) => s + f.gzip, 0);

    // 2. Inbox: first screen (runs), then one run with every page loaded and the scroll.
    const firstRows: number[] = [];
    for (let i = 0; i < opts.runs; i++) firstRows.push((await inboxRun(browser, t.url, partner, false)).firstRow);
    const scrolled = await inboxRun(browser, t.url, partner, true);
    const deltas = scrolled.frames!.deltas;

    // 3. Match page on the synthetic directory.
    const path = `/cases/${c.caseId}/needs/${c.needId}/match`;
    const matches = [];
    for (let i = 0; opts.inboxOnly ? false : i < opts.runs; i++) matches.push(await matchRun(browser, t.url, cm, path));

    const out = (s = '') => process.stdout.write(`${s}\n`);
    out();
    out(`bench:console, ${new Date().toISOString()}, ${machineDescription()}, load average ${loadAverage()}`);
    out(`sign-in page JavaScript: ${js.files.length} file(s) ${js.files.map((f) => f.name).join(', ')}: ${(raw / 1024).toFixed(1)} KB raw, ` +
      `${(gz / 1024).toFixed(1)} KB gzipped (budget 200 KB: ${gz <= 200 * 1024 ? 'within' : 'OVER'})`);
    out(`inbox, ${n} referrals: first rows in the DOM ${ms(median(firstRows))} median, ${ms(Math.max(...firstRows))} max after navigation start ` +
      `(${opts.runs} runs; budget 1 s: ${Math.max(...firstRows) < 1000 ? 'within' : 'OVER'})`);
    out(`inbox scroll: ${scrolled.shown}, all pages loaded in ${ms(scrolled.loadMs!)}; ${scrolled.frames!.height} px in ${deltas.length} frames, ` +
      `at most ${scrolled.frames!.rowsInDom} rows in the DOM; frame time median ${fms(median(deltas))}, p95 ${fms(pct(deltas, 95))}, ` +
      `max ${fms(Math.max(...deltas))}; frames over 50 ms: ${deltas.filter((d) => d > 50).length}, over 33 ms: ${deltas.filter((d) => d > 33.4).length}`);
    const idle = scrolled.idle!;
    out(`  at rest (120 frames, nothing moving): frame time median ${fms(median(idle))}, p95 ${fms(pct(idle, 95))}, max ${fms(Math.max(...idle))}`);
    const longTasks = scrolled.frames!.longTasks;
    const p95 = pct(deltas, 95);
    const verdict = p95 <= 16.7 ? 'without jank (p95 <= 16.7 ms: every frame at 60 Hz)'
      : p95 <= 33.4 && !longTasks.some((d) => d > 50) ? 'without jank at 30 Hz (p95 <= 33.4 ms, no long task over 50 ms)'
        : 'JANK (p95 over 33.4 ms, or a long task over 50 ms)';
    out(`  long tasks during the scroll: ${longTasks.length}${longTasks.length ? `, longest ${ms(Math.max(...longTasks))}` : ''}; ` +
      `budget "without jank" (p95 <= 16.7 ms, or <= 33.4 ms with no long task over 50 ms): ${verdict}`);
    if (opts.inboxOnly) {
      out(`load average at the end: ${loadAverage()}`);
      return;
    }
    const after = matches.map((m) => m.afterResponse);
    out(`match page, ${opts.services} services: first candidate row ${ms(median(after))} median, ${ms(Math.max(...after))} max after the GraphQL ` +
      `response arrived (${opts.runs} runs, ${matches[0].rows} candidates; budget 500 ms: ${Math.max(...after) < 500 ? 'within' : 'OVER'}); ` +
      `the API answered in ${ms(median(matches.map((m) => m.apiWaiting)))} median (time to first byte)`);
    out(`load average at the end: ${loadAverage()}`);
  } finally {
    await stage.close();
  }
}

main().then(() => process.exit(0), (err) => {
  process.stderr.write(`bench:console failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
