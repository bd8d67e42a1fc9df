import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema, getNamedType, GraphQLEnumType, GraphQLInputObjectType, GraphQLInputType, GraphQLObjectType, isCompositeType,
  isInputObjectType, isListType, isNonNullType,
} from 'graphql';
import { errorOf, gql, ok, startApp, TestApp } from '../support/harness';
import { collect, wsClient } from '../support/ws-client';
import {
  addNeed, caseWithNeed, createOrg, createReferral, createService, openCase, registerClient, staff, TestUser,
} from '../support/factories';

/**
 * Root fields the feature files leave out, each with a success and a refusal, and one sweep that every Query and
 * Mutation field but `login` refuses a caller without a token before any resolver runs.
 */
const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema.gql'), 'utf8'));

/** A literal of the type that passes GraphQL validation: only required input fields, the first enum value. */
function literal(type: GraphQLInputType): string {
  if (isNonNullType(type)) return literal(type.ofType);
  if (isListType(type)) return `[${literal(type.ofType)}]`;
  if (type instanceof GraphQLEnumType) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const fields = Object.values((type as GraphQLInputObjectType).getFields())
      .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return `{ ${fields.map((f) => `${f.name}: ${literal(f.type)}`).join(', ')} }`;
  }
  switch (type.name) {
    case 'Int': case 'Float': return '1';
    case 'Boolean': return 'true';
    case 'ID': return '"00000000-0000-4000-8000-000000000000"';
    case 'DateTime': return '"2026-01-01T00:00:00Z"';
    default: return '"x"';
  }
}

function documentFor(operation: 'query' | 'mutation', root: GraphQLObjectType, name: string): string {
  const field = root.getFields()[name];
  const args = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const argText = args.length ? `(${args.map((a) => `${a.name}: ${literal(a.type)}`).join(', ')})` : '';
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `${operation} { ${name}${argText}${selection} }`;
}

