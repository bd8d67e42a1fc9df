import { errorOf, gql, ok, startApp, TestApp } from '../support/harness';
import { caseWithNeed, createOrg, createReferral, createService, openCase, registerClient, staff, TestUser } from '../support/factories';

/**
 * The sending side's lists (`cases`, `referrals`) and who reaches a client: a client belongs to the organisation
 * that registered them, whatever the client's address region.
 */
describe('case and referral lists over HTTP', () => {
  let t: TestApp;
  let admin: TestUser;
  let cm: TestUser;
  let supervisor: TestUser;
  let otherOrgCm: TestUser;
  let partner: TestUser;
  let coordinator: TestUser;
  let serviceId: string;

  const CASES = `query($first: Int, $after: String, $stage: CaseStage, $clientId: ID) {
    cases(first: $first, after: $after, stage: $stage, clientId: $clientId) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id clientId stage } } } }`;
  const REFERRALS = `query($first: Int, $after: String, $statuses: [ReferralStatus!], $caseId: ID) {
    referrals(first: $first, after: $after, statuses: $statuses, caseId: $caseId) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id status caseId } } } }`;
  const ids = (conn: { edges: { node: { id: string } }[] }) => conn.edges.map((e) => e.node.id);

  beforeAll(async () => {
    t = await startApp();
    admin = await staff(t, 'ADMIN', null);
    const lk3 = await createOrg(t, { name: 'LK3 Bandung', regionCode: '32.73' });
    const other = await createOrg(t, { name: 'LK3 Cimahi', regionCode: '32.77' });
    const hospital = await createOrg(t, { name: 'RSUD Cimahi', partnerKind: 'RUMAH_SAKIT' });
    const dinsos = await createOrg(t, { name: 'Dinas Sosial Jabar', partnerKind: 'DINAS_SOSIAL', regionCode: '32' });
    cm = await staff(t, 'CASE_MANAGER', lk3, '32.73');
    supervisor = await staff(t, 'SUPERVISOR', lk3);
    otherOrgCm = await staff(t, 'CASE_MANAGER', other, '32.77');
    partner = await staff(t, 'PARTNER_STAFF', hospital);
    coordinator = await staff(t, 'COORDINATOR', dinsos, '32');
    serviceId = await createService(t, admin.token, hospital, { areaCodes: ['32.73', '32.77'] });
  });
  afterAll(() => t.close());

  describe('cases', () => {
    let caseIds: string[];
    let firstClient: string;

    beforeAll(async () => {
      caseIds = [];
      for (const name of ['Ani Lestari', 'Budi Santoso', 'Citra Dewi']) {
        const clientId = await registerClient(t, cm.token, { fullName: name, regionCode: '32.73.20.1001' });
        firstClient ??= clientId;
        caseIds.push(await openCase(t, cm.token, clientId));
      }
      await ok(gql(t, `mutation($i: SetCaseStageInput!) { setCaseStage(input: $i) { stage } }`, { i: { caseId: caseIds[1], stage: 'ASSESSMENT' } }, cm.token));
    });

    it('pages newest first with pageInfo and totalCount', async () => {
      const p1 = (await ok(gql(t, CASES, { first: 2 }, cm.token))).cases;
      expect(p1.totalCount).toBe(3);
      expect(p1.edges).toHaveLength(2);
      expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: p1.edges[0].cursor, endCursor: p1.edges[1].cursor });
      const p2 = (await ok(gql(t, CASES, { first: 2, after: p1.pageInfo.endCursor }, cm.token))).cases;
      expect(p2.totalCount).toBe(3);
      expect(p2.edges).toHaveLength(1);
      expect(p2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      expect([...ids(p1), ...ids(p2)]).toEqual([...caseIds].reverse());
    });

    it('filters by stage and by client', async () => {
      const assessing = (await ok(gql(t, CASES, { stage: 'ASSESSMENT' }, cm.token))).cases;
      expect(assessing).toMatchObject({ totalCount: 1, edges: [{ node: { id: caseIds[1], stage: 'ASSESSMENT' } }] });
      const ofClient = (await ok(gql(t, CASES, { clientId: firstClient }, supervisor.token))).cases;
      expect(ofClient).toMatchObject({ totalCount: 1, edges: [{ node: { id: caseIds[0], clientId: firstClient } }] });
    });

    it("shows another organisation nothing, and refuses the unauthenticated and roles that keep no clients", async () => {
      expect((await ok(gql(t, CASES, {}, otherOrgCm.token))).cases).toMatchObject({ totalCount: 0, edges: [] });
      await expect(errorOf(gql(t, CASES, {}))).resolves.toMatchObject({ code: 'UNAUTHENTICATED' });
      for (const who of [partner, coordinator, admin]) await expect(errorOf(gql(t, CASES, {}, who.token))).resolves.toMatchObject({ code: 'FORBIDDEN' });
      await expect(errorOf(gql(t, CASES, { after: 'not-a-cursor' }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    });

    it('filters open cases (every stage but closed) and closed ones, counting each', async () => {
      const OPEN = `query($open: Boolean) { cases(open: $open, caseManagerId: "${cm.id}") { totalCount edges { node { id stage } } } }`;
      await ok(gql(t, `mutation($i: CloseCaseInput!) { closeCase(input: $i) { stage } }`, { i: { caseId: caseIds[2], reason: 'CLIENT_REQUEST' } }, cm.token));
      const open = (await ok(gql(t, OPEN, { open: true }, cm.token))).cases;
      expect(open.totalCount).toBe(2);
      expect(ids(open)).toEqual([caseIds[1], caseIds[0]]);
      const closed = (await ok(gql(t, OPEN, { open: false }, cm.token))).cases;
      expect(closed).toMatchObject({ totalCount: 1, edges: [{ node: { id: caseIds[2], stage: 'CLOSED' } }] });
      expect((await ok(gql(t, OPEN, {}, cm.token))).cases.totalCount).toBe(3);
    });
  });

  describe('referrals', () => {
    let referralIds: string[];
    let caseOfFirst: string;

    beforeAll(async () => {
      referralIds = [];
      for (const [i, send] of [true, true, false].entries()) {
        const { caseId, needId } = await caseWithNeed(t, cm.token, { fullName: `Klien Rujukan ${i}`, regionCode: '32.73.20.1001' });
        caseOfFirst ??= caseId;
        referralIds.push(await createReferral(t, cm.token, needId, serviceId, { send }));
      }
    });

    it('pages newest first with pageInfo and totalCount', async () => {
      const p1 = (await ok(gql(t, REFERRALS, { first: 2 }, cm.token))).referrals;
      expect(p1.totalCount).toBe(3);
      expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, endCursor: p1.edges[1].cursor });
      const p2 = (await ok(gql(t, REFERRALS, { first: 2, after: p1.pageInfo.endCursor }, cm.token))).referrals;
      expect(p2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      expect([...ids(p1), ...ids(p2)]).toEqual([...referralIds].reverse());
    });

    it('filters by status and by case', async () => {
      const drafts = (await ok(gql(t, REFERRALS, { statuses: ['DRAFT'] }, cm.token))).referrals;
      expect(drafts).toMatchObject({ totalCount: 1, edges: [{ node: { id: referralIds[2], status: 'DRAFT' } }] });
      const sent = (await ok(gql(t, REFERRALS, { statuses: ['SENT'] }, supervisor.token))).referrals;
      expect(ids(sent).sort()).toEqual(referralIds.slice(0, 2).sort());
      const ofCase = (await ok(gql(t, REFERRALS, { caseId: caseOfFirst }, cm.token))).referrals;
      expect(ofCase).toMatchObject({ totalCount: 1, edges: [{ node: { id: referralIds[0], caseId: caseOfFirst } }] });
    });

    it('shows another organisation nothing, and refuses the unauthenticated and the receiving side', async () => {
      expect((await ok(gql(t, REFERRALS, {}, otherOrgCm.token))).referrals).toMatchObject({ totalCount: 0, edges: [] });
      await expect(errorOf(gql(t, REFERRALS, {}))).resolves.toMatchObject({ code: 'UNAUTHENTICATED' });
      for (const who of [partner, coordinator, admin]) await expect(errorOf(gql(t, REFERRALS, {}, who.token))).resolves.toMatchObject({ code: 'FORBIDDEN' });
      await expect(errorOf(gql(t, REFERRALS, { first: 101 }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT' });
    });
  });

  it('keeps a client registered outside the case manager\'s region scope reachable and usable by their organisation', async () => {
    // LK3 Bandung's case manager works in 32.73; the client lives in Kota Cimahi (32.77).
    const clientId = await registerClient(t, cm.token, { fullName: 'Dewi Di Cimahi', regionCode: '32.77.01.1001' });
    const seen = await ok(gql(t, `query($id: ID!) { client(id: $id) { id regionCode } }`, { id: clientId }, cm.token));
    expect(seen.client).toEqual({ id: clientId, regionCode: '32.77.01.1001' });
    const listed = await ok(gql(t, `{ clients(search: "Dewi Di Cimahi") { totalCount edges { node { id } } } }`, {}, cm.token));
    expect(ids(listed.clients)).toContain(clientId);
    await ok(gql(t, `mutation($i: UpdateClientInput!) { updateClient(input: $i) { phone } }`, { i: { id: clientId, phone: '0811-2222-3333' } }, cm.token));

    const { caseId, needId } = await caseWithNeed(t, cm.token, { fullName: 'Dewi Kedua Di Cimahi', regionCode: '32.77.01.1001' });
    expect(ids((await ok(gql(t, CASES, {}, cm.token))).cases)).toContain(caseId);
    const referralId = await createReferral(t, cm.token, needId, serviceId);
    expect(ids((await ok(gql(t, REFERRALS, { caseId }, cm.token))).referrals)).toEqual([referralId]);
    await ok(gql(t, `query($id: ID!) { referral(id: $id) { id } }`, { id: referralId }, cm.token));

    // Still nobody else's: another organisation and the region's coordinator do not learn the client exists.
    for (const who of [otherOrgCm, coordinator]) {
      await expect(errorOf(gql(t, `query($id: ID!) { client(id: $id) { id } }`, { id: clientId }, who.token))).resolves.toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});
