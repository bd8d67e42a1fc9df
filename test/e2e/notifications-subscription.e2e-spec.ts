import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { CHANNELS } from '../../src/redis/pubsub';
import { Notifier } from '../../src/notifications/notifier.service';
import { OutboxService } from '../../src/outbox/outbox.service';
import { gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { clearRedisPrefix, eventually, startWorker } from '../support/worker';
import { collect, wsClient } from '../support/ws-client';

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

  async function organization(admin: string): Promise<string> {
    const d = await ok(gql(t, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
      i: { name: `RSUD ${randomUUID().slice(0, 8)}`, partnerKind: 'RUMAH_SAKIT', regionCode: '32.77' },
    }, admin));
    return d.createOrganization.id;
  }

  it('delivers an organisation\'s notification to its staff only, after the transaction commits', async () => {
    const admin = (await userWithToken(t, 'ADMIN')).token;
    const orgA = await organization(admin);
    const orgB = await organization(admin);
    const staffA = await userWithToken(t, 'PARTNER_STAFF', { organizationId: orgA });
    const staffB = await userWithToken(t, 'PARTNER_STAFF', { organizationId: orgB });

    const a = collect(client(staffA.token), MY);
    const b = collect(client(staffB.token), MY);
    await new Promise((r) => setTimeout(r, 500)); // let both subscriptions reach Redis

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
    // Give B the same time again: nothing arrives for another organisation.
    await new Promise((r) => setTimeout(r, 500));
    expect(b.items).toEqual([]);

    // A user-addressed notification reaches that user.
    const uid = await t.db.transaction((tx) =>
      notifier.notify(tx, { recipient: { userId: staffB.id }, template: 'referral.accepted', data: { referralId } }));
    await eventually(async () => b.items.length === 1, 8000);
    expect(b.items[0].myNotifications.id).toBe(uid);
    a.stop();
    b.stop();
  });

  it('carries any outbox event to subscribers through Redis (the path referralUpdated will use)', async () => {
    const admin = await userWithToken(t, 'ADMIN');
    const sub = collect(client(admin.token), MY);
    await new Promise((r) => setTimeout(r, 300));
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
