import { INestApplicationContext } from '@nestjs/common';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Notifier } from '../../src/notifications/notifier';
import { verifySignature } from '../../src/notifications/webhook-signature';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { clearRedisPrefix, eventually, startWorker } from '../support/worker';
import { Receiver } from '../support/webhook-receiver';

const SET = `mutation($org: ID!, $url: String!, $active: Boolean, $rotate: Boolean) {
  setOrganizationWebhook(organizationId: $org, url: $url, active: $active, rotateSecret: $rotate) {
    secret webhook { organizationId url active }
  }}`;
const DEAD = `query($first: Int, $after: String) { deadLetters(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id notificationId template channel status organizationId attempts lastError lastStatusCode deadAt refs { name id } } }
}}`;

/**
 * Notifications end to end with the API, the worker (relay, dispatch, delivery) and real receivers:
 * signed webhooks, retries with backoff into the dead-letter list, email into the file sink.
 */
describe('notifications: webhooks, retries, dead letters, email', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: string;
  const mailDir = join(tmpdir(), `rujuk-mail-${randomUUID()}`);
  const receivers: Receiver[] = [];

  async function receiver(status = 200): Promise<Receiver> {
    const r = await new Receiver().start();
    r.status = status;
    receivers.push(r);
    return r;
  }

  async function organization(extra: Record<string, unknown> = {}): Promise<string> {
    const d = await ok(gql(t, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
      i: { name: `LK3 ${randomUUID().slice(0, 8)}`, partnerKind: 'LK3', regionCode: '32.77', ...extra },
    }, admin));
    return d.createOrganization.id;
  }

  beforeAll(async () => {
    Object.assign(process.env, {
      MAIL_SINK_DIR: mailDir, WEBHOOK_BACKOFF_MS: '300', WEBHOOK_MAX_ATTEMPTS: '3', OUTBOX_POLL_MS: '200',
      PUBLIC_APP_URL: 'https://rujuk.example.id',
    });
    await clearRedisPrefix();
    t = await startApp();
    worker = await startWorker();
    admin = (await userWithToken(t, 'ADMIN')).token;
  });

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await worker?.close();
    await t?.close();
    await rm(mailDir, { recursive: true, force: true });
  });

  it('returns the secret once, and signs the ping it sends to a new webhook', async () => {
    const org = await organization();
    const hook = await receiver();
    const first = await ok(gql(t, SET, { org, url: hook.url }, admin));
    const secret: string = first.setOrganizationWebhook.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(first.setOrganizationWebhook.webhook).toEqual({ organizationId: org, url: hook.url, active: true });

    const ping = await eventually(async () => hook.requests[0]);
    expect(verifySignature(secret, ping.raw, ping.headers['x-rujuk-signature'] as string)).toBe(true);
    expect(verifySignature('whsec_wrong', ping.raw, ping.headers['x-rujuk-signature'] as string)).toBe(false);
    expect(ping.headers['content-type']).toBe('application/json');
    expect(ping.headers['x-rujuk-event']).toBe('webhook.ping');
    expect(ping.body).toMatchObject({ id: ping.headers['x-rujuk-delivery'], event: 'webhook.ping', organizationId: org });

    // Saving again keeps the secret and does not show it; rotating shows a new one that signs from then on.
    const again = await ok(gql(t, SET, { org, url: hook.url }, admin));
    expect(again.setOrganizationWebhook.secret).toBeNull();
    const rotated = await ok(gql(t, SET, { org, url: hook.url, rotate: true }, admin));
    const newSecret: string = rotated.setOrganizationWebhook.secret;
    expect(newSecret).not.toBe(secret);
    const last = await eventually(async () => (hook.requests.length === 3 ? hook.requests[2] : null));
    expect(verifySignature(newSecret, last.raw, last.headers['x-rujuk-signature'] as string)).toBe(true);
    expect(new Set(hook.requests.map((r) => r.headers['x-rujuk-delivery'])).size).toBe(3);
  });

  it('lets admins and coordinators of the region configure webhooks, nobody else', async () => {
    const org = await organization();
    const hook = await receiver();
    const partner = await userWithToken(t, 'PARTNER_STAFF', { organizationId: org });
    expect(await errorOf(gql(t, SET, { org, url: hook.url }, partner.token))).toMatchObject({ code: 'FORBIDDEN' });
    const elsewhere = await userWithToken(t, 'COORDINATOR', { organizationId: org, regionScope: '91' });
    expect(await errorOf(gql(t, SET, { org, url: hook.url }, elsewhere.token))).toMatchObject({ code: 'FORBIDDEN' });
    const coordinator = await userWithToken(t, 'COORDINATOR', { organizationId: org, regionScope: '32' });
    const d = await ok(gql(t, SET, { org, url: hook.url }, coordinator.token));
    expect(d.setOrganizationWebhook.secret).toEqual(expect.any(String));
    expect(await errorOf(gql(t, SET, { org, url: 'ftp://example.org/x' }, admin))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(await errorOf(gql(t, SET, { org, url: 'http://user:pw@example.org/x' }, admin))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(await errorOf(gql(t, DEAD, {}, coordinator.token))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('retries a failing receiver with growing delays, then lists the delivery as a dead letter for admins', async () => {
    const org = await organization();
    const hook = await receiver(503);
    await ok(gql(t, SET, { org, url: hook.url, active: false }, admin)); // inactive: no ping
    await ok(gql(t, SET, { org, url: hook.url, active: true }, admin)); // active: ping, which fails

    const referralId = randomUUID();
    const notifier = t.app.get(Notifier);
    await t.db.transaction((tx) => notifier.notify(tx, { recipient: { organizationId: org }, template: 'referral.new', data: { referralId } }));

    const dead = await eventually(async () => {
      const d = await ok(gql(t, DEAD, { first: 50 }, admin));
      const mine = d.deadLetters.edges.map((e: any) => e.node).filter((n: any) => n.organizationId === org);
      return mine.length === 2 ? mine : null;
    }, 15_000, 200);
    const referral = dead.find((n: any) => n.template === 'referral.new');
    expect(referral).toMatchObject({
      channel: 'WEBHOOK', status: 'DEAD', attempts: 3, lastStatusCode: 503, lastError: 'webhook answered HTTP 503',
      refs: [{ name: 'referralId', id: referralId }],
    });
    const attempts = hook.requests.filter((r) => r.body.event === 'referral.new');
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.headers['x-rujuk-delivery']))).toEqual(new Set([referral.id]));
    const gaps = [attempts[1].at - attempts[0].at, attempts[2].at - attempts[1].at];
    expect(gaps[0]).toBeGreaterThanOrEqual(250); // backoff 300 ms, then 600 ms
    expect(gaps[1]).toBeGreaterThanOrEqual(550);
    // No client data in what the receiver got: ids and a link.
    expect(attempts[0].body).toEqual({
      id: referral.id, notificationId: referral.notificationId, event: 'referral.new', organizationId: org,
      occurredAt: expect.any(String), data: { referralId }, link: `https://rujuk.example.id/referrals/${referralId}`,
    });

    // A receiver that refuses the message as such (400) is not retried.
    hook.status = 400;
    const before = hook.requests.length;
    await t.db.transaction((tx) => notifier.notify(tx, { recipient: { organizationId: org }, template: 'referral.reminder', data: { referralId } }));
    const refused = await eventually(async () => {
      const d = await ok(gql(t, DEAD, { first: 50 }, admin));
      return d.deadLetters.edges.map((e: any) => e.node).find((n: any) => n.template === 'referral.reminder' && n.organizationId === org);
    }, 10_000, 200);
    expect(refused).toMatchObject({ attempts: 1, lastStatusCode: 400 });
    expect(hook.requests.length - before).toBe(1);

    // Paging through the dead letters.
    const page1 = await ok(gql(t, DEAD, { first: 1 }, admin));
    expect(page1.deadLetters.pageInfo.hasNextPage).toBe(true);
    const page2 = await ok(gql(t, DEAD, { first: 1, after: page1.deadLetters.pageInfo.endCursor }, admin));
    expect(page2.deadLetters.edges[0].node.id).not.toBe(page1.deadLetters.edges[0].node.id);
  });

  it('delivers the notifications of one transaction together: a failing receiver is retried alone, the others get theirs once', async () => {
    const hooks = [await receiver(), await receiver(503), await receiver()];
    const orgs: string[] = [];
    for (const hook of hooks) {
      const org = await organization({ referralContact: { name: 'Kontak', email: `rujukan-${randomUUID().slice(0, 8)}@lk3.example.id` } });
      await ok(gql(t, SET, { org, url: hook.url }, admin));
      orgs.push(org);
    }
    const referralId = randomUUID();
    const notifier = t.app.get(Notifier);
    const ids = await t.db.transaction(async (tx) => {
      const out: string[] = [];
      for (const org of orgs) out.push((await notifier.notify(tx, { recipient: { organizationId: org }, template: 'referral.new', data: { referralId } }))!);
      return out;
    });

    const rows = await eventually(async () => {
      const r: any[] = await t.db.query(
        `SELECT notification_id AS "notificationId", channel, status, attempts FROM notification_delivery
          WHERE notification_id = ANY($1::uuid[]) ORDER BY channel, notification_id`, [ids]);
      return r.length === 6 && r.every((d) => d.status !== 'PENDING') ? r : null;
    }, 15_000, 200);
    const of = (i: number, channel: string) => rows.find((r) => r.notificationId === ids[i] && r.channel === channel);
    expect([0, 1, 2].map((i) => of(i, 'EMAIL'))).toEqual(ids.map((id) => ({ notificationId: id, channel: 'EMAIL', status: 'SENT', attempts: 1 })));
    expect([0, 2].map((i) => of(i, 'WEBHOOK'))).toEqual([0, 2].map((i) => ({ notificationId: ids[i], channel: 'WEBHOOK', status: 'SENT', attempts: 1 })));
    expect(of(1, 'WEBHOOK')).toEqual({ notificationId: ids[1], channel: 'WEBHOOK', status: 'DEAD', attempts: 3 });
    expect(hooks.map((h) => h.requests.filter((r) => r.body.event === 'referral.new').length)).toEqual([1, 3, 1]);
  });

  it('delivers a notification relayed twice once', async () => {
    const org = await organization();
    const hook = await receiver();
    await ok(gql(t, SET, { org, url: hook.url }, admin));
    await eventually(async () => hook.requests.length === 1); // the ping
    const referralId = randomUUID();
    const id = (await t.db.transaction((tx) =>
      t.app.get(Notifier).notify(tx, { recipient: { organizationId: org }, template: 'referral.accepted', data: { referralId } })))!;
    await eventually(async () => hook.requests.length === 2);
    // As if a relay had died after publishing and before recording it: the same row is relayed again.
    await t.db.query(`UPDATE outbox_message SET sent_at = NULL WHERE id = $1`, [id]);
    await t.db.query(`SELECT pg_notify('rujuk_outbox', '')`);
    await eventually(async () => (await t.db.query(`SELECT sent_at FROM outbox_message WHERE id = $1`, [id]))[0].sent_at);
    // A later notification, delivered, is the sign that the relayed-again one had its chance to be delivered too.
    const sentinel = (await t.db.transaction((tx) =>
      t.app.get(Notifier).notify(tx, { recipient: { organizationId: org }, template: 'referral.cancelled', data: { referralId } })))!;
    await eventually(async () => hook.requests.some((r) => r.body.notificationId === sentinel));
    expect(hook.requests.filter((r) => r.body.notificationId === id)).toHaveLength(1);
    expect(await t.db.query(`SELECT 1 FROM notification_delivery WHERE notification_id = $1`, [id])).toHaveLength(1);
  });

  it('emails the organisation\'s referral contact and users into the file sink; one delivery per notification', async () => {
    const org = await organization({ referralContact: { name: 'Bu Sari', email: 'rujukan@lk3.example.id', phone: '+62 812 0000 1234' } });
    const supervisor = await userWithToken(t, 'SUPERVISOR', { organizationId: org });
    const caseManager = await userWithToken(t, 'CASE_MANAGER', { organizationId: org });
    const referralId = randomUUID();
    const notifier = t.app.get(Notifier);
    const ids = await t.db.transaction(async (tx) => [
      await notifier.notify(tx, { recipient: { organizationId: org }, template: 'referral.new', data: { referralId }, channels: ['WEBHOOK', 'EMAIL', 'SMS'], dedupeKey: `referral.new:${referralId}` }),
      await notifier.notify(tx, { recipient: { organizationId: org }, template: 'referral.new', data: { referralId }, dedupeKey: `referral.new:${referralId}` }),
      await notifier.notify(tx, { recipient: { userId: caseManager.id }, template: 'referral.accepted', data: { referralId } }),
      await notifier.notify(tx, { recipient: { organizationId: org, role: 'SUPERVISOR' }, template: 'referral.expired', data: { referralId } }),
    ]);
    expect(ids[0]).toEqual(expect.any(String));
    expect(ids[1]).toBeNull(); // same dedupe key: one notification

    const rows = await eventually(async () => {
      const r: any[] = await t.db.query(
        `SELECT id, template, channel, status, user_id AS "userId" FROM notification_delivery
          WHERE notification_id = ANY($1::uuid[]) ORDER BY template, channel`, [ids.filter(Boolean)]);
      return r.length === 4 && r.every((d) => d.status === 'SENT') ? r : null;
    }, 10_000, 100);
    // No webhook configured for this organisation: email and SMS only.
    expect(rows.map((r) => [r.template, r.channel, r.userId])).toEqual([
      ['referral.accepted', 'EMAIL', caseManager.id],
      ['referral.expired', 'EMAIL', supervisor.id],
      ['referral.new', 'EMAIL', null],
      ['referral.new', 'SMS', null],
    ]);
    const mail = async (deliveryId: string) => JSON.parse(await readFile(join(mailDir, `${deliveryId}.json`), 'utf8'));
    const toOrg = await mail(rows[2].id);
    expect(toOrg.to).toEqual([{ address: 'rujukan@lk3.example.id', name: '' }]);
    expect(toOrg.subject).toBe('Rujukan baru menunggu jawaban');
    expect(toOrg.text).toContain(`https://rujuk.example.id/referrals/${referralId}`);
    expect(toOrg.headers['X-Rujuk-Delivery']).toBe(rows[2].id);
    expect(toOrg.messageId).toBe(`<${rows[2].id}@rujuk>`);
    expect((await mail(rows[0].id)).to).toEqual([{ address: caseManager.email, name: '' }]);
    expect((await mail(rows[1].id)).to).toEqual([{ address: supervisor.email, name: '' }]);
  });
});
