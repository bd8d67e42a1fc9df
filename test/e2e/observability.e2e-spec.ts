import { QUEUES } from '../../src/jobs/job-registry';
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { caseWithNeed, createOrg, createReferral, createService, staff } from '../support/factories';
import { clearRedisPrefix, eventually, testQueue } from '../support/worker';

/**
 * What an operator sees: /metrics (behind METRICS_TOKEN) moving during a small burst of operations, the worker's
 * own metrics and health port, and one request id from the HTTP request to the worker's log lines for the job it
 * caused. The API runs in this process; the worker runs as its own process from src/worker.ts, as in production,
 * with JSON logs at debug on stdout.
 */
const METRICS_TOKEN = 'metrics-token-for-the-tests-0123';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Prometheus text format: the value of one series (name with its labels exactly as printed), or undefined. */
function series(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/([a-zA-Z_]+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[4]);
  }
  return undefined;
}

describe('observability: metrics, the worker port, one request id from the click to the job', () => {
  let t: TestApp;
  let admin: string;
  let cm: { token: string };
  let serviceId: string;
  let worker: ChildProcess | null = null;
  let workerOut = '';
  let workerPort = 0;

  const scrape = async (auth?: string) => {
    const res = await fetch(`${t.url}/metrics`, { headers: auth ? { authorization: auth } : {} });
    return { status: res.status, text: await res.text() };
  };
  const workerLines = () => workerOut.split('\n').filter((l) => l.startsWith('{')).map((l) => {
    try {
      return JSON.parse(l) as Record<string, any>;
    } catch {
      return {};
    }
  });

  beforeAll(async () => {
    process.env.METRICS_TOKEN = METRICS_TOKEN;
    process.env.REFERRAL_DEADLINE_URGENT_SECONDS = '2';
    await clearRedisPrefix();
    t = await startApp();
    admin = (await userWithToken(t, 'ADMIN')).token;
    const orgId = await createOrg(t);
    cm = await staff(t, 'CASE_MANAGER', orgId, '32.77');
    serviceId = await createService(t, admin, await createOrg(t, { partnerKind: 'RUMAH_SAKIT' }));

    workerPort = await freePort();
    worker = spawn(process.execPath, ['-r', join(__dirname, '../support/swc-register.js'), join(__dirname, '../../src/worker.ts')], {
      env: { ...process.env, LOG_LEVEL: 'debug', WORKER_METRICS_PORT: String(workerPort), OUTBOX_POLL_MS: '100' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    worker.stdout!.on('data', (d) => (workerOut += String(d)));
    worker.stderr!.on('data', (d) => (workerOut += String(d)));
    await eventually(() => fetch(`http://127.0.0.1:${workerPort}/healthz`).then((r) => r.ok), 60_000, 200);
  }, 90_000);

  afterAll(async () => {
    if (worker?.pid) {
      try {
        process.kill(-worker.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await t?.close();
    delete process.env.METRICS_TOKEN;
    delete process.env.REFERRAL_DEADLINE_URGENT_SECONDS;
  });

  it('/metrics answers only the metrics token: 401 without one, 403 with another (a user token too), 200 with it', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('Bearer not-the-metrics-token')).status).toBe(403);
    expect((await scrape(`Bearer ${admin}`)).status).toBe(403);
    const good = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(good.status).toBe(200);
    expect(good.text).toContain('# TYPE rujuk_http_request_duration_seconds histogram');
  });

  it('the series move during a small burst: operation histograms, errors by code, queue, outbox and pool gauges', async () => {
    const before = (await scrape(`Bearer ${METRICS_TOKEN}`)).text;
    const count = (text: string, operation: string) => series(text, 'rujuk_graphql_operation_duration_seconds_count', { type: 'mutation', operation }) ?? 0;
    const forbidden = (text: string) => series(text, 'rujuk_graphql_errors_total', { code: 'FORBIDDEN', operation: 'deadLetters' }) ?? 0;
    const graphqlPosts = (text: string) => series(text, 'rujuk_http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status: '2xx' }) ?? 0;

    const { needId } = await caseWithNeed(t, cm.token);
    await createReferral(t, cm.token, needId, serviceId, { urgency: 'ROUTINE' });
    // Only admins list dead letters: FORBIDDEN, counted under the operation's root field.
    await expect(errorOf(gql(t, `{ deadLetters(first: 5) { totalCount } }`, {}, cm.token))).resolves.toMatchObject({ code: 'FORBIDDEN' });
    // A client-chosen operation name is not a label: the root field is.
    await ok(gql(t, `query SomeNameTheClientChose { me { id } }`, {}, cm.token));

    // The queue, timer and outbox gauges are read at most every few seconds: poll until the relayed timer shows.
    const after = await eventually(async () => {
      const text = (await scrape(`Bearer ${METRICS_TOKEN}`)).text;
      return (series(text, 'rujuk_timer_set_pending', { set: 'referral-deadlines' }) ?? 0) >= 1 ? text : null;
    }, 20_000, 250);
    expect(count(after, 'createReferral') - count(before, 'createReferral')).toBe(1);
    expect(count(after, 'addNeed') - count(before, 'addNeed')).toBe(1);
    expect(forbidden(after) - forbidden(before)).toBe(1);
    expect(graphqlPosts(after) - graphqlPosts(before)).toBeGreaterThanOrEqual(6);
    expect(series(after, 'rujuk_graphql_operation_duration_seconds_count', { type: 'query', operation: 'me' })).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain('SomeNameTheClientChose');
    for (const queue of ['referrals', 'notifications', 'followups', 'directory', 'gaps', 'outbox']) {
      expect(series(after, 'rujuk_queue_jobs', { queue, state: 'wait' })).toBeGreaterThanOrEqual(0);
      expect(series(after, 'rujuk_queue_oldest_waiting_seconds', { queue })).toBeGreaterThanOrEqual(0);
    }
    expect(series(after, 'rujuk_timer_set_overdue_seconds', { set: 'referral-deadlines' })).toBeGreaterThanOrEqual(0);
    expect(series(after, 'rujuk_outbox_unrelayed')).toBeGreaterThanOrEqual(0);
    expect(series(after, 'rujuk_outbox_oldest_unrelayed_seconds')).toBeGreaterThanOrEqual(0);
    expect(series(after, 'rujuk_notification_dead_letters')).toBe(0);
    expect(series(after, 'rujuk_db_pool_connections', { pool: 'api', state: 'max' })).toBeGreaterThan(0);
  }, 60_000);

  it('the outbox gauges see rows the relay has not taken yet, and their age', async () => {
    await t.db.query(
      `INSERT INTO outbox_message (id, kind, topic, payload, dedupe_key, deliver_after, created_at)
       VALUES (gen_random_uuid(), 'EVENT', 'test.channel', '{}', 'metrics-test-row', now() + interval '1 hour', now() - interval '90 seconds')`,
    );
    const text = await eventually(async () => {
      const s = (await scrape(`Bearer ${METRICS_TOKEN}`)).text;
      return (series(s, 'rujuk_outbox_unrelayed') ?? 0) >= 1 ? s : null;
    }, 15_000, 250);
    expect(series(text, 'rujuk_outbox_oldest_unrelayed_seconds')).toBeGreaterThanOrEqual(90);
    await t.db.query(`DELETE FROM outbox_message WHERE dedupe_key = 'metrics-test-row'`);
  }, 30_000);

  it('a sendReferral with X-Request-Id: abc123 reaches its outbox rows and the worker log lines of the jobs they queue', async () => {
    const { needId } = await caseWithNeed(t, cm.token);
    const referralId = await createReferral(t, cm.token, needId, serviceId, { send: false, urgency: 'URGENT' });
    await ok(gql(t, `mutation($i: SendReferralInput!) { sendReferral(input: $i) { id status } }`, { i: { referralId } }, cm.token, { 'x-request-id': 'abc123' }));

    // The deadline timer (a member of the referral-deadlines set: the referral id alone), the notifications.
    const rows = await t.db.query(`SELECT topic, request_id FROM outbox_message WHERE request_id = 'abc123' ORDER BY topic`);
    expect(rows.map((r: { topic: string }) => r.topic)).toEqual(expect.arrayContaining(['referral-deadlines', 'referral.new']));

    // The worker's log lines for the jobs it caused (the notification's dispatch) carry it, with the job's name and id.
    const lines = await eventually(() => {
      const mine = workerLines().filter((l) => l.requestId === 'abc123');
      return Promise.resolve(mine.some((l) => l.job === 'notifications.dispatch') ? mine : null);
    }, 30_000, 200);
    expect(lines.every((l) => typeof l.jobId === 'string' && l.jobId.length > 0)).toBe(true);
    // The expiry at the 2 s deadline is logged with the referral's id.
    await eventually(() => Promise.resolve(workerLines().some((l) => l.msg === 'referrals expired' && (l.referralIds as string[] | undefined)?.includes(referralId)) || null), 30_000, 200);
    expect((await t.db.query(`SELECT status FROM referral WHERE id = $1`, [referralId]))[0].status).toBe('EXPIRED');
  }, 60_000);

  it('the queue dashboard: 401 without auth, 403 for a non-admin, 200 for an admin by bearer token or console session', async () => {
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${t.url}/admin/queues${path}`, { headers, redirect: 'manual' });
    expect((await get('')).status).toBe(401);
    expect((await get('/api/queues')).status).toBe(401);
    expect((await get('', { authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect((await get('', { authorization: `Bearer ${cm.token}` })).status).toBe(403);
    expect((await get('/api/queues', { authorization: `Bearer ${cm.token}` })).status).toBe(403);
    // Whatever spelling of the path the router accepts, the check comes first.
    for (const path of ['/%61dmin/queues/api/queues', '/admin/%71ueues/api/queues', '/admin/queues/api/queues/']) {
      expect((await fetch(`${t.url}${path}`, { redirect: 'manual' })).status).toBe(401);
      expect((await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${cm.token}` }, redirect: 'manual' })).status).toBe(403);
    }
    const page = await get('', { authorization: `Bearer ${admin}` });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const api = await get('/api/queues', { authorization: `Bearer ${admin}` });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(Object.values(QUEUES).sort()); // every queue of the registry

    // A browser: the console's session cookie, for an admin and for a case manager.
    const signIn = async (email: string, password: string) => {
      const res = await fetch(`${t.url}/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      expect(res.status).toBe(200);
      return res.headers.get('set-cookie')!.split(';')[0];
    };
    const adminUser = await userWithToken(t, 'ADMIN');
    expect((await get('', { cookie: await signIn(adminUser.email, adminUser.password) })).status).toBe(200);
    const cmUser = await userWithToken(t, 'CASE_MANAGER', { organizationId: await createOrg(t) });
    expect((await get('', { cookie: await signIn(cmUser.email, cmUser.password) })).status).toBe(403);
  });

  it("the worker's port: health open, metrics behind the token, with jobs and timer batches run and the expiry lateness", async () => {
    const base = `http://127.0.0.1:${workerPort}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer nope' } })).status).toBe(403);
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(series(text, 'rujuk_job_duration_seconds_count', { queue: 'timers', job: 'referral-deadlines', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(series(text, 'rujuk_referral_expiry_lateness_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(series(text, 'rujuk_db_pool_connections', { pool: 'worker', state: 'max' })).toBeGreaterThan(0);
  });
});
