import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { QUEUES } from '../../src/jobs/job-registry';
import { importJobId } from '../../src/interop/import/directory-imports.service';
import { Notifier } from '../../src/notifications/notifier';
import { RECONCILE_LOCK_KEY, ReconcilerService } from '../../src/jobs/reconciler.service';
import { addNeed, createOrg, createService, openCase, registerClient, staff } from '../support/factories';
import { asOwner, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { clearRedisPrefix, eventually, startWorker, testQueue, testTimerSet } from '../support/worker';
import { Receiver } from '../support/webhook-receiver';

/**
 * Redis loses its data (a new node, a failover without the AOF, FLUSHALL) while referrals wait for an answer: the
 * reconciler rebuilds their timers (members of the `referral-deadlines` set) from PostgreSQL, expires at once the
 * ones already past due (once), and a second pass finds nothing missing. The same for notifications relayed but
 * not yet dispatched, and for directory imports waiting for the worker: each is delivered, or run, once.
 */
describe('timers rebuilt from PostgreSQL after Redis lost them', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  const saved = { deadline: process.env.REFERRAL_DEADLINE_URGENT_SECONDS, interval: process.env.RECONCILE_INTERVAL_SECONDS };

  beforeAll(async () => {
    process.env.REFERRAL_DEADLINE_URGENT_SECONDS = '600';
    process.env.RECONCILE_INTERVAL_SECONDS = '0'; // passes run when the test says (and once at start)
    process.env.OUTBOX_POLL_MS = '100';
    await clearRedisPrefix();
    t = await startApp();
    worker = await startWorker();
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    for (const [k, v] of [['REFERRAL_DEADLINE_URGENT_SECONDS', saved.deadline], ['RECONCILE_INTERVAL_SECONDS', saved.interval]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  async function sentReferrals(n: number): Promise<string[]> {
    const admin = (await userWithToken(t, 'ADMIN')).token;
    const lk3 = await createOrg(t, { partnerKind: 'LK3' });
    const rs = await createOrg(t, { partnerKind: 'RUMAH_SAKIT' });
    const service = await createService(t, admin, rs, { serviceTypes: ['RUMAH_PERLINDUNGAN'] });
    const cm = await staff(t, 'CASE_MANAGER', lk3);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const kase = await openCase(t, cm.token, await registerClient(t, cm.token), { priority: 'URGENT' });
      const need = await addNeed(t, cm.token, kase);
      const sent = await ok(gql(t, `mutation($i: CreateReferralInput!) { createReferral(input: $i) { id status } }`, {
        i: { needId: need, serviceId: service, send: true, withoutIdentifyingData: { reason: 'Klien belum dapat ditemui untuk persetujuan' } },
      }, cm.token));
      ids.push(sent.createReferral.id);
    }
    return ids;
  }

  it('re-adds the lost deadline timers, each due at its reminder, expires the overdue one once, and a second pass repairs nothing', async () => {
    const [overdue, ...waiting] = await sentReferrals(3);
    const timers = testTimerSet('referral-deadlines');
    try {
      // Each send put its referral in the set, due at its half-time reminder.
      const dueBefore = await eventually(async () => {
        const at = await Promise.all([overdue, ...waiting].map((id) => timers.dueAt(id)));
        return at.every((d) => d !== null) ? at : null;
      }, 10_000, 100);
      const sent = await t.db.query(`SELECT id, sent_at + (accept_by - sent_at) / 2 AS "remindAt" FROM referral WHERE id = ANY($1::uuid[])`, [[overdue, ...waiting]]);
      for (const [i, id] of [overdue, ...waiting].entries()) expect(dueBefore[i]!.getTime()).toBe(new Date(sent.find((r: { id: string }) => r.id === id).remindAt).getTime());

      await clearRedisPrefix(); // every queue, job, timer set and schedule under the prefix is gone
      expect(await timers.size()).toBe(0);
      // Sent a while ago (older than the reconciler's grace), and one of them already past its deadline.
      await asOwner((db) => db.query(`UPDATE referral SET sent_at = sent_at - interval '2 minutes' WHERE id = ANY($1::uuid[])`, [[overdue, ...waiting]]));
      await asOwner((db) => db.query(`UPDATE referral SET sent_at = now() - interval '2 days', accept_by = now() - interval '1 second' WHERE id = $1`, [overdue]));

      const reconciler = worker.get(ReconcilerService);
      const first = await reconciler.reconcile();
      expect(first.ran).toBe(true);
      expect(first.repairs).toMatchObject({ 'timers:referral-deadlines': 3, 'schedule:followups-due-every-minute': 1 });

      // The overdue referral expires at once; the others wait for their reminder, due when they were before.
      await eventually(async () => (await t.db.query(`SELECT status FROM referral WHERE id = $1`, [overdue]))[0].status === 'EXPIRED', 10_000, 100);
      const remindAt = await t.db.query(`SELECT id, sent_at + (accept_by - sent_at) / 2 AS "remindAt" FROM referral WHERE id = ANY($1::uuid[]) ORDER BY id`, [waiting]);
      for (const r of remindAt) expect((await timers.dueAt(r.id))?.getTime()).toBe(new Date(r.remindAt).getTime());
      await eventually(async () => (await timers.pending([overdue]))[0] === false, 10_000, 100);
      const statuses = await t.db.query(`SELECT status FROM referral WHERE id = ANY($1::uuid[])`, [waiting]);
      expect(statuses.map((r: { status: string }) => r.status)).toEqual(['SENT', 'SENT']);

      const second = await reconciler.reconcile();
      expect(second.repairs).toEqual({});
      expect(second.checked['timers:referral-deadlines']).toBe(2);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM referral_event WHERE referral_id = $1 AND to_status = 'EXPIRED'`, [overdue]);
      expect(n).toBe(1);
      expect(reconciler.stats().repairsTotal['timers:referral-deadlines']).toBeGreaterThanOrEqual(3);
    } finally {
      timers.close();
    }
  });

  it('re-adds lost notification dispatches and directory imports: each notification is delivered once, the import runs once', async () => {
    const admin = (await userWithToken(t, 'ADMIN')).token;
    const hook = await new Receiver().start();
    const queues = [testQueue(QUEUES.notifications), testQueue(QUEUES.imports)];
    try {
      const orgs = [await createOrg(t), await createOrg(t), await createOrg(t)];
      for (const org of orgs) {
        await ok(gql(t, `mutation($org: ID!, $url: String!) { setOrganizationWebhook(organizationId: $org, url: $url) { secret } }`, { org, url: hook.url }, admin));
      }
      await eventually(async () => hook.requests.filter((r) => r.headers['x-rujuk-event'] === 'webhook.ping').length === orgs.length, 10_000, 100);

      // The relay adds the jobs, and no worker takes them (the queues are paused) before Redis loses them.
      for (const q of queues) await q.pause();
      const notifier = t.app.get(Notifier);
      const notifications = await t.db.transaction(async (tx) => {
        const ids: string[] = [];
        for (const org of orgs) ids.push((await notifier.notify(tx, { recipient: { organizationId: org }, template: 'referral.new', data: { referralId: randomUUID() } }))!);
        return ids;
      });
      const csv = 'Organisasi,Layanan,Telepon,Kabupaten/Kota,Provinsi,Jenis Layanan,Kategori PMKS\nRumah Aman Singaraja,Rumah aman,0362 21234,Kab. Buleleng,Bali,RUMAH_PERLINDUNGAN,WANITA_KORBAN_KEKERASAN';
      const uploaded = await fetch(`${t.url}/imports/directory?format=csv&dryRun=true`, {
        method: 'POST', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${admin}` }, body: csv,
      });
      expect(uploaded.status).toBe(202);
      const importId: string = ((await uploaded.json()) as { id: string }).id;
      const relayed = async () => {
        const [{ n }] = await t.db.query(
          `SELECT count(*)::int AS n FROM outbox_message WHERE sent_at IS NOT NULL AND (id = ANY($1::uuid[]) OR (topic = 'directory.import' AND payload->>'importId' = $2))`,
          [notifications, importId],
        );
        return n === notifications.length + 1;
      };
      await eventually(relayed, 10_000, 100);
      const [{ jobId: dispatchJob }] = await t.db.query(`SELECT DISTINCT job_id AS "jobId" FROM outbox_message WHERE id = ANY($1::uuid[])`, [notifications]);
      expect(await queues[0].getJob(dispatchJob)).toBeTruthy();

      await clearRedisPrefix(); // the dispatch and import jobs are gone (and the queues' pause with them)
      await asOwner((db) => db.query(`UPDATE outbox_message SET sent_at = sent_at - interval '2 minutes' WHERE id = ANY($1::uuid[])`, [notifications]));
      await asOwner((db) => db.query(`UPDATE directory_import SET created_at = created_at - interval '2 minutes' WHERE id = $1`, [importId]));
      const deliveries = () => t.db.query(
        `SELECT id, notification_id AS "notificationId", status, attempts FROM notification_delivery WHERE notification_id = ANY($1::uuid[]) AND channel = 'WEBHOOK'`,
        [notifications],
      );
      expect(await deliveries()).toEqual([]);
      const importStatus = async () => (await t.db.query(`SELECT status FROM directory_import WHERE id = $1`, [importId]))[0].status;
      expect(await importStatus()).toBe('QUEUED');

      const reconciler = worker.get(ReconcilerService);
      const first = await reconciler.reconcile();
      expect(first.ran).toBe(true);
      expect(first.repairs['notifications.dispatch']).toBeGreaterThanOrEqual(1);
      expect(first.repairs['directory.import']).toBeGreaterThanOrEqual(1);

      // Each notification reaches its organisation's webhook once; the import runs once.
      const sent = await eventually(async () => {
        const rows = await deliveries();
        return rows.length === notifications.length && rows.every((d: { status: string }) => d.status === 'SENT') ? rows : null;
      }, 15_000, 100);
      await eventually(async () => (await importStatus()) === 'SUCCEEDED', 15_000, 100);
      const second = await reconciler.reconcile();
      expect(second.repairs['notifications.dispatch']).toBeUndefined();
      expect(second.repairs['directory.import']).toBeUndefined();
      for (const d of sent) {
        expect(d.attempts).toBe(1);
        expect(hook.requests.filter((r) => r.headers['x-rujuk-delivery'] === d.id)).toHaveLength(1);
      }
      expect(new Set(sent.map((d: { notificationId: string }) => d.notificationId))).toEqual(new Set(notifications));
      const [{ undispatched }] = await t.db.query(`SELECT count(*)::int AS undispatched FROM outbox_message WHERE id = ANY($1::uuid[]) AND dispatched_at IS NULL`, [notifications]);
      expect(undispatched).toBe(0);
      // Both ran again under the ids they had before the wipe.
      const dispatched = await queues[0].getJob(dispatchJob);
      expect(await dispatched?.getState()).toBe('completed');
      const imported = await queues[1].getJob(importJobId(importId));
      expect(await imported?.getState()).toBe('completed');
      expect(imported?.returnvalue).toMatchObject({ status: 'SUCCEEDED' });
      expect(reconciler.stats().repairsTotal['notifications.dispatch']).toBeGreaterThanOrEqual(1);
    } finally {
      for (const q of queues) await q.resume().catch(() => undefined);
      await Promise.all(queues.map((q) => q.close()));
      await hook.close();
    }
  }, 90_000);

  it('re-adds the lost jobs of a case closed by force: its open referral and its pending follow-ups are cancelled once', async () => {
    const admin = (await userWithToken(t, 'ADMIN')).token;
    const lk3 = await createOrg(t, { partnerKind: 'LK3' });
    const rs = await createOrg(t, { partnerKind: 'RUMAH_SAKIT' });
    const service = await createService(t, admin, rs, { serviceTypes: ['RUMAH_PERLINDUNGAN'] });
    const cm = await staff(t, 'CASE_MANAGER', lk3);
    const partner = await staff(t, 'PARTNER_STAFF', rs);
    const caseId = await openCase(t, cm.token, await registerClient(t, cm.token));
    const need = await addNeed(t, cm.token, caseId);
    const referralId = (await ok(gql(t, `mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }`, {
      i: { needId: need, serviceId: service, send: true, withoutIdentifyingData: { reason: 'Klien belum dapat ditemui untuk persetujuan' } },
    }, cm.token))).createReferral.id as string;
    // Accepted: its attendance check is written with the acceptance.
    await ok(gql(t, `mutation($i: AcceptReferralInput!) { acceptReferral(input: $i) { id } }`, { i: { referralId } }, partner.token));
    const queues = [testQueue(QUEUES.referrals), testQueue(QUEUES.followUps)];
    try {
      for (const q of queues) await q.pause();
      await ok(gql(t, `mutation($i: CloseCaseInput!) { closeCase(input: $i) { id } }`, { i: { caseId, reason: 'GOALS_MET', note: 'Selesai', force: true } }, cm.token));
      const [{ version }] = await t.db.query(`SELECT version FROM client_case WHERE id = $1`, [caseId]);
      const names = ['referrals.cancel-for-closed-case', 'followups.case-closed'];
      await eventually(async () => {
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM outbox_message WHERE sent_at IS NOT NULL AND topic = ANY($1::text[]) AND payload->>'caseId' = $2`, [names, caseId]);
        return n === 2;
      }, 10_000, 100);
      await clearRedisPrefix(); // both jobs are gone before a worker took them
      await asOwner((db) => db.query(`UPDATE client_case SET closed_at = closed_at - interval '2 minutes' WHERE id = $1`, [caseId]));
      const state = async () => ({
        referral: (await t.db.query(`SELECT status FROM referral WHERE id = $1`, [referralId]))[0].status,
        followUps: (await t.db.query(`SELECT status, status_reason AS reason FROM follow_up WHERE case_id = $1`, [caseId])) as { status: string; reason: string }[],
      });
      expect((await state()).referral).toBe('ACCEPTED');
      expect((await state()).followUps.map((f) => f.status)).toEqual(['PENDING']);

      const reconciler = worker.get(ReconcilerService);
      const first = await reconciler.reconcile();
      expect(first.repairs['referrals.cancel-for-closed-case']).toBe(1);
      expect(first.repairs['followups.case-closed']).toBe(1);
      const done = await eventually(async () => {
        const s = await state();
        return s.referral === 'CANCELLED' && s.followUps.every((f) => f.status === 'CANCELLED') ? s : null;
      }, 15_000, 100);
      expect(done.followUps).toEqual([{ status: 'CANCELLED', reason: 'case closed' }]);
      // Under the ids the closing gave them; a second pass finds nothing missing.
      expect(await (await queues[0].getJob(`referrals-cancel-for-closed-case__${caseId}__${version}`))?.getState()).toBe('completed');
      const second = await reconciler.reconcile();
      expect(second.repairs['referrals.cancel-for-closed-case']).toBeUndefined();
      expect(second.repairs['followups.case-closed']).toBeUndefined();
      const [{ events }] = await t.db.query(`SELECT count(*)::int AS events FROM referral_event WHERE referral_id = $1 AND action = 'cancel'`, [referralId]);
      expect(events).toBe(1);
    } finally {
      for (const q of queues) await q.resume().catch(() => undefined);
      await Promise.all(queues.map((q) => q.close()));
    }
  }, 90_000);

  it('skips the pass while another worker holds it', async () => {
    const reconciler = worker.get(ReconcilerService);
    const skippedBefore = reconciler.stats().skipped;
    await asOwner(async (other) => {
      await other.query(`SELECT pg_advisory_lock($1)`, [RECONCILE_LOCK_KEY]); // what a pass on another worker holds
      expect((await reconciler.reconcile()).ran).toBe(false);
      await other.query(`SELECT pg_advisory_unlock($1)`, [RECONCILE_LOCK_KEY]);
    });
    expect(reconciler.stats().skipped).toBe(skippedBefore + 1);
    expect((await reconciler.reconcile()).ran).toBe(true);
  });
});
