import { INestApplicationContext } from '@nestjs/common';
import { createServer, IncomingMessage, Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Notifier } from '../../src/notifications/notifier';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { clearRedisPrefix, eventually, startWorker } from '../support/worker';

const SET = `mutation($org: ID!, $url: String!, $active: Boolean) {
  setOrganizationWebhook(organizationId: $org, url: $url, active: $active) { webhook { active } } }`;
const DEAD = `{ deadLetters(first: 50) { edges { node { id template organizationId status attempts } } } }`;
const REDELIVER = `mutation($id: ID!) { redeliverDeadLetter(id: $id) { id status attempts deadAt lastError } }`;

/**
 * A dead letter sent again: an admin redelivers a delivery the receiver refused, once the receiver is fixed; the
 * worker sends it, the audit trail names the admin; a second call, a non-admin and an unknown id are refused.
 */
describe('dead letters: redeliverDeadLetter', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: { id: string; token: string };
  let server: Server;
  let url = '';
  let status = 400;
  const received: { event: string; delivery: string }[] = [];

  beforeAll(async () => {
    Object.assign(process.env, { WEBHOOK_BACKOFF_MS: '200', WEBHOOK_MAX_ATTEMPTS: '2', OUTBOX_POLL_MS: '100' });
    server = createServer((req: IncomingMessage, res) => {
      let raw = '';
      req.on('data', (c) => (raw += String(c)));
      req.on('end', () => {
        received.push({ event: JSON.parse(raw).event, delivery: String(req.headers['x-rujuk-delivery']) });
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
    await clearRedisPrefix();
    t = await startApp();
    worker = await startWorker();
    admin = await userWithToken(t, 'ADMIN');
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await new Promise((r) => server.close(r));
  });

  it('an admin redelivers a dead letter once: it is sent and audited; again is CONFLICT, others FORBIDDEN, unknown NOT_FOUND', async () => {
    const org = (await ok(gql(t, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
      i: { name: `LK3 ${randomUUID().slice(0, 8)}`, partnerKind: 'LK3', regionCode: '32.77' },
    }, admin.token))).createOrganization.id;
    await ok(gql(t, SET, { org, url, active: true }, admin.token));
    const referralId = randomUUID();
    await t.db.transaction((tx) => t.app.get(Notifier).notify(tx, { recipient: { organizationId: org }, template: 'referral.new', data: { referralId } }));

    // The receiver refuses the message as such (400): dead at once.
    const dead = await eventually(async () => {
      const d = await ok(gql(t, DEAD, {}, admin.token));
      return d.deadLetters.edges.map((e: any) => e.node).find((n: any) => n.organizationId === org && n.template === 'referral.new');
    }, 15_000, 100);
    const sentBefore = received.filter((r) => r.delivery === dead.id).length;

    const partner = await userWithToken(t, 'COORDINATOR', { organizationId: org, regionScope: '32' });
    expect(await errorOf(gql(t, REDELIVER, { id: dead.id }, partner.token))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await errorOf(gql(t, REDELIVER, { id: randomUUID() }, admin.token))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await errorOf(gql(t, REDELIVER, { id: 'not-an-id' }, admin.token))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });

    status = 200; // the receiver is fixed
    const redelivered = await ok(gql(t, REDELIVER, { id: dead.id }, admin.token, { 'x-request-id': 'redeliver-1' }));
    expect(redelivered.redeliverDeadLetter).toMatchObject({ id: dead.id, status: 'PENDING', deadAt: null, lastError: null });
    // The redelivery's job carries the request's id, from its outbox row on.
    expect(await t.db.query(`SELECT request_id FROM outbox_message WHERE job_id = $1`, [`redelivery-${dead.id}-1`])).toEqual([{ request_id: 'redeliver-1' }]);
    const again = await errorOf(gql(t, REDELIVER, { id: dead.id }, admin.token));
    expect(again).toMatchObject({ code: 'CONFLICT' });
    expect(again.message).toMatch(/this one is (PENDING|SENT)$/); // PENDING, or SENT already by the worker

    await eventually(async () => {
      const [row] = await t.db.query(`SELECT status FROM notification_delivery WHERE id = $1`, [dead.id]);
      return row.status === 'SENT';
    }, 15_000, 100);
    expect(received.filter((r) => r.delivery === dead.id)).toHaveLength(sentBefore + 1);
    expect(await errorOf(gql(t, REDELIVER, { id: dead.id }, admin.token))).toMatchObject({ code: 'CONFLICT' });

    const audit = await t.db.query(`SELECT actor_id, action, request_id, details FROM audit_event WHERE entity_id = $1`, [dead.id]);
    expect(audit).toEqual([{ actor_id: admin.id, action: 'NOTIFICATION_DELIVERY_REDELIVERED', request_id: 'redeliver-1', details: { channel: 'WEBHOOK', template: 'referral.new', attemptsBefore: 1 } }]);
    const gone = await ok(gql(t, DEAD, {}, admin.token));
    expect(gone.deadLetters.edges.map((e: any) => e.node.id)).not.toContain(dead.id);
  }, 60_000);
});
