import { INestApplicationContext } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { addNeed, createOrg, createService, openCase, registerClient, staff } from '../support/factories';
import { gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { untilRedisAnswers } from '../support/redis-probe';
import { eventually, startWorker } from '../support/worker';

/**
 * Redis is down at the moment of sendReferral. A private redis-server on its own loopback port plays the
 * deployment's Redis (the machine's shared Redis is never touched): it is killed before the send and started
 * again after the acceptance deadline has passed. The send succeeds; the deadline waits in the outbox; once
 * Redis is back the relay schedules it and the referral expires, late, never silently never.
 */
describe('referrals when Redis is down at send time', () => {
  const port = 6400 + Math.floor(Math.random() * 500);
  let redis: ChildProcess | null = null;
  let t: TestApp;
  let worker: INestApplicationContext | null = null;
  const saved = { url: process.env.REDIS_URL, deadline: process.env.REFERRAL_DEADLINE_URGENT_SECONDS };

  async function startRedis(): Promise<void> {
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await untilRedisAnswers(port, 10_000);
  }
  async function stopRedis(): Promise<void> {
    if (!redis) return;
    const exited = once(redis, 'exit');
    redis.kill('SIGKILL');
    await exited;
    redis = null;
  }

  beforeAll(async () => {
    await startRedis();
    process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
    process.env.REFERRAL_DEADLINE_URGENT_SECONDS = '2';
    process.env.OUTBOX_POLL_MS = '100';
    t = await startApp();
  });

  afterAll(async () => {
    await worker?.close();
    if (!redis) await startRedis();
    await t.close();
    await stopRedis();
    process.env.REDIS_URL = saved.url;
    if (saved.deadline === undefined) delete process.env.REFERRAL_DEADLINE_URGENT_SECONDS;
    else process.env.REFERRAL_DEADLINE_URGENT_SECONDS = saved.deadline;
  });

  it('sends without Redis, and expires once Redis is back', async () => {
    const admin = (await userWithToken(t, 'ADMIN')).token;
    const lk3 = await createOrg(t, { partnerKind: 'LK3' });
    const rs = await createOrg(t, { partnerKind: 'RUMAH_SAKIT' });
    const service = await createService(t, admin, rs, { serviceTypes: ['RUMAH_PERLINDUNGAN'] });
    const cm = await staff(t, 'CASE_MANAGER', lk3);
    const kase = await openCase(t, cm.token, await registerClient(t, cm.token), { priority: 'URGENT' });
    const need = await addNeed(t, cm.token, kase);

    await stopRedis();
    const started = Date.now();
    const sent = await ok(gql(t, `mutation($i: CreateReferralInput!) { createReferral(input: $i) { id status acceptBy } }`, { i: { needId: need, serviceId: service, send: true, withoutIdentifyingData: { reason: 'Klien belum dapat ditemui untuk persetujuan' } } }, cm.token));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(sent.createReferral.status).toBe('SENT');
    const id = sent.createReferral.id;
    const pending = await t.db.query(
      `SELECT topic FROM outbox_message WHERE sent_at IS NULL AND (payload->>'referralId' = $1 OR payload->'data'->>'referralId' = $1 OR payload->>'member' = $1) ORDER BY topic`, [id]);
    expect(pending.map((p: { topic: string }) => p.topic)).toEqual(expect.arrayContaining(['referral.new', 'referral-deadlines']));

    // The deadline passes while Redis is down; nothing can fire.
    await eventually(async () => (await t.db.query(`SELECT accept_by < now() AS passed FROM referral WHERE id = $1`, [id]))[0].passed, 10_000, 100);
    expect((await t.db.query(`SELECT status FROM referral WHERE id = $1`, [id]))[0].status).toBe('SENT');

    await startRedis();
    worker = await startWorker();
    const expired = await eventually(async () => {
      const [row] = await t.db.query(
        `SELECT e.at, r.accept_by FROM referral_event e JOIN referral r ON r.id = e.referral_id WHERE r.id = $1 AND e.to_status = 'EXPIRED'`, [id],
      );
      return row;
    }, 15_000, 100);
    expect(new Date(expired.at).getTime()).toBeGreaterThanOrEqual(new Date(expired.accept_by).getTime());
    // Everything that waited in the outbox, and what the expiry added, is published once Redis is back.
    await eventually(async () => {
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM outbox_message WHERE sent_at IS NULL AND (payload->>'referralId' = $1 OR payload->'data'->>'referralId' = $1)`, [id]);
      return n === 0;
    }, 10_000, 100);
  });
});
