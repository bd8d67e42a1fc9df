import { Pool } from 'pg';
import IORedis from 'ioredis';
import { eventually } from '../support/eventually';
import {
  AppProcess, freePort, Infra, note, PgCluster, RedisServer, startApi, startWorkerProcess,
} from './support/fault-env';
import { cloneSentReferrals, expiryCounts, gqlAt, GqlResult, Network, newNeed, seedNetwork, SEND, sendInput, sendReferral } from './support/network';

/**
 * Faults against real processes: the suite starts its own PostgreSQL cluster and Redis (AOF everysec), the API and
 * the worker from src/ as separate processes, then breaks things while referrals are due. Each scenario ends by
 * counting from the database that every referral expired exactly once. Figures are printed as `[fault] ...` lines.
 */
const RECONCILE_INTERVAL_SECONDS = 15;

function figure(text: string): void {
  process.stdout.write(`[fault] ${text}\n`);
}

describe('faults: killed workers, lost Redis data, Redis and PostgreSQL outages', () => {
  const infra = {} as Infra;
  let owner: Pool;
  let api: AppProcess;
  let apiUrl: string;
  let net: Network;
  const workers: AppProcess[] = [];

  const workerEnv = { RECONCILE_INTERVAL_SECONDS: String(RECONCILE_INTERVAL_SECONDS), LOG_LEVEL: 'warn' };
  const startWorker = () => {
    const w = startWorkerProcess(infra, workerEnv);
    workers.push(w);
    return w;
  };
  /** A worker for the scenarios after the first (which starts its own), also when one runs alone (`-t`). */
  const ensureWorker = () => {
    if (!workers.some((w) => w.alive)) startWorker();
  };

  beforeAll(async () => {
    const t0 = Date.now();
    infra.pg = new PgCluster();
    await infra.pg.init();
    await infra.pg.createDatabase();
    infra.redis = new RedisServer(true);
    await infra.redis.start();
    figure(`PostgreSQL cluster (migrated) and Redis up in ${((Date.now() - t0) / 1000).toFixed(1)} s; logs in ${infra.pg.dir}`);
    owner = new Pool({ connectionString: infra.pg.ownerUrl(), max: 2 });
    owner.on('error', () => undefined); // an idle connection lost when PostgreSQL restarts; the pool opens another
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    api = startApi(infra, port, { REFERRAL_DEADLINE_URGENT_SECONDS: '20' });
    await eventually(() => fetch(`${apiUrl}/readyz`).then((r) => r.ok, () => false), 90_000, 250);
    net = await seedNetwork(apiUrl, owner);
  }, 240_000);

  afterAll(async () => {
    for (const w of workers) await w.kill();
    await api?.kill();
    await owner?.end().catch(() => undefined);
    await infra.redis?.destroy();
    await infra.pg?.destroy(!!process.env.FAULTS_KEEP_DIR);
    if (process.env.FAULTS_KEEP_DIR) figure(`kept ${infra.pg.dir}`);
  });

  it('a worker killed with kill -9 mid-expiry: its jobs come back, the latest of 2,000 expiries is at most 15 s late, each once', async () => {
    const template = await sendReferral(net, await newNeed(net));
    const firstDue = new Date(Date.now() + 25_000);
    const ids = await cloneSentReferrals(owner, template, 2000, firstDue, 20_000);
    const first = startWorker(); // its start-up reconciliation schedules the 2,000 (they have no outbox rows)

    await eventually(async () => (await expiryCounts(owner, ids)).expired >= 600, 120_000, 100);
    await first.kill('SIGKILL');
    const killedAt = Date.now();
    // Under the load of 600 expiries, the live worker kept its locks and claims: nothing of its own was taken back.
    const taken = (l: { msg?: unknown }) => String(l.msg).startsWith('job stalled') || String(l.msg).startsWith('timer claims lapsed');
    const falseStalls = first.lines().filter(taken).length;
    const pass = first.lines().find((l) => String(l.msg).startsWith('timers reconciled'));
    if (pass) figure(`start-up reconciliation: ${JSON.stringify(pass.repairs)} repaired in ${pass.ms} ms`);
    const atKill = await expiryCounts(owner, ids);
    note(infra, `worker killed with ${atKill.expired} expired`);
    startWorker();

    const done = await eventually(async () => {
      const c = await expiryCounts(owner, ids);
      return c.expired === ids.length ? c : null;
    }, 180_000, 250);
    const stalls = workers[workers.length - 1].lines().filter(taken).reduce((n, l) => n + (Number(l.timers) || 1), 0);
    figure(`kill -9: ${atKill.expired} of 2000 expired at the kill; ${stalls} held jobs or timers taken back by the new worker; all expired ${((Date.now() - killedAt) / 1000).toFixed(1)} s after it; latest expiry ${(done.maxLateMs! / 1000).toFixed(2)} s late`);
    expect(done).toMatchObject({ expired: 2000, sent: 0, maxEvents: 1, events: 2000 });
    expect(atKill.expired).toBeLessThan(2000); // the kill did land mid-expiry
    expect(falseStalls).toBe(0);
    expect(done.maxLateMs).toBeLessThanOrEqual(15_000);
  }, 300_000);

  it('Redis wiped (FLUSHALL) with referrals pending: with the default reconcile interval each expires within a minute of its deadline, once', async () => {
    const template = await sendReferral(net, await newNeed(net));
    for (const w of workers) await w.kill('SIGTERM');
    const ids = await cloneSentReferrals(owner, template, 300, new Date(Date.now() + 20_000), 10_000);
    // A worker with the default RECONCILE_INTERVAL_SECONDS (60): its start-up pass schedules the 300 (they were
    // written without outbox rows), then Redis loses their timers, and the deadlines pass before its next pass.
    const worker = startWorkerProcess(infra, { LOG_LEVEL: 'warn' });
    workers.push(worker);
    const redis = new IORedis(infra.redis.url);
    let wipedAt = 0;
    try {
      // Each referral is a member of the deadlines' timer set (or claimed by the sweeper at its reminder).
      const sets = ['{rujuk-fault}:timers:referral-deadlines', '{rujuk-fault}:timers:referral-deadlines:claimed'];
      const pending = async (id: string) => (await Promise.all(sets.map((k) => redis.zscore(k, id)))).some((score) => score !== null);
      await eventually(async () => (await pending(ids[0])) && (await pending(ids[ids.length - 1])), 60_000, 100);
      await infra.redis.flushAll();
      wipedAt = Date.now();
      note(infra, 'FLUSHALL');
      expect(await redis.exists(...sets)).toBe(0);
    } finally {
      redis.disconnect();
    }
    const done = await eventually(async () => {
      const c = await expiryCounts(owner, ids);
      return c.expired === ids.length ? c : null;
    }, 150_000, 500);
    figure(`FLUSHALL: 300 pending referrals all expired ${((Date.now() - wipedAt) / 1000).toFixed(1)} s after the wipe, the latest ${(done.maxLateMs! / 1000).toFixed(2)} s after its deadline (RECONCILE_INTERVAL_SECONDS 60)`);
    expect(done).toMatchObject({ expired: 300, sent: 0, maxEvents: 1, events: 300 });
    expect(done.maxLateMs).toBeGreaterThan(0); // the deadlines did pass while Redis had lost the jobs
    expect(done.maxLateMs).toBeLessThanOrEqual(60_000);
  }, 300_000);

  it('Redis down during sends: each send succeeds or fails cleanly, and nothing is lost once Redis is back', async () => {
    ensureWorker();
    const needs = await Promise.all(Array.from({ length: 30 }, () => newNeed(net)));
    await infra.redis.kill();
    note(infra, 'Redis killed');
    const results: GqlResult[] = [];
    const started = Date.now();
    for (let i = 0; i < needs.length; i += 5) {
      results.push(...(await Promise.all(needs.slice(i, i + 5).map((n) => gqlAt(apiUrl, SEND, sendInput(n, net.serviceId), net.cmToken)))));
    }
    const sendMs = Date.now() - started;
    const acked = results.filter((r) => r.body.data?.createReferral?.status === 'SENT').map((r) => r.body.data!.createReferral.id as string);
    const refused = results.filter((r) => !r.body.data?.createReferral);
    figure(`Redis down: ${acked.length} of ${results.length} sends acknowledged, ${refused.length} refused, in ${sendMs} ms`);
    for (const r of refused) expect(r.body.errors?.[0]?.extensions?.code).toMatch(/^(SERVICE_UNAVAILABLE|TOO_MANY_REQUESTS)$/);
    expect(acked.length).toBeGreaterThan(0);

    await infra.redis.start();
    note(infra, 'Redis back');
    const done = await eventually(async () => {
      const c = await expiryCounts(owner, acked);
      return c.expired === acked.length ? c : null;
    }, 150_000, 500);
    expect(done).toMatchObject({ expired: acked.length, sent: 0, maxEvents: 1, events: acked.length });
    const { rows: [{ unsent }] } = await owner.query(
      `SELECT count(*)::int AS unsent FROM outbox_message WHERE sent_at IS NULL AND (payload->>'referralId' = ANY($1) OR payload->'data'->>'referralId' = ANY($1))`, [acked],
    );
    expect(unsent).toBe(0);
  }, 300_000);

  it('PostgreSQL restarted under load: SERVICE_UNAVAILABLE (503) meanwhile, recovery without restarting the API, no acknowledged write missing', async () => {
    ensureWorker();
    const pending = await Promise.all(Array.from({ length: 40 }, () => newNeed(net)));
    const apiPid = api.pid;
    const acked: string[] = [];
    const refusals: GqlResult[] = [];
    let stopLoad = false;
    const deadline = Date.now() + 120_000;
    const loop = async () => {
      while (!stopLoad && pending.length && Date.now() < deadline) {
        const need = pending.shift()!;
        const r = await gqlAt(apiUrl, SEND, sendInput(need, net.serviceId), net.cmToken).catch((err) => ({ status: 0, retryAfter: null, body: { errors: [{ message: String(err) }] } }) as GqlResult);
        if (r.body.data?.createReferral?.id) acked.push(r.body.data.createReferral.id);
        else {
          refusals.push(r);
          pending.push(need); // tried again once the API says it is ready, as a client told to retry would
          await eventually(() => fetch(`${apiUrl}/readyz`).then((x) => x.ok, () => false), 60_000, 100);
        }
      }
    };
    const load = Promise.all([loop(), loop(), loop(), loop()]);
    await eventually(async () => acked.length >= 5, 30_000, 50);
    await infra.pg.stop('fast');
    note(infra, 'PostgreSQL stopped');
    const downAt = Date.now();
    // Down for at least 3 s: sends in flight lose their connection, later ones find none.
    await eventually(async () => (refusals.length >= 3 && Date.now() - downAt > 3_000) || Date.now() - downAt > 10_000, 20_000, 100);
    await infra.pg.start();
    const upAt = Date.now();
    note(infra, 'PostgreSQL started');
    await load;
    stopLoad = true;

    const codes = refusals.map((r) => `${r.status} ${r.body.errors?.[0]?.extensions?.code ?? r.body.errors?.[0]?.message}`);
    figure(`PostgreSQL restart (down ${((upAt - downAt) / 1000).toFixed(1)} s): ${acked.length} sends acknowledged, ${refusals.length} refused (${[...new Set(codes)].join(', ')})`);
    for (const l of api.lines().filter((x) => x.msg === 'unexpected error in a GraphQL operation')) figure(`unexpected error in the API: ${JSON.stringify(l.err)}`);
    const stacks = api.raw().split('\n').filter((l) => !l.startsWith('{') && /Error/.test(l));
    for (const l of stacks.slice(0, 5)) figure(`API stderr: ${l}`);
    expect(refusals.length).toBeGreaterThan(0);
    for (const r of refusals) {
      expect(r.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(r.status).toBe(503);
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
    }
    expect(pending).toHaveLength(0); // every send went through once PostgreSQL was back
    expect(api.pid).toBe(apiPid);
    expect((await fetch(`${apiUrl}/readyz`)).status).toBe(200);
    expect(api.raw()).not.toMatch(/INTERNAL_SERVER_ERROR/);

    const { rows: [{ found }] } = await owner.query(`SELECT count(*)::int AS found FROM referral WHERE id = ANY($1::uuid[])`, [acked]);
    expect(found).toBe(acked.length);
    const done = await eventually(async () => {
      const c = await expiryCounts(owner, acked);
      return c.expired === acked.length ? c : null;
    }, 150_000, 500);
    expect(done).toMatchObject({ expired: acked.length, maxEvents: 1, events: acked.length });
  }, 300_000);
});
