import { JwtService } from '@nestjs/jwt';
import type { Client } from 'graphql-ws';
import { CHANNELS, EventBus, PUB_SUB } from '../../src/redis/pubsub';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { createOrg } from '../support/factories';
import { eventually } from '../support/worker';
import { collect, wsClient } from '../support/ws-client';

const MY = `subscription { myNotifications { id template } }`;

/**
 * A socket is only as good as its user is now: deactivation, a move to another organisation and the token's
 * expiry close it; a token without an expiry or naming no user opens nothing; a subscription's arguments are
 * checked as a query's are.
 */
describe('subscriptions: stale logins lose their sockets', () => {
  let t: TestApp;
  let bus: EventBus;
  const clients: Client[] = [];
  const client = (token?: string) => {
    const c = wsClient(t, token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await startApp();
    bus = t.app.get<EventBus>(PUB_SUB);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.close();
  });

  /** Publishes on the user's channel until the subscription hears it: the subscription is live. */
  async function untilHeard(userId: string, sub: ReturnType<typeof collect>): Promise<void> {
    await eventually(async () => {
      await bus.publish(CHANNELS.userNotifications(userId), { notificationId: 'probe', template: 'referral.new', data: {}, occurredAt: new Date().toISOString() });
      return sub.items.length > 0;
    }, 8000, 200);
  }

  const closeCode = (sub: ReturnType<typeof collect>) => (sub.errors[0] as { code?: number } | undefined)?.code;

  it('closes the socket of a user deactivated while subscribed, and nothing reaches it afterwards', async () => {
    const admin = await userWithToken(t, 'ADMIN');
    const org = await createOrg(t);
    const staff = await userWithToken(t, 'PARTNER_STAFF', { organizationId: org });
    const sub = collect(client(staff.token), MY);
    await untilHeard(staff.id, sub);

    await ok(gql(t, `mutation($id: ID!) { deactivateUser(id: $id) { id } }`, { id: staff.id }, admin.token));
    await eventually(async () => closeCode(sub) !== undefined, 8000);
    expect([4401, 4403]).toContain(closeCode(sub));
    const heard = sub.items.length;
    await bus.publish(CHANNELS.organizationNotifications(org), { notificationId: 'after', template: 'referral.new', data: {}, occurredAt: new Date().toISOString() });
    await sub.done;
    expect(sub.items.length).toBe(heard);
  });

  it('closes the socket of a user moved to another organisation (their subscription was for the old one)', async () => {
    const orgA = await createOrg(t);
    const orgB = await createOrg(t);
    const staff = await userWithToken(t, 'PARTNER_STAFF', { organizationId: orgA });
    const sub = collect(client(staff.token), MY);
    await untilHeard(staff.id, sub);
    await t.db.query(`UPDATE user_account SET organization_id = $1 WHERE id = $2`, [orgB, staff.id]);
    await eventually(async () => closeCode(sub) !== undefined, 8000);
    expect(closeCode(sub)).toBe(4403);
  });

  it('closes the socket when its token expires', async () => {
    const staff = await userWithToken(t, 'ADMIN');
    const jwt = t.app.get(JwtService);
    const shortLived = jwt.sign({ sub: staff.id, role: 'ADMIN' }, { expiresIn: 2 });
    const sub = collect(client(shortLived), MY);
    await untilHeard(staff.id, sub);
    await eventually(async () => closeCode(sub) !== undefined, 6000);
    expect(closeCode(sub)).toBe(4401);
  });

  it('refuses tokens signed with the right secret but without an expiry, or whose subject is not a user id', async () => {
    const user = await userWithToken(t, 'ADMIN');
    const jwt = t.app.get(JwtService);
    const forever = jwt.sign({ sub: user.id, role: 'ADMIN' }); // no expiresIn: no exp claim
    const notAUser = jwt.sign({ sub: 'not-a-user', role: 'ADMIN' }, { expiresIn: 60 });
    const emptySub = jwt.sign({ role: 'ADMIN' }, { expiresIn: 60 });
    for (const token of [forever, notAUser, emptySub]) {
      expect(await errorOf(gql(t, `{ me { id } }`, {}, token))).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Invalid token' });
      const sub = collect(client(token), MY);
      await sub.done;
      expect(closeCode(sub)).toBe(4403);
    }
  });

  it("checks a subscription's arguments as a query's: a caseId that is not a UUID is BAD_USER_INPUT naming it", async () => {
    const cm = await userWithToken(t, 'CASE_MANAGER', { organizationId: await createOrg(t) });
    const sub = collect(client(cm.token), `subscription { referralUpdated(caseId: "not-a-uuid") { id } }`);
    await sub.done;
    expect(sub.items).toEqual([]);
    expect(sub.errors.flat()).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'caseId' }) })]);
  });
});
