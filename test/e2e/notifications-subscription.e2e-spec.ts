import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { CHANNELS } from '../../src/redis/pubsub';
import { Notifier } from '../../src/notifications/notifier';
import { OutboxService } from '../../src/outbox/outbox.service';
import { createOrg, staff } from '../support/factories';
import { startApp, TestApp, userWithToken } from '../support/harness';
import { clearRedisPrefix, eventually, startWorker } from '../support/worker';
import { collect, untilSubscribed, wsClient } from '../support/ws-client';

const MY = `subscription { myNotifications { id template occurredAt refs { name id } } }`;

/**
 * Subscriptions over graphql-ws: an event written to the outbox in a transaction is published by the
 * worker's relay on Redis and reaches the subscriber on the API's WebSocket; others do not see it.
 */
describe('subscriptions: myNotifications over graphql-ws, fed by the outbox relay', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  const clients: Client[] = [];
  const client = (token?: string) => {
    const c = wsClient(t, token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    process.env.OUTBOX_POLL_MS = '200';
    await clearRedisPrefix();
    t = await startApp();
    worker = await startWorker();
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await worker?.close();
    await t?.close();
  });

  it('delivers an organisation\'s notification to its staff only, after the transaction commits', async () => {
    const orgA = await createOrg(t, { partnerKind: 'RUMAH_SAKIT' });
    const orgB = await createOrg(t, { partnerKind: 'RUMAH_SAKIT' });
    const staffA = await staff(t, 'PARTNER_STAFF', orgA);
    const staffB = await staff(t, 'PARTNER_STAFF', orgB);

    const a = collect(client(staffA.token), MY);
    const b = collect(client(staffB.token), MY);
    await untilSubscribed([
      CHANNELS.organizationNotifications(orgA), CHANNELS.userNotifications(staffA.id),
      CHANNELS.organizationNotifications(orgB), CHANNELS.userNotifications(staffB.id),
    ]);

    const notifier = t.app.get(Notifier);
    const referralId = randomUUID();
    // A rolled-back notification is never seen.
    await expect(t.db.transaction(async (tx) => {
      await notifier.notify(tx, { recipient: { organizationId: orgA }, template: 'referral.cancelled', data: { referralId } });
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    const id = await t.db.transaction((tx) =>
      notifier.notify(tx, { recipient: { organizationId: orgA }, template: 'referral.new', data: { referralId } }));

    await eventually(async () => a.items.length >= 1, 8000);
    expect(a.items).toEqual([{
      myNotifications: { id, template: 'referral.new', occurredAt: expect.any(String), refs: [{ name: 'referralId', id: referralId }] },
    }]);
    expect(a.errors).toEqual([]);

    // A user-addressed notification reaches that user. Relayed after A's, it is also the sign that A's has been
    // published: B, of another organisation, received nothing before it.
    const uid = await t.db.transaction((tx) =>
      notifier.notify(tx, { recipient: { userId: staffB.id }, template: 'referral.accepted', data: { referralId } }));
    await eventually(async () => b.items.length >= 1, 8000);
    expect(b.items.map((x) => x.myNotifications.id)).toEqual([uid]);
    a.stop();
    b.stop();
  });

  it('carries any outbox event to subscribers through Redis (the path referralUpdated will use)', async () => {
    const admin = await userWithToken(t, 'ADMIN');
    const sub = collect(client(admin.token), MY);
    await untilSubscribed([CHANNELS.userNotifications(admin.id)]);
    // An event written straight to the outbox on the user's channel, as a feature module would for its own channel.
    const outbox = t.app.get(OutboxService);
    await t.db.transaction((tx) => outbox.add(tx, {
      kind: 'event', channel: CHANNELS.userNotifications(admin.id),
      payload: { notificationId: 'n-1', template: 'referral.rerouted', data: { referralId: 'r-1' }, occurredAt: new Date(0).toISOString() },
    }));
    await eventually(async () => sub.items.length === 1, 8000);
    expect(sub.items[0].myNotifications).toEqual({ id: 'n-1', template: 'referral.rerouted', occurredAt: '1970-01-01T00:00:00.000Z', refs: [{ name: 'referralId', id: 'r-1' }] });
    sub.stop();
  });

  it('refuses a socket without a valid token, and queries over the socket', async () => {
    const anonymous = collect(client(), MY);
    await anonymous.done;
    expect(anonymous.items).toEqual([]);
    expect(String((anonymous.errors[0] as { code?: number }).code)).toBe('4403');

    const bad = collect(client('not-a-token'), MY);
    await bad.done;
    expect(String((bad.errors[0] as { code?: number }).code)).toBe('4403');

    const user = await userWithToken(t, 'ADMIN');
    const query = collect(client(user.token), `query { me { id } }`);
    await query.done;
    expect(query.items).toEqual([]);
    expect(JSON.stringify(query.errors)).toContain('Only subscriptions are served over WebSocket');
  });
});
