import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DispatchNotificationJob } from '../../src/notifications/dispatch-notification.job';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { clearRedisPrefix, eventually, startWorker } from '../support/worker';

const LIST = `query($f: Int, $a: String, $u: Boolean) { notifications(first: $f, after: $a, unreadOnly: $u) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id template title body referralId caseId readAt occurredAt } } } }`;
const MARK = `mutation($ids: [ID!], $all: Boolean) { markNotificationsRead(ids: $ids, all: $all) }`;

/**
 * Stored notifications: the worker's dispatch writes one row per user told, the app lists the signed-in
 * user's own (newest first, unread only on request) and marks them read. Sending a referral tells the
 * receiving organisation's staff and confirms it to the case manager, who is then told of later changes.
 */
describe('stored notifications: notifications and markNotificationsRead', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: string;
  let cm: { id: string; token: string };
  let staff: { id: string; token: string };
  let colleague: { id: string; token: string };
  let stranger: { id: string; token: string };
  let referralId: string;

  const list = async (token: string, vars: Record<string, unknown> = {}) => (await ok(gql(t, LIST, vars, token))).notifications;
  const templatesOf = async (token: string) => (await list(token)).edges.map((e: any) => e.node.template as string).sort();

  beforeAll(async () => {
    process.env.OUTBOX_POLL_MS = '100';
    await clearRedisPrefix();
    t = await startApp();
    worker = await startWorker();
    admin = (await userWithToken(t, 'ADMIN')).token;
    const mk = async (name: string, kind: string) =>
      (await ok(gql(t, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, { i: { name, partnerKind: kind, regionCode: '32.77' } }, admin))).createOrganization.id;
    const lk3 = await mk('LK3 Notif', 'LK3');
    const rs = await mk('RS Notif', 'RUMAH_SAKIT');
    const other = await mk('LBH Notif', 'LBH');
    const service = (await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, { i: { organizationId: rs, name: 'Layanan', needCategories: ['WANITA_KORBAN_KEKERASAN'], serviceTypes: ['KONSELING'], areaCodes: ['32.77'] } }, admin))).createService.id;
    cm = await userWithToken(t, 'CASE_MANAGER', { organizationId: lk3 });
    staff = await userWithToken(t, 'PARTNER_STAFF', { organizationId: rs });
    colleague = await userWithToken(t, 'PARTNER_STAFF', { organizationId: rs });
    stranger = await userWithToken(t, 'PARTNER_STAFF', { organizationId: other });
    const client = (await ok(gql(t, `mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }`, { i: { fullName: 'Ibu Notif', birthDate: '1990-01-01', sex: 'FEMALE', regionCode: '32.77.01.1001' } }, cm.token))).registerClient.client.id;
    const kase = (await ok(gql(t, `mutation($c: ID!) { openCase(input: { clientId: $c, priority: ROUTINE }) { id } }`, { c: client }, cm.token))).openCase.id;
    const need = (await ok(gql(t, `mutation($c: ID!) { addNeed(input: { caseId: $c, category: "WANITA_KORBAN_KEKERASAN" }) { id } }`, { c: kase }, cm.token))).addNeed.id;
    await ok(gql(t, `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`, { i: { clientId: client, caseId: kase, categories: ['IDENTITY'], purpose: 'Rujukan', method: 'VERBAL' } }, cm.token));
    referralId = (await ok(gql(t, `mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }`, { i: { needId: need, serviceId: service, send: true } }, cm.token))).createReferral.id;
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it("stores a sent referral for the receiving organisation's staff and confirms it to the case manager; no one else", async () => {
    await eventually(async () => (await list(colleague.token)).totalCount === 1 && (await list(cm.token)).totalCount === 1, 10_000);
    const mine = await list(staff.token);
    expect(mine.edges.map((e: any) => e.node)).toEqual([{
      id: expect.any(String), template: 'referral.new', title: 'Rujukan baru menunggu jawaban', body: expect.stringContaining('rujukan baru'),
      referralId, caseId: null, readAt: null, occurredAt: expect.any(String),
    }]);
    expect(await templatesOf(cm.token)).toEqual(['referral.sent']);
    // The same notification, each user's own row.
    expect((await list(colleague.token)).edges[0].node.id).toBe(mine.edges[0].node.id);
    expect((await list(stranger.token)).totalCount).toBe(0);
    expect((await list(admin)).totalCount).toBe(0);

    await ok(gql(t, `mutation($i: AcceptReferralInput!) { acceptReferral(input: $i) { id } }`, { i: { referralId } }, staff.token));
    await ok(gql(t, `mutation($i: TransitionReferralInput!) { startReferral(input: $i) { id } }`, { i: { referralId } }, staff.token));
    await eventually(async () => (await list(cm.token)).totalCount === 3, 10_000);
    const cmList = await list(cm.token);
    expect(cmList.edges.map((e: any) => e.node.template)).toEqual(['referral.started', 'referral.accepted', 'referral.sent']);
    expect(cmList.edges.every((e: any) => e.node.referralId === referralId)).toBe(true);
  });

  it('pages, lists unread only, and marks only the viewer\'s own notifications read', async () => {
    const first = await list(cm.token, { f: 2 });
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await list(cm.token, { f: 2, a: first.pageInfo.endCursor });
    expect(rest.edges.map((e: any) => e.node.template)).toEqual(['referral.sent']);

    const staffNote = (await list(staff.token)).edges[0].node.id;
    // Another user's id marks nothing, for them or for the owner.
    await expect(ok(gql(t, MARK, { ids: [staffNote] }, stranger.token))).resolves.toEqual({ markNotificationsRead: 0 });
    expect((await list(staff.token, { u: true })).totalCount).toBe(1);
    await expect(ok(gql(t, MARK, { ids: [staffNote] }, staff.token))).resolves.toEqual({ markNotificationsRead: 1 });
    await expect(ok(gql(t, MARK, { ids: [staffNote] }, staff.token))).resolves.toEqual({ markNotificationsRead: 0 });
    expect((await list(staff.token, { u: true })).totalCount).toBe(0);
    expect((await list(staff.token)).edges[0].node.readAt).not.toBeNull();
    // The colleague's copy of the same notification is still unread.
    expect((await list(colleague.token, { u: true })).totalCount).toBe(1);

    await expect(ok(gql(t, MARK, { all: true }, cm.token))).resolves.toEqual({ markNotificationsRead: 3 });
    expect((await list(cm.token, { u: true })).totalCount).toBe(0);
  });

  it('refuses bad arguments and anonymous callers', async () => {
    await expect(errorOf(gql(t, LIST, { f: 101 }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(errorOf(gql(t, MARK, {}, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    await expect(errorOf(gql(t, MARK, { ids: [randomUUID()], all: true }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    await expect(errorOf(gql(t, MARK, { ids: ['not-a-uuid'] }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(errorOf(gql(t, LIST, {}))).resolves.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(errorOf(gql(t, MARK, { all: true }))).resolves.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('stores a notification once per user when its dispatch job runs twice', async () => {
    const dispatch = worker.get(DispatchNotificationJob);
    const payload = {
      notificationId: randomUUID(), template: 'referral.cancelled', recipient: { organizationId: (await t.db.query(`SELECT organization_id FROM user_account WHERE id = $1`, [staff.id]))[0].organization_id },
      data: { referralId }, occurredAt: new Date().toISOString(),
    };
    await dispatch.handle({ notifications: [payload] });
    await dispatch.handle({ notifications: [payload] });
    const rows = await t.db.query(`SELECT user_id FROM user_notification WHERE notification_id = $1 ORDER BY user_id`, [payload.notificationId]);
    expect(rows.map((r: { user_id: string }) => r.user_id)).toEqual([staff.id, colleague.id].sort());
  });
});
