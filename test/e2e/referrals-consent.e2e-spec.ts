import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';

/**
 * Consent where it matters, over HTTP: sending needs consent covering the recipient or a recorded choice to
 * send without identifying data; consent can name recipients or a referral; the partner sees what was shared
 * at send while consent stays in force, and nothing once it no longer needs to know. Also the links between
 * attempts (previous, next), Case.referrals, and the system as the actor of an automatic re-route.
 */
describe('referrals and consent over HTTP', () => {
  let t: TestApp;
  let admin: string;
  let cm: { id: string; token: string };
  let otherCm: { token: string };
  let hospitalStaff: { token: string };
  let shelterStaff: { token: string };
  const org: Record<string, string> = {};
  const svc: Record<string, string> = {};

  const R = `id status attempt sharing { mode categories reason } previous { id } next { id }`;
  const CLIENT = `client { sharedCategories fullName phone need { category } }`;

  async function makeOrg(key: string, kind: string) {
    org[key] = (await ok(gql(t, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, { i: { name: key, partnerKind: kind, regionCode: '32.77' } }, admin))).createOrganization.id;
  }
  async function makeService(key: string, orgKey: string) {
    svc[key] = (await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, { i: {
      organizationId: org[orgKey], name: key, needCategories: ['WANITA_KORBAN_KEKERASAN'], serviceTypes: ['KONSELING'], areaCodes: ['32.77'], capacity: { available: 5, maximum: 10 },
    } }, admin))).createService.id;
  }
  async function caseWithNeed(opts: { autoReroute?: boolean } = {}) {
    const reg = await ok(gql(t, `mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }`, { i: {
      fullName: `Ibu ${Math.random().toString(36).slice(2, 8)}`, birthDate: '1990-04-04', sex: 'FEMALE', regionCode: '32.77.01.1001',
      phone: '0800-1111-2222', confirmNotDuplicate: true,
    } }, cm.token));
    const clientId = reg.registerClient.client.id;
    const kase = await ok(gql(t, `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`, { i: { clientId, priority: 'ROUTINE', autoReroute: opts.autoReroute ?? false } }, cm.token));
    const need = await ok(gql(t, `mutation($c: ID!) { addNeed(input: { caseId: $c, category: "WANITA_KORBAN_KEKERASAN", description: "Butuh tempat aman", severity: HIGH }) { id } }`, { c: kase.openCase.id }, cm.token));
    return { clientId, caseId: kase.openCase.id as string, needId: need.addNeed.id as string };
  }
  const consent = (i: Record<string, unknown>) =>
    gql(t, `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id recipientOrganizationIds referralId } }`, { i: { purpose: 'Rujukan layanan', method: 'WRITTEN', ...i } }, cm.token);
  const create = (i: Record<string, unknown>) => gql(t, `mutation($i: CreateReferralInput!) { createReferral(input: $i) { ${R} } }`, { i }, cm.token);
  const send = (i: Record<string, unknown>) => gql(t, `mutation($i: SendReferralInput!) { sendReferral(input: $i) { ${R} } }`, { i }, cm.token);
  const sharedWith = async (id: string, token: string) => (await ok(gql(t, `query($id: ID!) { referral(id: $id) { status ${CLIENT} } }`, { id }, token))).referral;

  beforeAll(async () => {
    t = await startApp();
    admin = (await userWithToken(t, 'ADMIN')).token;
    await makeOrg('lk3', 'LK3');
    await makeOrg('lk3-other', 'LK3');
    await makeOrg('hospital', 'RUMAH_SAKIT');
    await makeOrg('shelter', 'LSM');
    await makeService('rs', 'hospital');
    await makeService('shelter', 'shelter');
    cm = await userWithToken(t, 'CASE_MANAGER', { organizationId: org.lk3 });
    otherCm = await userWithToken(t, 'CASE_MANAGER', { organizationId: org['lk3-other'] });
    hospitalStaff = await userWithToken(t, 'PARTNER_STAFF', { organizationId: org.hospital });
    shelterStaff = await userWithToken(t, 'PARTNER_STAFF', { organizationId: org.shelter });
  });
  afterAll(() => t.close());

  it('refuses to send with no consent in force (CONSENT_REQUIRED, nothing written), and sends without identifying data when told why', async () => {
    const { needId } = await caseWithNeed();
    const refused = await errorOf(create({ needId, serviceId: svc.rs, send: true }));
    expect(refused.code).toBe('CONSENT_REQUIRED');
    expect(refused.message).toContain('No consent in force for the client');
    expect(refused.message).toContain('hospital');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM referral WHERE need_id = $1`, [needId]))[0].n).toBe(0);

    const draft = (await ok(create({ needId, serviceId: svc.rs }))).createReferral;
    expect(draft).toMatchObject({ status: 'DRAFT', sharing: null });
    await expect(errorOf(send({ referralId: draft.id }))).resolves.toMatchObject({ code: 'CONSENT_REQUIRED' });
    await expect(errorOf(send({ referralId: draft.id, withoutIdentifyingData: { reason: 'x' } }))).resolves.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await t.db.query(`SELECT status FROM referral WHERE id = $1`, [draft.id]))[0].status).toBe('DRAFT');

    const reason = 'Klien dalam bahaya, belum dapat dimintai persetujuan';
    const sent = (await ok(send({ referralId: draft.id, withoutIdentifyingData: { reason } }))).sendReferral;
    expect(sent).toMatchObject({ status: 'SENT', sharing: { mode: 'WITHOUT_IDENTIFYING_DATA', categories: [], reason } });
    const events = (await ok(gql(t, `query($id: ID!) { referral(id: $id) { events { toStatus actorKind sharing { mode categories reason } } } }`, { id: draft.id }, cm.token))).referral.events;
    expect(events.at(-1)).toEqual({ toStatus: 'SENT', actorKind: 'SENDER', sharing: { mode: 'WITHOUT_IDENTIFYING_DATA', categories: [], reason } });
    expect(await sharedWith(draft.id, hospitalStaff.token)).toEqual({ status: 'SENT', client: { sharedCategories: [], fullName: null, phone: null, need: null } });
    // The receiver sees on what ground it was sent, not the case manager's reason.
    const received = (await ok(gql(t, `query($id: ID!) { referral(id: $id) { sharing { mode reason } events { sharing { mode reason } } } }`, { id: draft.id }, hospitalStaff.token))).referral;
    expect(received.sharing).toEqual({ mode: 'WITHOUT_IDENTIFYING_DATA', reason: null });
    expect(received.events.at(-1).sharing).toEqual({ mode: 'WITHOUT_IDENTIFYING_DATA', reason: null });
  });

  it('lets consent name its recipients or its referral, and shares with each recipient what was consented for it at send', async () => {
    const { clientId, caseId, needId } = await caseWithNeed();
    await expect(errorOf(consent({ clientId, categories: ['IDENTITY'], recipientOrganizationIds: ['00000000-0000-4000-8000-000000000000'] })))
      .resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.recipientOrganizationIds' });
    const elsewhere = await caseWithNeed();
    const foreign = (await ok(create({ needId: elsewhere.needId, serviceId: svc.rs }))).createReferral;
    await expect(errorOf(consent({ clientId, categories: ['IDENTITY'], referralId: foreign.id })))
      .resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.referralId' });

    const shelterOnly = (await ok(consent({ clientId, caseId, categories: ['IDENTITY', 'NEEDS_SUMMARY'], recipientOrganizationIds: [org.shelter] }))).recordConsent;
    expect(shelterOnly).toMatchObject({ recipientOrganizationIds: [org.shelter], referralId: null });
    const notCovered = await errorOf(create({ needId, serviceId: svc.rs, send: true }));
    expect(notCovered.code).toBe('CONSENT_REQUIRED');
    expect(notCovered.message).toContain('does not cover organisation hospital');

    const toShelter = (await ok(create({ needId, serviceId: svc.shelter, send: true }))).createReferral;
    expect(toShelter.sharing).toEqual({ mode: 'CONSENT', categories: ['IDENTITY', 'NEEDS_SUMMARY'], reason: null });
    expect((await sharedWith(toShelter.id, shelterStaff.token)).client).toMatchObject({ sharedCategories: ['IDENTITY', 'NEEDS_SUMMARY'], fullName: expect.any(String), phone: null });

    // A consent for one referral covers that referral only.
    const draft = (await ok(create({ needId, serviceId: svc.rs }))).createReferral;
    const forReferral = (await ok(consent({ clientId, categories: ['IDENTITY', 'CONTACT'], referralId: draft.id }))).recordConsent;
    const toHospital = (await ok(send({ referralId: draft.id }))).sendReferral;
    expect(toHospital.sharing).toEqual({ mode: 'CONSENT', categories: ['CONTACT', 'IDENTITY'], reason: null });
    expect((await sharedWith(draft.id, hospitalStaff.token)).client).toMatchObject({ sharedCategories: ['CONTACT', 'IDENTITY'], phone: '0800-1111-2222', need: null });

    // Consent recorded after the send does not widen what was shared; withdrawing consent stops sharing.
    await ok(consent({ clientId, categories: ['NEEDS_SUMMARY', 'HEALTH'] }));
    expect((await sharedWith(draft.id, hospitalStaff.token)).client.sharedCategories).toEqual(['CONTACT', 'IDENTITY']);
    await ok(gql(t, `mutation($id: ID!) { withdrawConsent(consentId: $id) { withdrawnAt } }`, { id: forReferral.id }, cm.token));
    expect((await sharedWith(draft.id, hospitalStaff.token)).client).toEqual({ sharedCategories: [], fullName: null, phone: null, need: null });
    expect((await sharedWith(toShelter.id, shelterStaff.token)).client.sharedCategories).toEqual(['IDENTITY', 'NEEDS_SUMMARY']);
  });

  it('hides the client from a partner that declined or whose referral was redirected away; the referral itself stays visible', async () => {
    const { clientId, caseId, needId } = await caseWithNeed();
    await ok(consent({ clientId, caseId, categories: ['IDENTITY', 'NEEDS_SUMMARY'] }));
    const first = (await ok(create({ needId, serviceId: svc.shelter, send: true }))).createReferral;
    expect((await sharedWith(first.id, shelterStaff.token)).client.fullName).not.toBeNull();
    const moved = (await ok(gql(t, `mutation($i: RedirectReferralInput!) { redirectReferral(input: $i) { ${R} } }`, { i: { referralId: first.id, serviceId: svc.rs, reason: 'Butuh layanan medis dulu' } }, cm.token))).redirectReferral;
    expect(moved).toMatchObject({ status: 'SENT', attempt: 2, previous: { id: first.id }, next: null, sharing: { mode: 'CONSENT' } });
    const away = await ok(gql(t, `query($id: ID!) { referral(id: $id) { status sentAt ${CLIENT} events { toStatus } } }`, { id: first.id }, shelterStaff.token));
    expect(away.referral).toMatchObject({ status: 'CANCELLED', sentAt: expect.any(String), client: { sharedCategories: [], fullName: null, need: null } });
    expect(away.referral.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['DRAFT', 'SENT', 'CANCELLED']);
    expect((await sharedWith(moved.id, hospitalStaff.token)).client).toMatchObject({ fullName: expect.any(String), need: { category: 'WANITA_KORBAN_KEKERASAN' } });
    // The sending side still sees the projection of the redirected one.
    expect((await sharedWith(first.id, cm.token)).client.fullName).not.toBeNull();

    await ok(gql(t, `mutation($i: DeclineReferralInput!) { declineReferral(input: $i) { id } }`, { i: { referralId: moved.id, declineReason: 'CLIENT_UNREACHABLE' } }, hospitalStaff.token));
    expect(await sharedWith(moved.id, hospitalStaff.token)).toEqual({ status: 'DECLINED', client: { sharedCategories: [], fullName: null, phone: null, need: null } });
  });

  it('links attempts both ways and lists a case\'s referrals, to the sending side only', async () => {
    const { clientId, caseId, needId } = await caseWithNeed();
    await ok(consent({ clientId, caseId, categories: ['IDENTITY'] }));
    const first = (await ok(create({ needId, serviceId: svc.shelter, send: true }))).createReferral;
    const second = (await ok(gql(t, `mutation($i: RedirectReferralInput!) { redirectReferral(input: $i) { id } }`, { i: { referralId: first.id, serviceId: svc.rs, reason: 'Butuh layanan medis dulu' } }, cm.token))).redirectReferral;
    const LINKS = `query($id: ID!) { referral(id: $id) { id previous { id } next { id } } }`;
    expect((await ok(gql(t, LINKS, { id: first.id }, cm.token))).referral).toEqual({ id: first.id, previous: null, next: { id: second.id } });
    expect((await ok(gql(t, LINKS, { id: second.id }, cm.token))).referral).toEqual({ id: second.id, previous: { id: first.id }, next: null });
    // Each receiver sees only its own attempt.
    expect((await ok(gql(t, LINKS, { id: first.id }, shelterStaff.token))).referral.next).toBeNull();
    expect((await ok(gql(t, LINKS, { id: second.id }, hospitalStaff.token))).referral.previous).toBeNull();

    const CASE = `query($id: ID!) { case(id: $id) { referrals { id attempt status } } }`;
    expect((await ok(gql(t, CASE, { id: caseId }, cm.token))).case.referrals).toEqual([
      { id: first.id, attempt: 1, status: 'CANCELLED' }, { id: second.id, attempt: 2, status: 'SENT' },
    ]);
    await expect(errorOf(gql(t, CASE, { id: caseId }, otherCm.token))).resolves.toMatchObject({ code: 'NOT_FOUND' });
    await expect(errorOf(gql(t, CASE, { id: caseId }))).resolves.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(errorOf(gql(t, LINKS, { id: first.id }))).resolves.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('names the system as the actor of a referral it re-routed, and re-routes by itself only where consent covers the next recipient', async () => {
    const decline = (id: string, token: string) =>
      ok(gql(t, `mutation($i: DeclineReferralInput!) { declineReferral(input: $i) { id } }`, { i: { referralId: id, declineReason: 'NO_CAPACITY', reason: 'Penuh' } }, token));
    const covered = await caseWithNeed({ autoReroute: true });
    await ok(consent({ clientId: covered.clientId, caseId: covered.caseId, categories: ['IDENTITY'] }));
    const run = (await ok(gql(t, `query($n: ID!) { matchServices(input: { needId: $n }) { runId } }`, { n: covered.needId }, cm.token))).matchServices.runId;
    const first = (await ok(create({ needId: covered.needId, serviceId: svc.shelter, matchRunId: run, send: true }))).createReferral;
    await decline(first.id, shelterStaff.token);
    const after = (await ok(gql(t, `query($id: ID!) { referral(id: $id) { next { id attempt sharing { mode } events { action toStatus actorKind actorId } } } }`, { id: first.id }, cm.token))).referral;
    expect(after.next).toMatchObject({ attempt: 2, sharing: { mode: 'CONSENT' } });
    expect(after.next.events).toEqual([
      { action: 'create', toStatus: 'DRAFT', actorKind: 'SYSTEM', actorId: null },
      { action: 'send', toStatus: 'SENT', actorKind: 'SYSTEM', actorId: null },
    ]);

    // Consent naming only the shelter: the hospital is proposed to the case manager, not sent to.
    const narrow = await caseWithNeed({ autoReroute: true });
    await ok(consent({ clientId: narrow.clientId, caseId: narrow.caseId, categories: ['IDENTITY'], recipientOrganizationIds: [org.shelter] }));
    const run2 = (await ok(gql(t, `query($n: ID!) { matchServices(input: { needId: $n }) { runId } }`, { n: narrow.needId }, cm.token))).matchServices.runId;
    const toShelter = (await ok(create({ needId: narrow.needId, serviceId: svc.shelter, matchRunId: run2, send: true }))).createReferral;
    await decline(toShelter.id, shelterStaff.token);
    const proposed = (await ok(gql(t, `query($id: ID!) { referral(id: $id) { next { id } suggestedNextServiceId } }`, { id: toShelter.id }, cm.token))).referral;
    expect(proposed).toEqual({ next: null, suggestedNextServiceId: svc.rs });
  });
});
