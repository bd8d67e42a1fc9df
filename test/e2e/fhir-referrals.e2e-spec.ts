import { gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { fhirErrors } from '../support/fhir-validator';

/**
 * FHIR R4 for a hospital's system, over HTTP as that system would use it: it lists the Tasks its organisation
 * owns, accepts one with a JSON Patch and the case manager sees the acceptance (and its event) in GraphQL;
 * declines with a reason code, starts, completes with an outcome; a stale If-Match gets 412, an illegal
 * transition 409, another organisation 403/404, no token 401, all as OperationOutcome. The Patient and
 * ServiceRequest carry only consented data and never the NIK. Every resource returned validates against the
 * FHIR R4 base definitions.
 */
describe('FHIR for hospitals', () => {
  let t: TestApp;
  let admin: string;
  let cm: { id: string; token: string };
  let hospital: { id: string; token: string };
  let otherHospital: { token: string };
  const org: Record<string, string> = {};
  const svc: Record<string, string> = {};
  let shelterLocation: string;
  /** NIKs of the clients: region 32.77.01, born 12-03-1994, female (day + 40), a serial each. */
  const NIK_PREFIX = '327701520394';
  let serial = 0;
  const validated: string[] = [];

  const FHIR = 'application/fhir+json';
  async function fhir(method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${t.url}/fhir/${path}`, {
      method,
      headers: { accept: FHIR, ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': method === 'PATCH' ? 'application/json-patch+json' : FHIR } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = JSON.parse(text);
    // Every resource that leaves validates, errors (OperationOutcome) included.
    expect({ path, errors: fhirErrors(json) }).toEqual({ path, errors: [] });
    validated.push(json.resourceType);
    for (const entry of json.entry ?? []) validated.push(entry.resource.resourceType);
    return { status: res.status, body: json, text, etag: res.headers.get('etag'), type: res.headers.get('content-type') };
  }

  async function makeOrg(key: string, kind: string, identifiers: { scheme: string; identifier: string }[] = []) {
    org[key] = (await ok(gql(t, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, { i: {
      name: `Org ${key}`, partnerKind: kind, regionCode: '32.77', identifiers, phones: [{ number: '0800-0000-1234' }], email: `${key}@example.org`,
    } }, admin))).createOrganization.id;
  }
  async function makeService(key: string, orgKey: string) {
    svc[key] = (await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, { i: {
      organizationId: org[orgKey], name: `Layanan ${key}`, needCategories: ['WANITA_KORBAN_KEKERASAN'], serviceTypes: ['KONSELING'], areaCodes: ['32.77'],
    } }, admin))).createService.id;
  }
  async function referral(serviceKey: string, opts: { categories?: string[]; withoutIdentifyingData?: boolean } = {}): Promise<string> {
    const reg = await ok(gql(t, `mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }`, { i: {
      fullName: `Ibu Sari ${Math.random().toString(36).slice(2, 7)}`, birthDate: '1994-03-12', sex: 'FEMALE', regionCode: '32.77.01.1001',
      phone: '0800-7777-9999', addressLine: 'Jl. Contoh Rahasia No. 7', nik: `${NIK_PREFIX}${String(++serial).padStart(4, '0')}`, confirmNotDuplicate: true,
    } }, cm.token));
    const clientId = reg.registerClient.client.id;
    const kase = await ok(gql(t, `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`, { i: { clientId, priority: 'URGENT' } }, cm.token));
    const need = await ok(gql(t, `mutation($c: ID!) { addNeed(input: { caseId: $c, category: "WANITA_KORBAN_KEKERASAN", description: "Luka ringan, butuh visum", severity: HIGH }) { id } }`, { c: kase.openCase.id }, cm.token));
    if (!opts.withoutIdentifyingData) {
      await ok(gql(t, `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`, { i: {
        clientId, caseId: kase.openCase.id, categories: opts.categories ?? ['IDENTITY', 'NEEDS_SUMMARY'], purpose: 'Rujukan layanan', method: 'WRITTEN',
      } }, cm.token));
    }
    const r = await ok(gql(t, `mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }`, { i: {
      needId: need.addNeed.id, serviceId: svc[serviceKey], send: true, note: 'Mohon diterima hari ini',
      ...(opts.withoutIdentifyingData ? { withoutIdentifyingData: { reason: 'Klien belum dapat memberi persetujuan' } } : {}),
    } }, cm.token));
    return r.createReferral.id;
  }
  const graphqlReferral = async (id: string) => (await ok(gql(t, `query($id: ID!) { referral(id: $id) {
    status declineReason outcome statusReason version events { fromStatus toStatus action actorKind actorId reason } } }`, { id }, cm.token))).referral;

  let r1: string;
  let r2: string;
  let r3: string;

  beforeAll(async () => {
    t = await startApp();
    admin = (await userWithToken(t, 'ADMIN')).token;
    await makeOrg('lk3', 'LK3');
    await makeOrg('rsud', 'RUMAH_SAKIT', [{ scheme: 'SATUSEHAT', identifier: '100011961' }, { scheme: 'NIB', identifier: '9120000000001' }]);
    await makeOrg('rs-lain', 'RUMAH_SAKIT');
    await makeOrg('shelter', 'LSM');
    await makeService('rsud', 'rsud');
    await makeService('rs-lain', 'rs-lain');
    await makeService('shelter', 'shelter');
    shelterLocation = (await ok(gql(t, `mutation($i: CreateLocationInput!) { createLocation(input: $i) { id } }`, { i: {
      organizationId: org.shelter, name: 'Rumah Aman', regionCode: '32.77.01.1001', addressLine: 'Jl. Tersembunyi 1', latitude: -6.88, longitude: 107.54,
      confidential: true, serviceIds: [svc.shelter], schedules: [{ weekday: 1, opensAt: '08:00', closesAt: '16:00' }],
    } }, admin))).createLocation.id;
    cm = await userWithToken(t, 'CASE_MANAGER', { organizationId: org.lk3 });
    hospital = await userWithToken(t, 'PARTNER_STAFF', { organizationId: org.rsud });
    otherHospital = await userWithToken(t, 'PARTNER_STAFF', { organizationId: org['rs-lain'] });
    r1 = await referral('rsud');
    r2 = await referral('rsud');
    r3 = await referral('rs-lain');
  }, 60_000);
  afterAll(async () => t?.close());

  it("lists the hospital's requested Tasks as a searchset Bundle", async () => {
    const res = await fhir('GET', `Task?owner=Organization/${org.rsud}&status=requested`, hospital.token);
    expect(res.status).toBe(200);
    expect(res.type).toContain(FHIR);
    expect(res.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 2 });
    const tasks = res.body.entry.map((e: { resource: Record<string, any> }) => e.resource);
    expect(tasks.map((x: { id: string }) => x.id).sort()).toEqual([r1, r2].sort());
    expect(tasks[0]).toMatchObject({
      resourceType: 'Task', status: 'requested', intent: 'order', priority: 'urgent',
      focus: { reference: `ServiceRequest/${tasks[0].id}` }, owner: { reference: `Organization/${org.rsud}` },
      requester: { reference: `Organization/${org.lk3}` }, meta: { versionId: '2' },
    });
    const paged = await fhir('GET', `Task?owner=${org.rsud}&_count=1`, hospital.token);
    expect(paged.body.entry).toHaveLength(1);
    expect(paged.body.total).toBe(2);
    expect(paged.body.link.find((l: { relation: string }) => l.relation === 'next').url).toContain('_offset=1');
  });

  it('accepts a Task with a JSON Patch; the case manager sees the acceptance and its event in GraphQL', async () => {
    const before = await fhir('GET', `Task/${r1}`, hospital.token);
    expect(before.etag).toBe('W/"2"');
    const res = await fhir('PATCH', `Task/${r1}`, hospital.token, [
      { op: 'test', path: '/status', value: 'requested' },
      { op: 'replace', path: '/status', value: 'accepted' },
      { op: 'add', path: '/executionPeriod', value: { start: '2030-01-15T09:00:00+07:00' } },
    ], { 'if-match': before.etag! });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'accepted', meta: { versionId: '3' }, executionPeriod: { start: '2030-01-15T02:00:00.000Z' } });
    expect(res.etag).toBe('W/"3"');
    const seen = await graphqlReferral(r1);
    expect(seen.status).toBe('ACCEPTED');
    expect(seen.events.at(-1)).toMatchObject({ fromStatus: 'SENT', toStatus: 'ACCEPTED', action: 'accept', actorKind: 'RECEIVER', actorId: hospital.id });
    const [audit] = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'REFERRAL_ACCEPT'`, [r1]);
    expect(audit.n).toBe(1);
    const requested = await fhir('GET', `Task?owner=Organization/${org.rsud}&status=requested`, hospital.token);
    expect(requested.body.total).toBe(1);
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const res = await fhir('PATCH', `Task/${r1}`, hospital.token, [{ op: 'replace', path: '/status', value: 'in-progress' }], { 'if-match': 'W/"2"' });
    expect(res.status).toBe(412);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect((await graphqlReferral(r1)).status).toBe('ACCEPTED');
  });

  it('declines with a statusReason mapped to the decline reason codes', async () => {
    const missing = await fhir('PATCH', `Task/${r2}`, hospital.token, [{ op: 'replace', path: '/status', value: 'rejected' }]);
    expect(missing.status).toBe(400);
    expect(missing.body.issue[0]).toMatchObject({ code: 'invalid', expression: ['statusReason'] });
    const res = await fhir('PATCH', `Task/${r2}`, hospital.token, [
      { op: 'replace', path: '/status', value: 'rejected' },
      { op: 'add', path: '/statusReason', value: { coding: [{ system: 'https://rujuk.id/fhir/CodeSystem/decline-reason', code: 'NO_CAPACITY' }], text: 'Ruang rawat penuh' } },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', statusReason: { coding: [{ code: 'NO_CAPACITY' }], text: 'Ruang rawat penuh' } });
    const seen = await graphqlReferral(r2);
    expect(seen).toMatchObject({ status: 'DECLINED', declineReason: 'NO_CAPACITY', statusReason: 'Ruang rawat penuh' });
    expect(seen.events.at(-1)).toMatchObject({ toStatus: 'DECLINED', action: 'decline', actorKind: 'RECEIVER', reason: 'NO_CAPACITY: Ruang rawat penuh' });
  });

  it('refuses an illegal transition with 409 OperationOutcome', async () => {
    const res = await fhir('PATCH', `Task/${r2}`, hospital.token, [{ op: 'replace', path: '/status', value: 'in-progress' }]);
    expect(res.status).toBe(409);
    expect(res.body.issue[0]).toMatchObject({ severity: 'error', code: 'business-rule', details: { coding: [{ code: 'INVALID_TRANSITION' }] } });
    expect((await graphqlReferral(r2)).status).toBe('DECLINED');
    const draftish = await fhir('PATCH', `Task/${r1}`, hospital.token, [{ op: 'replace', path: '/status', value: 'ready' }]);
    expect(draftish.status).toBe(409);
    const foreign = await fhir('PATCH', `Task/${r1}`, hospital.token, [{ op: 'replace', path: '/owner', value: { reference: 'Organization/x' } }]);
    expect(foreign.status).toBe(400);
    expect(foreign.body.issue[0].expression).toEqual(['body[0].path']);
  });

  it('starts with PUT and completes with the outcome in output', async () => {
    const current = (await fhir('GET', `Task/${r1}`, hospital.token)).body;
    const started = await fhir('PUT', `Task/${r1}`, hospital.token, { ...current, status: 'in-progress' }, { 'if-match': `W/"${current.meta.versionId}"` });
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('in-progress');
    const noOutcome = await fhir('PATCH', `Task/${r1}`, hospital.token, [{ op: 'replace', path: '/status', value: 'completed' }]);
    expect(noOutcome.status).toBe(400);
    const done = await fhir('PATCH', `Task/${r1}`, hospital.token, [
      { op: 'replace', path: '/status', value: 'completed' },
      { op: 'add', path: '/output', value: [{ type: { text: 'outcome' }, valueCodeableConcept: { coding: [{ system: 'https://rujuk.id/fhir/CodeSystem/referral-outcome', code: 'NEED_MET' }] } }] },
    ]);
    expect(done.status).toBe(200);
    expect(done.body.output[0].valueCodeableConcept.coding[0]).toMatchObject({ code: 'NEED_MET' });
    const seen = await graphqlReferral(r1);
    expect(seen).toMatchObject({ status: 'COMPLETED', outcome: 'NEED_MET' });
    expect(seen.events.map((e: { action: string }) => e.action)).toEqual(['create', 'send', 'accept', 'start', 'complete']);
  });

  it("keeps another organisation's Tasks from a partner: 403 on search, 404 on read and change; 401 without a token", async () => {
    const search = await fhir('GET', `Task?owner=Organization/${org.rsud}`, otherHospital.token);
    expect(search.status).toBe(403);
    expect(search.body.issue[0].code).toBe('forbidden');
    expect((await fhir('GET', `Task/${r2}`, otherHospital.token)).status).toBe(404);
    expect((await fhir('GET', `ServiceRequest/${r2}`, otherHospital.token)).status).toBe(404);
    expect((await fhir('GET', `Patient/${r2}`, otherHospital.token)).status).toBe(404);
    expect((await fhir('PATCH', `Task/${r3}`, hospital.token, [{ op: 'replace', path: '/status', value: 'accepted' }])).status).toBe(404);
    const own = await fhir('GET', `Task?owner=Organization/${org['rs-lain']}&status=requested`, otherHospital.token);
    expect(own.body.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([r3]);
    const anonymous = await fhir('GET', `Task?owner=Organization/${org.rsud}`, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.issue[0].code).toBe('login');
    expect((await fhir('GET', 'Task', hospital.token)).status).toBe(400);
    expect((await fhir('GET', `Task?owner=${org.rsud}&status=bogus`, hospital.token)).status).toBe(400);
    expect((await fhir('GET', 'Task/not-a-uuid', hospital.token)).status).toBe(400);
  });

  it('gives the Patient and ServiceRequest only consented data, never the NIK', async () => {
    const fresh = await referral('rsud', { categories: ['IDENTITY'] });
    const sr = await fhir('GET', `ServiceRequest/${fresh}`, hospital.token);
    expect(sr.status).toBe(200);
    expect(sr.body).toMatchObject({
      resourceType: 'ServiceRequest', status: 'active', intent: 'order', subject: { reference: `Patient/${fresh}` },
      performer: [{ reference: `Organization/${org.rsud}` }, { reference: `HealthcareService/${svc.rsud}` }],
    });
    expect(sr.body.reasonCode).toBeUndefined(); // NEEDS_SUMMARY was not consented
    expect(sr.text).not.toContain('visum');
    const patient = await fhir('GET', `Patient/${fresh}`, hospital.token);
    expect(patient.body).toMatchObject({ resourceType: 'Patient', id: fresh, gender: 'female', birthDate: '1994-03-12' });
    expect(patient.body.identifier).toEqual([{ system: 'https://rujuk.id/fhir/sid/client', value: expect.any(String) }]);
    expect(patient.body.name[0].text).toMatch(/^Ibu Sari/);
    expect(patient.body.telecom).toBeUndefined(); // CONTACT was not consented
    expect(patient.text).not.toContain('0800-7777-9999');
    expect(patient.text).not.toContain('Tersembunyi');
    for (const text of [sr.text, patient.text]) {
      expect(text).not.toContain(NIK_PREFIX);
    }

    const withNeed = await fhir('GET', `ServiceRequest/${r2}`, hospital.token);
    expect(withNeed.body.status).toBe('revoked');
    const sharedNeed = await fhir('GET', `ServiceRequest/${r1}`, hospital.token);
    expect(sharedNeed.body.reasonCode[0].coding[0]).toMatchObject({ code: 'WANITA_KORBAN_KEKERASAN' });
    expect(sharedNeed.body.note.map((n: { text: string }) => n.text)).toContain('Kebutuhan (need): Luka ringan, butuh visum');

    const anonymous = await referral('rsud', { withoutIdentifyingData: true });
    const nobody = await fhir('GET', `Patient/${anonymous}`, hospital.token);
    expect(nobody.body.identifier).toBeUndefined();
    expect(nobody.body.name).toBeUndefined();
    expect(nobody.body.birthDate).toBeUndefined();
    const [reads] = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'CLIENT_SHARED_READ' AND details->>'referralId' = $1`, [fresh]);
    expect(reads.n).toBe(2);
  });

  it('publishes the directory as Organization (with the SATUSEHAT number), HealthcareService and Location', async () => {
    const o = await fhir('GET', `Organization/${org.rsud}`, hospital.token);
    expect(o.body.identifier).toEqual(expect.arrayContaining([{ use: 'official', system: 'http://sys-ids.kemkes.go.id/organization', value: '100011961' }]));
    expect(o.body.name).toBe('Org rsud');
    const plain = await fhir('GET', `Organization/${org['rs-lain']}`, hospital.token);
    expect(plain.body.identifier.map((i: { system: string }) => i.system)).toEqual(['https://rujuk.id/fhir/sid/organization']);
    const hs = await fhir('GET', `HealthcareService/${svc.shelter}`, hospital.token);
    expect(hs.body).toMatchObject({ resourceType: 'HealthcareService', providedBy: { reference: `Organization/${org.shelter}` }, location: [{ reference: `Location/${shelterLocation}` }] });
    const loc = await fhir('GET', `Location/${shelterLocation}`, hospital.token);
    expect(loc.body.position).toBeUndefined();
    expect(loc.body.address.line).toBeUndefined();
    expect(loc.text).not.toContain('Tersembunyi');
    const shelterStaff = await userWithToken(t, 'PARTNER_STAFF', { organizationId: org.shelter });
    const own = await fhir('GET', `Location/${shelterLocation}`, shelterStaff.token);
    expect(own.body).toMatchObject({ address: { line: ['Jl. Tersembunyi 1'] }, position: { latitude: -6.88, longitude: 107.54 } });
    expect((await fhir('GET', 'Organization/00000000-0000-4000-8000-000000000000', hospital.token)).status).toBe(404);
  });

  it('answers a malformed body with an OperationOutcome and the right status, changing nothing', async () => {
    /** A request with the body as raw text (what a broken client sends), answered as FHIR. */
    async function raw(method: 'PATCH' | 'PUT', body: string, contentType: string) {
      const res = await fetch(`${t.url}/fhir/Task/${r3}`, {
        method, headers: { accept: FHIR, 'accept-language': 'en', authorization: `Bearer ${otherHospital.token}`, 'content-type': contentType }, body,
      });
      const text = await res.text();
      expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
      const json = JSON.parse(text);
      expect({ body, errors: fhirErrors(json) }).toEqual({ body, errors: [] });
      expect(json.resourceType).toBe('OperationOutcome');
      return { status: res.status, issue: json.issue[0] };
    }
    const before = await graphqlReferral(r3);

    // Not JSON at all: 400, a structural issue naming the body.
    const brokenPatch = await raw('PATCH', '[{"op": "replace", "path": "/status", ', 'application/json-patch+json');
    expect(brokenPatch).toMatchObject({ status: 400, issue: { severity: 'error', code: 'structure', expression: ['body'], details: { coding: [{ code: 'BAD_USER_INPUT' }] } } });
    expect(brokenPatch.issue.diagnostics).toMatch(/^body: is not valid JSON/);
    expect(await raw('PUT', '{"resourceType": "Task", status: accepted}', FHIR)).toMatchObject({ status: 400, issue: { code: 'structure', expression: ['body'] } });
    expect(await raw('PUT', '', FHIR)).toMatchObject({ status: 400, issue: { code: 'invalid', expression: ['body'] } });

    // JSON, but not a Task: 400 naming resourceType (or the body when it is not a resource at all).
    const current = (await fhir('GET', `Task/${r3}`, otherHospital.token)).body;
    expect(await raw('PUT', JSON.stringify({ ...current, resourceType: 'ServiceRequest' }), FHIR)).toMatchObject({ status: 400, issue: { code: 'invalid', expression: ['resourceType'] } });
    expect(await raw('PUT', JSON.stringify({ status: 'accepted' }), FHIR)).toMatchObject({ status: 400, issue: { code: 'invalid', expression: ['resourceType'] } });
    expect(await raw('PUT', '[]', FHIR)).toMatchObject({ status: 400, issue: { code: 'invalid', expression: ['body'] } });
    // (a bare value is refused by the parser already: JSON resources are objects)
    for (const notResource of ['"accepted"', '42', 'null']) expect(await raw('PUT', notResource, FHIR)).toMatchObject({ status: 400, issue: { expression: ['body'] } });

    // JSON, but not a JSON Patch: 400 naming the body or the operation at fault.
    expect(await raw('PATCH', JSON.stringify({ op: 'replace', path: '/status', value: 'accepted' }), 'application/json-patch+json')).toMatchObject({ status: 400, issue: { code: 'invalid', expression: ['body'] } });
    expect(await raw('PATCH', '[]', 'application/json-patch+json')).toMatchObject({ status: 400, issue: { expression: ['body'] } });
    expect(await raw('PATCH', JSON.stringify([{ op: 'replace', value: 'accepted' }]), 'application/json-patch+json')).toMatchObject({ status: 400, issue: { expression: ['body[0]'] } });
    expect(await raw('PATCH', JSON.stringify([{ op: 'move', from: '/status', path: '/status' }]), 'application/json-patch+json')).toMatchObject({ status: 400, issue: { expression: ['body[0].op'] } });
    expect(await raw('PATCH', JSON.stringify([{ op: 'remove', path: '/status/x/y' }]), 'application/json-patch+json')).toMatchObject({ status: 400, issue: { expression: ['body'] } });
    expect(await raw('PATCH', JSON.stringify([{ op: 'replace', path: '/status', value: 42 }]), 'application/json-patch+json')).toMatchObject({ status: 400, issue: { expression: ['status'] } });
    // A body over the limit: 413; a body in another format: 415.
    expect(await raw('PATCH', `[${' '.repeat(2 * 1024 * 1024)}]`, 'application/json-patch+json')).toMatchObject({ status: 413, issue: { code: 'too-long', expression: ['body'] } });
    expect(await raw('PATCH', 'status=accepted', 'application/x-www-form-urlencoded')).toMatchObject({ status: 415, issue: { code: 'not-supported', expression: ['Content-Type'] } });

    expect(await graphqlReferral(r3)).toEqual(before);
  });

  it('serves the CapabilityStatement and the decline-reason CodeSystem', async () => {
    const cap = await fhir('GET', 'metadata', hospital.token);
    expect(cap.body).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
    const cs = await fhir('GET', 'CodeSystem/decline-reason', hospital.token);
    expect(cs.body.concept.map((c: { code: string }) => c.code)).toEqual(['NO_CAPACITY', 'NOT_ELIGIBLE', 'OUTSIDE_SERVICE_AREA', 'SERVICE_NOT_OFFERED', 'CLIENT_UNREACHABLE', 'CLIENT_DECLINED', 'DUPLICATE', 'OTHER']);
    expect(new Set(validated)).toEqual(new Set(['Bundle', 'Task', 'OperationOutcome', 'ServiceRequest', 'Patient', 'Organization', 'HealthcareService', 'Location', 'CapabilityStatement', 'CodeSystem']));
  });
});