describe('root fields over HTTP', () => {
  let t: TestApp;
  let admin: TestUser;
  let cm: TestUser;
  let otherOrgCm: TestUser;
  let partner: TestUser;
  let coordinator: TestUser;
  let hospital: string;
  let serviceA: string;
  let serviceB: string;

  beforeAll(async () => {
    t = await startApp();
    admin = await staff(t, 'ADMIN', null);
    const lk3 = await createOrg(t, { name: 'LK3 Cimahi' });
    const other = await createOrg(t, { name: 'LK3 Lain' });
    hospital = await createOrg(t, { name: 'RSUD Cimahi', partnerKind: 'RUMAH_SAKIT' });
    const shelter = await createOrg(t, { name: 'Rumah Aman', partnerKind: 'LSM' });
    const dinsosPapua = await createOrg(t, { name: 'Dinas Sosial Papua', partnerKind: 'DINAS_SOSIAL', regionCode: '91' });
    cm = await staff(t, 'CASE_MANAGER', lk3, '32.77');
    otherOrgCm = await staff(t, 'CASE_MANAGER', other, '32.77');
    partner = await staff(t, 'PARTNER_STAFF', hospital);
    coordinator = await staff(t, 'COORDINATOR', dinsosPapua, '91');
    serviceA = await createService(t, admin.token, hospital);
    serviceB = await createService(t, admin.token, shelter);
  });
  afterAll(() => t.close());

  const LINK_FIELDS = ['referralLink', 'acceptReferralByLink', 'declineReferralByLink'];

  it('refuses every Query and Mutation field but login without a token (UNAUTHENTICATED; a single-referral link field: REFERRAL_LINK_INVALID)', async () => {
    const roots = [['query', schema.getQueryType()!], ['mutation', schema.getMutationType()!]] as const;
    const answered: Record<string, string | undefined> = {};
    for (const [operation, root] of roots) {
      for (const name of Object.keys(root.getFields())) {
        if (name === 'login') continue;
        const r = await gql(t, documentFor(operation, root, name));
        answered[name] = r.errors?.[0]?.extensions?.code;
        // Single-referral links are public: the token is the credential, and a bad one has its own refusal.
        if (LINK_FIELDS.includes(name) && answered[name] === 'REFERRAL_LINK_INVALID') answered[name] = 'UNAUTHENTICATED';
      }
    }
    expect(Object.keys(answered).length).toBeGreaterThan(50);
    expect(Object.entries(answered).filter(([, code]) => code !== 'UNAUTHENTICATED')).toEqual([]);
  });

  it('refuses a referralUpdated subscription without a token', async () => {
    const anonymous = collect(wsClient(t), `subscription { referralUpdated { id } }`);
    await anonymous.done;
    expect(anonymous.items).toEqual([]);
    expect(String((anonymous.errors[0] as { code?: number }).code)).toBe('4403');
  });

  describe('taxonomy', () => {
    it('lists need categories, service types and partner kinds to any signed-in user', async () => {
      const d = await ok(gql(t, `{ needCategories { code nameId minAge maxAge } serviceTypes { code nameId } partnerKinds { code nameEn } }`, {}, partner.token));
      expect(d.needCategories.map((c: any) => c.code)).toContain('ANAK_TERLANTAR');
      expect(d.needCategories.find((c: any) => c.code === 'ANAK_TERLANTAR')).toMatchObject({ maxAge: 18 });
      expect(d.serviceTypes.map((s: any) => s.code)).toContain('KONSELING');
      expect(d.partnerKinds.map((k: any) => k.code)).toEqual(expect.arrayContaining(['LK3', 'RUMAH_SAKIT', 'DINAS_SOSIAL']));
    });

    it('pages and filters regions, and refuses a page larger than 100', async () => {
      const Q = `query($parent: String, $level: RegionLevel, $search: String, $first: Int, $after: String) {
        regions(parentCode: $parent, level: $level, search: $search, first: $first, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { code name level parentCode ancestors { code } } } } }`;
      const p1 = (await ok(gql(t, Q, { parent: '32.77', first: 2 }, cm.token))).regions;
      expect(p1.totalCount).toBeGreaterThan(2);
      expect(p1.edges.map((e: any) => e.node)).toEqual([
        expect.objectContaining({ code: '32.77.01', level: 'DISTRICT', parentCode: '32.77', ancestors: [{ code: '32' }, { code: '32.77' }] }),
        expect.objectContaining({ code: '32.77.02' }),
      ]);
      const p2 = (await ok(gql(t, Q, { parent: '32.77', first: 2, after: p1.pageInfo.endCursor }, cm.token))).regions;
      expect(p2.edges[0].node.code).toBe('32.77.03');
      const found = (await ok(gql(t, Q, { level: 'REGENCY', search: 'Cimahi' }, cm.token))).regions;
      expect(found.edges[0].node).toMatchObject({ code: '32.77', level: 'REGENCY' });
      await expect(errorOf(gql(t, Q, { first: 101 }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT' });
    });
  });

  describe('case work', () => {
    it('adds a case note for the case\'s organisation only, and refuses an empty one', async () => {
      const caseId = await openCase(t, cm.token, await registerClient(t, cm.token));
      const M = `mutation($c: ID!, $b: String!) { addCaseNote(caseId: $c, body: $b) { id body authorId } }`;
      const note = await ok(gql(t, M, { c: caseId, b: 'Kunjungan rumah pertama' }, cm.token));
      expect(note.addCaseNote).toMatchObject({ body: 'Kunjungan rumah pertama', authorId: cm.id });
      const view = await ok(gql(t, `query($id: ID!) { case(id: $id) { notes { body } } }`, { id: caseId }, cm.token));
      expect(view.case.notes).toEqual([{ body: 'Kunjungan rumah pertama' }]);
      await expect(errorOf(gql(t, M, { c: caseId, b: '   ' }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
      for (const who of [otherOrgCm, partner]) {
        await expect(errorOf(gql(t, M, { c: caseId, b: 'Bukan kasus saya' }, who.token))).resolves.toMatchObject({ code: 'NOT_FOUND' });
      }
    });

    it('closes a case with a reason code, after which it takes no notes; refuses OTHER without a note and other organisations', async () => {
      const caseId = await openCase(t, cm.token, await registerClient(t, cm.token));
      const CLOSE = `mutation($i: CloseCaseInput!) { closeCase(input: $i) { stage closedAt closureReason closureNote } }`;
      await expect(errorOf(gql(t, CLOSE, { i: { caseId, reason: 'OTHER', note: ' ' } }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.note' });
      await expect(errorOf(gql(t, CLOSE, { i: { caseId, reason: 'MOVED', note: 'Pindah kota' } }, otherOrgCm.token))).resolves.toMatchObject({ code: 'NOT_FOUND' });
      const closed = await ok(gql(t, CLOSE, { i: { caseId, reason: 'MOVED', note: 'Pindah kota' } }, cm.token));
      expect(closed.closeCase).toMatchObject({ stage: 'CLOSED', closureReason: 'MOVED', closureNote: 'Pindah kota', closedAt: expect.any(String) });
      await expect(errorOf(gql(t, `mutation($c: ID!) { addCaseNote(caseId: $c, body: "Terlambat") { id } }`, { c: caseId }, cm.token))).resolves.toMatchObject({ code: 'CONFLICT' });
    });

    it('updates a need, recording a status change as a case event; others do not find it', async () => {
      const caseId = await openCase(t, cm.token, await registerClient(t, cm.token));
      const needId = await addNeed(t, cm.token, caseId);
      const M = `mutation($i: UpdateNeedInput!) { updateNeed(input: $i) { id status severity description } }`;
      const d = await ok(gql(t, M, { i: { needId, status: 'WITHDRAWN', severity: 'LOW', description: 'Klien menolak', reason: 'Klien menolak layanan' } }, cm.token));
      expect(d.updateNeed).toMatchObject({ id: needId, status: 'WITHDRAWN', severity: 'LOW', description: 'Klien menolak' });
      const view = await ok(gql(t, `query($id: ID!) { case(id: $id) { events { type fromState toState } } }`, { id: caseId }, cm.token));
      expect(view.case.events).toContainEqual({ type: 'NEED_STATUS_CHANGED', fromState: 'OPEN', toState: 'WITHDRAWN' });
      await expect(errorOf(gql(t, M, { i: { needId, status: 'OPEN' } }, otherOrgCm.token))).resolves.toMatchObject({ code: 'NOT_FOUND' });
      await expect(errorOf(gql(t, M, { i: { needId, status: 'NOT_A_STATUS' } }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT' });
    });

    it('updates a client for their organisation only', async () => {
      const clientId = await registerClient(t, cm.token);
      const M = `mutation($i: UpdateClientInput!) { updateClient(input: $i) { id phone } }`;
      expect((await ok(gql(t, M, { i: { id: clientId, phone: '0812-0000-1111' } }, cm.token))).updateClient).toEqual({ id: clientId, phone: '0812-0000-1111' });
      for (const who of [otherOrgCm, partner]) {
        await expect(errorOf(gql(t, M, { i: { id: clientId, phone: '0812-9999-0000' } }, who.token))).resolves.toMatchObject({ code: 'NOT_FOUND' });
      }
    });
  });

  describe('referrals', () => {
    const R = 'id status attempt previousId serviceId';
    const act = (m: string, input: Record<string, unknown>, token: string, type = 'TransitionReferralInput') =>
      gql(t, `mutation($i: ${type}!) { ${m}(input: $i) { ${R} } }`, { i: input }, token);

    it('lets the receiver fail a referral in progress with a reason, reopening the need; the sender may not', async () => {
      const { caseId, needId } = await caseWithNeed(t, cm.token);
      const referralId = await createReferral(t, cm.token, needId, serviceA);
      await ok(act('acceptReferral', { referralId }, partner.token, 'AcceptReferralInput'));
      await ok(act('startReferral', { referralId }, partner.token));
      await expect(errorOf(act('failReferral', { referralId, reason: 'Klien pindah' }, cm.token))).resolves.toMatchObject({ code: 'FORBIDDEN' });
      await expect(errorOf(act('failReferral', { referralId }, partner.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
      const failed = await ok(act('failReferral', { referralId, reason: 'Klien tidak datang lagi' }, partner.token));
      expect(failed.failReferral).toMatchObject({ id: referralId, status: 'FAILED' });
      const seen = await ok(gql(t, `query($id: ID!) { referral(id: $id) { status events { toStatus } } }`, { id: referralId }, cm.token));
      expect(seen.referral.events.map((e: any) => e.toStatus)).toEqual(['DRAFT', 'SENT', 'ACCEPTED', 'IN_PROGRESS', 'FAILED']);
      const kase = await ok(gql(t, `query($id: ID!) { case(id: $id) { needs { id status } } }`, { id: caseId }, cm.token));
      expect(kase.case.needs).toEqual([{ id: needId, status: 'OPEN' }]);
    });

    it('lets the sender redirect a sent referral to another service (attempt + 1, the old one cancelled); nobody else', async () => {
      const { needId } = await caseWithNeed(t, cm.token);
      const referralId = await createReferral(t, cm.token, needId, serviceA);
      const T = 'RedirectReferralInput';
      await expect(errorOf(act('redirectReferral', { referralId, serviceId: serviceB, reason: 'Lebih dekat' }, partner.token, T))).resolves.toMatchObject({ code: 'NOT_FOUND' });
      await expect(errorOf(act('redirectReferral', { referralId, serviceId: serviceB, reason: 'Lebih dekat' }, otherOrgCm.token, T))).resolves.toMatchObject({ code: 'NOT_FOUND' });
      await expect(errorOf(act('redirectReferral', { referralId, serviceId: serviceA, reason: 'Sama saja' }, cm.token, T))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.serviceId' });
      const next = (await ok(act('redirectReferral', { referralId, serviceId: serviceB, reason: 'Lebih dekat' }, cm.token, T))).redirectReferral;
      expect(next).toMatchObject({ status: 'SENT', attempt: 2, previousId: referralId, serviceId: serviceB });
      const old = await ok(gql(t, `query($id: ID!) { referral(id: $id) { status } }`, { id: referralId }, cm.token));
      expect(old.referral.status).toBe('CANCELLED');
    });
  });

  it('refuses case and referral work to everyone outside the client\'s organisation, and the wrong side of a referral', async () => {
    const { clientId, caseId, needId } = await caseWithNeed(t, cm.token);
    const referralId = await createReferral(t, cm.token, needId, serviceA);
    const [{ id: consentId }] = await t.db.query(`SELECT id FROM consent WHERE client_id = $1`, [clientId]);
    const goal = { term: 'SHORT', description: 'Aman', evaluationCriteria: 'Tinggal di rumah aman', targetDate: '2027-01-31' };
    const refused: [string, () => ReturnType<typeof errorOf>, Record<string, unknown>][] = [
      ['openCase', () => errorOf(gql(t, `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`, { i: { clientId } }, otherOrgCm.token)), { code: 'NOT_FOUND', message: `Client ${clientId} not found` }],
      ['addNeed', () => errorOf(gql(t, `mutation($i: AddNeedInput!) { addNeed(input: $i) { id } }`, { i: { caseId, category: 'ODHA' } }, otherOrgCm.token)), { code: 'NOT_FOUND' }],
      ['setGoals', () => errorOf(gql(t, `mutation($i: SetGoalsInput!) { setGoals(input: $i) { id } }`, { i: { caseId, goals: [goal] } }, otherOrgCm.token)), { code: 'NOT_FOUND' }],
      ['recordAssessment', () => errorOf(gql(t, `mutation($i: RecordAssessmentInput!) { recordAssessment(input: $i) { id } }`, { i: { caseId, instrument: 'SWB', instrumentVersion: '1', items: [{ code: 'a', score: 1 }] } }, partner.token)), { code: 'NOT_FOUND' }],
      ['recordConsent', () => errorOf(gql(t, `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`, { i: { clientId, categories: ['IDENTITY'], purpose: 'Rujukan layanan', method: 'VERBAL' } }, partner.token)), { code: 'NOT_FOUND', message: `Client ${clientId} not found` }],
      ['withdrawConsent', () => errorOf(gql(t, `mutation($id: ID!) { withdrawConsent(consentId: $id) { id } }`, { id: consentId }, otherOrgCm.token)), { code: 'NOT_FOUND' }],
      ['setCaseStage', () => errorOf(gql(t, `mutation($i: SetCaseStageInput!) { setCaseStage(input: $i) { stage } }`, { i: { caseId, stage: 'ASSESSMENT' } }, otherOrgCm.token)), { code: 'NOT_FOUND' }],
      ['clients', () => errorOf(gql(t, `{ clients { totalCount } }`, {}, partner.token)), { code: 'FORBIDDEN' }],
      ['createReferral', () => errorOf(gql(t, `mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }`, { i: { needId, serviceId: serviceB } }, otherOrgCm.token)), { code: 'NOT_FOUND', message: `Need ${needId} not found` }],
      ['viewReferral', () => errorOf(gql(t, `mutation($id: ID!) { viewReferral(id: $id) { id } }`, { id: referralId }, otherOrgCm.token)), { code: 'NOT_FOUND' }],
      ['declineReferral', () => errorOf(gql(t, `mutation($i: DeclineReferralInput!) { declineReferral(input: $i) { id } }`, { i: { referralId, declineReason: 'NO_CAPACITY' } }, cm.token)), { code: 'FORBIDDEN' }],
      ['holdReferral', () => errorOf(gql(t, `mutation($i: TransitionReferralInput!) { holdReferral(input: $i) { id } }`, { i: { referralId, reason: 'Dirawat' } }, partner.token)), { code: 'INVALID_TRANSITION' }],
      ['referralInbox', () => errorOf(gql(t, `{ referralInbox { totalCount } }`, {}, coordinator.token)), { code: 'FORBIDDEN' }],
      ['service', () => errorOf(gql(t, `query($id: ID!) { service(id: $id) { id } }`, { id: '00000000-0000-4000-8000-000000000000' }, cm.token)), { code: 'NOT_FOUND' }],
      ['organization', () => errorOf(gql(t, `query($id: ID!) { organization(id: $id) { id } }`, { id: '00000000-0000-4000-8000-000000000000' }, cm.token)), { code: 'NOT_FOUND' }],
    ];
    for (const [op, send, expected] of refused) expect({ op, ...(await send()) }).toMatchObject({ op, ...expected });
  });

  describe('organisation webhooks', () => {
    it('shows an organisation\'s webhook to its directory keepers, and refuses its staff and coordinators elsewhere', async () => {
      const SET = `mutation($o: ID!, $u: String!) { setOrganizationWebhook(organizationId: $o, url: $u, active: false) { secret webhook { url } } }`;
      const GET = `query($o: ID!) { organizationWebhook(organizationId: $o) { organizationId url active } }`;
      expect((await ok(gql(t, GET, { o: hospital }, admin.token))).organizationWebhook).toBeNull();
      const set = await ok(gql(t, SET, { o: hospital, u: 'https://rsud.example.org/hook' }, admin.token));
      expect(set.setOrganizationWebhook.secret).toEqual(expect.any(String));
      expect((await ok(gql(t, GET, { o: hospital }, admin.token))).organizationWebhook).toEqual({ organizationId: hospital, url: 'https://rsud.example.org/hook', active: false });
      for (const who of [partner, coordinator, cm]) {
        await expect(errorOf(gql(t, GET, { o: hospital }, who.token))).resolves.toMatchObject({ code: 'FORBIDDEN' });
      }
    });
  });
});
