import { DEFAULT_MATCH_WEIGHTS } from '../../src/config/app-config';
import { buildCandidateQuery, candidateRows } from '../../src/matching/candidate.query';
import { MatchProfile, rankMatches, Weights } from '../../src/matching/scoring';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';

/**
 * A fixture network where each hard criterion excludes exactly one service, for a 12-year-old girl in
 * village 32.77.01.1001 (Kota Cimahi) who speaks Sundanese, with need ANAK_KORBAN_KEKERASAN.
 */
describe('matching over HTTP', () => {
  let t: TestApp;
  let admin: string;
  let cm: { id: string; token: string };
  let needId: string;
  let orgId: string;
  const ids: Record<string, string> = {};
  const locations: Record<string, string> = {};

  const MATCH = `query($i: MatchInput!) { matchServices(input: $i) {
    runId
    candidates { service { id name } score distanceKm reasons components { name value weight } location { name } }
    excluded { service { id name } failedCriteria reasons } } }`;

  async function service(key: string, over: Record<string, unknown>, locationId?: string) {
    const d = await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, { i: {
      organizationId: orgId, name: key, needCategories: ['ANAK_KORBAN_KEKERASAN'], serviceTypes: ['KONSELING'], areaCodes: ['32.77'], languages: ['id', 'su'],
      locationIds: locationId ? [locationId] : [], ...over,
    } }, admin));
    ids[key] = d.createService.id;
  }

  beforeAll(async () => {
    t = await startApp();
    admin = (await userWithToken(t, 'ADMIN')).token;
    const org = await ok(gql(t, `mutation { createOrganization(input: { name: "Jaringan Uji", partnerKind: "LSM", regionCode: "32.77" }) { id } }`, {}, admin));
    orgId = org.createOrganization.id;
    const near = await ok(gql(t, `mutation($i: CreateLocationInput!) { createLocation(input: $i) { id } }`, { i: { organizationId: orgId, name: 'Dekat', regionCode: '32.77.01.1001', latitude: -6.8800, longitude: 107.5400 } }, admin));
    const far = await ok(gql(t, `mutation($i: CreateLocationInput!) { createLocation(input: $i) { id } }`, { i: { organizationId: orgId, name: 'Jauh', regionCode: '32.77.03.1001', latitude: -6.8500, longitude: 107.5600 } }, admin));
    locations.near = near.createLocation.id;
    locations.far = far.createLocation.id;
    await service('room', { capacity: { available: 5, maximum: 10 } }, far.createLocation.id);
    await service('full-via-province', { areaCodes: ['32'], capacity: { available: 0, maximum: 10 } }, near.createLocation.id);
    await service('x-category', { needCategories: ['LANSIA_TERLANTAR'] });
    await service('x-area', { areaCodes: ['32.77.02'] });
    await service('x-age', { minimumAge: 13 });
    await service('x-sex', { sex: 'MALE' });
    await service('x-status', { status: 'INACTIVE' });
    await service('x-referrals', { acceptsReferrals: false });
    await service('x-type', { serviceTypes: ['PEMBERDAYAAN_EKONOMI'] });

    cm = await userWithToken(t, 'CASE_MANAGER', { organizationId: orgId });
    const today = new Date();
    const birth = new Date(Date.UTC(today.getUTCFullYear() - 12, today.getUTCMonth(), today.getUTCDate() - 10)).toISOString().slice(0, 10);
    const reg = await ok(gql(t, `mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }`, { i: {
      fullName: 'Anak Uji', birthDate: birth, sex: 'FEMALE', regionCode: '32.77.01.1001', latitude: -6.8810, longitude: 107.5410, languages: ['su'],
    } }, cm.token));
    const kase = await ok(gql(t, `mutation($c: ID!) { openCase(input: { clientId: $c }) { id } }`, { c: reg.registerClient.client.id }, cm.token));
    const need = await ok(gql(t, `mutation($c: ID!) { addNeed(input: { caseId: $c, category: "ANAK_KORBAN_KEKERASAN", severity: HIGH }) { id } }`, { c: kase.openCase.id }, cm.token));
    needId = need.addNeed.id;
  });
  afterAll(() => t.close());

  it('names the one failed criterion of each excluded service and ranks a full service below one with room', async () => {
    const r = (await ok(gql(t, MATCH, { i: { needId } }, cm.token))).matchServices;
    expect(r.candidates.map((c: any) => c.service.name)).toEqual(['room', 'full-via-province']);
    expect(r.candidates[0].score).toBeGreaterThan(r.candidates[1].score);
    // The full one is nearer: capacity outweighs distance here, and the components show why.
    expect(r.candidates[1].distanceKm).toBeLessThan(r.candidates[0].distanceKm);
    const cap = (c: any) => c.components.find((x: any) => x.name === 'capacity').value;
    expect(cap(r.candidates[0])).toBe(1);
    expect(cap(r.candidates[1])).toBe(0);
    const excluded = Object.fromEntries(r.excluded.map((e: any) => [e.service.name, e.failedCriteria]));
    expect(excluded).toEqual({
      'x-category': ['CATEGORY_NOT_SERVED'],
      'x-area': ['OUTSIDE_SERVICE_AREA'],
      'x-age': ['BELOW_MINIMUM_AGE'],
      'x-sex': ['SEX_NOT_SERVED'],
      'x-status': ['NOT_ACTIVE'],
      'x-referrals': ['NOT_ACCEPTING_REFERRALS'],
      'x-type': ['SERVICE_TYPE_NOT_OFFERED'],
    });
  });

  it('sends the ranking only rows it can keep: the same results as ranking every candidate row', async () => {
    const rank = async (profile: MatchProfile, limit: number, nearMisses: number, weights: Weights, point: boolean, preLimit: boolean) => {
      const q = buildCandidateQuery({
        category: profile.category, regionCode: profile.regionCode, latitude: point ? -6.881 : null, longitude: point ? 107.541 : null,
        clientId: null, nearMisses, emergency: profile.emergency, ranking: preLimit ? { limit, weights, maxDistanceKm: 25, profile } : undefined,
      });
      const rows = candidateRows(await t.db.query(q.sql, q.params));
      const r = rankMatches(profile, rows, weights, { maxDistanceKm: 25, maxExcluded: nearMisses, limit });
      return { rows: rows.length, result: JSON.stringify([r.candidates, r.excluded]) };
    };
    const base: MatchProfile = { category: 'ANAK_KORBAN_KEKERASAN', age: 12, sex: 'F', regionCode: '32.77.01.1001', languages: ['su'], serviceTypes: [] };
    const profiles: MatchProfile[] = [
      base,
      { ...base, age: 14, sex: 'M', languages: [] },
      { ...base, age: null, sex: null, languages: ['jv'], serviceTypes: ['KONSELING'] },
      { ...base, serviceTypes: ['KONSELING', 'VISUM'], emergency: true },
      { ...base, serviceTypes: ['PEMBERDAYAAN_EKONOMI'] },
      { ...base, regionCode: '32.77' },
      { ...base, regionCode: null },
    ];
    const capacityFirst = { ...DEFAULT_MATCH_WEIGHTS, distance: 0, capacity: 1 };
    let fewer = 0;
    for (const profile of profiles) {
      for (const [limit, nearMisses] of [[1, 1], [1, 3], [2, 2], [20, 10]]) {
        for (const weights of [DEFAULT_MATCH_WEIGHTS, capacityFirst]) {
          for (const point of [true, false]) {
            const all = await rank(profile, limit, nearMisses, weights, point, false);
            const kept = await rank(profile, limit, nearMisses, weights, point, true);
            expect(kept.result).toEqual(all.result);
            if (kept.rows < all.rows) fewer++;
          }
        }
      }
    }
    expect(fewer).toBeGreaterThan(0);
  });

  it('explains in Indonesian by default, including coverage through the province, and in English when asked', async () => {
    const r = (await ok(gql(t, MATCH, { i: { needId } }, cm.token, { 'accept-language': '' }))).matchServices;
    const viaProvince = r.candidates.find((c: any) => c.service.name === 'full-via-province');
    expect(viaProvince.reasons).toContain('Melayani wilayah klien melalui Jawa Barat');
    expect(viaProvince.reasons).toContain('Penuh');
    expect(viaProvince.reasons).toContain('Berbahasa su');
    const en = (await ok(gql(t, MATCH, { i: { needId } }, cm.token, { 'accept-language': 'en' }))).matchServices;
    expect(en.candidates[0].reasons).toContain('5 places available');
  });

  it('stores every run in order, and marks the need with the result count', async () => {
    const r = (await ok(gql(t, MATCH, { i: { needId, limit: 1 } }, cm.token))).matchServices;
    const [run] = await t.db.query(`SELECT actor_id, need_id, need_category, candidate_ids, result_count FROM match_run WHERE id = $1`, [r.runId]);
    expect(run).toEqual({ actor_id: cm.id, need_id: needId, need_category: 'ANAK_KORBAN_KEKERASAN', candidate_ids: [ids.room], result_count: 1 });
    const [need] = await t.db.query(`SELECT last_match_result_count FROM need WHERE id = $1`, [needId]);
    expect(need.last_match_result_count).toBe(1);
  });

  it('records a run that found nothing', async () => {
    const r = (await ok(gql(t, MATCH, { i: { needCategory: 'KORBAN_BENCANA_ALAM', profile: { regionCode: '32.77.01.1001', age: 40 } } }, cm.token))).matchServices;
    expect(r.candidates).toEqual([]);
    const [run] = await t.db.query(`SELECT result_count, region_code, need_id FROM match_run WHERE id = $1`, [r.runId]);
    expect(run).toEqual({ result_count: 0, region_code: '32.77.01.1001', need_id: null });
  });

  it('keeps another organisation out of a need, and checks inputs', async () => {
    const [other] = await t.db.query(`INSERT INTO organization (name, partner_kind, region_code) VALUES ('Lain', 'LK3', '32.73') RETURNING id`);
    const stranger = await userWithToken(t, 'CASE_MANAGER', { organizationId: other.id });
    await expect(errorOf(gql(t, MATCH, { i: { needId } }, stranger.token))).resolves.toMatchObject({ code: 'NOT_FOUND' });
    await expect(errorOf(gql(t, MATCH, { i: { needCategory: 'NOPE' } }, cm.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.needCategory' });
    await expect(errorOf(gql(t, MATCH, { i: { needCategory: 'ODHA', profile: { regionCode: '99.99' } } }, cm.token))).resolves.toMatchObject({ field: 'input.profile.regionCode' });
  });

  it('measures distance from the locations a service is linked to now, leaving out confidential ones', async () => {
    const distances = async () => {
      const r = (await ok(gql(t, MATCH, { i: { needId } }, cm.token))).matchServices;
      return Object.fromEntries(r.candidates.map((c: any) => [c.service.name, [c.distanceKm, c.location?.name ?? null]]));
    };
    const before = await distances();
    expect(before.room[1]).toBe('Jauh');
    const linkRoom = (locationIds: string[]) =>
      ok(gql(t, `mutation($i: UpdateServiceInput!) { updateService(input: $i) { id } }`, { i: { id: ids.room, locationIds } }, admin));

    await linkRoom([locations.far, locations.near]);
    expect((await distances()).room).toEqual(before['full-via-province']);

    await t.db.query(`UPDATE location SET confidential = true WHERE id = $1`, [locations.near]);
    const hidden = await distances();
    expect(hidden.room).toEqual(before.room);
    expect(hidden['full-via-province']).toEqual([null, null]);

    await t.db.query(`UPDATE location SET confidential = false WHERE id = $1`, [locations.near]);
    await linkRoom([locations.far]);
    expect(await distances()).toEqual(before);
  });

  it("follows a service's categories and areas and its organisation's region and activity into the near misses", async () => {
    const excluded = async () => {
      const r = (await ok(gql(t, MATCH, { i: { needId } }, cm.token))).matchServices;
      return Object.fromEntries(r.excluded.map((e: any) => [e.service.name, e.failedCriteria]));
    };
    const org = await ok(gql(t, `mutation { createOrganization(input: { name: "Jaringan Bandung", partnerKind: "LSM", regionCode: "32.73" }) { id } }`, {}, admin));
    const other = org.createOrganization.id;
    const created = await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, { i: {
      organizationId: other, name: 'elsewhere', needCategories: ['ANAK_KORBAN_KEKERASAN'], serviceTypes: ['KONSELING'], areaCodes: ['32.73'], languages: ['id'],
    } }, admin));
    const update = (i: Record<string, unknown>) =>
      ok(gql(t, `mutation($i: UpdateServiceInput!) { updateService(input: $i) { id } }`, { i: { id: created.createService.id, ...i } }, admin));
    // An organisation of another regency: not a near miss.
    expect((await excluded()).elsewhere).toBeUndefined();
    // It moves into the client's regency: the category is served nearby, outside the area.
    await ok(gql(t, `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { id } }`, { i: { id: other, regionCode: '32.77.02' } }, admin));
    expect((await excluded()).elsewhere).toEqual(['OUTSIDE_SERVICE_AREA']);
    // Its organisation stops working: left out, then back when it resumes.
    const setActive = (active: boolean) =>
      ok(gql(t, `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { id } }`, { i: { id: other, active } }, admin));
    await setActive(false);
    expect((await excluded()).elsewhere).toBeUndefined();
    await setActive(true);
    expect((await excluded()).elsewhere).toEqual(['OUTSIDE_SERVICE_AREA']);
    // It stops serving the category: neither served nearby nor covering the place.
    await update({ needCategories: ['LANSIA_TERLANTAR'] });
    expect((await excluded()).elsewhere).toBeUndefined();
    // It covers the client's district: the area is covered, not the category.
    await update({ areaCodes: ['32.77.01'] });
    expect((await excluded()).elsewhere).toEqual(['CATEGORY_NOT_SERVED']);
  });

  it('shows each service, organisation and location as the directory does, whatever fields, fragments and aliases the request selects', async () => {
    const SERVICE = `fragment S on Service {
      id name description needCategories serviceTypes minimumAge maximumAge sex requiredDocuments free costDescription languages areaCodes
      status acceptsReferrals acceptanceDeadline { emergencyMinutes urgentMinutes routineMinutes }
      capacity { available maximum unit updatedAt waitlistOpen } hasCapacity verifiedAt verifiedBy staleSince createdAt updatedAt version
      locations { id name } }`;
    const ORG = `fragment O on Organization { id name partnerKind description website email phones { number } legalStatus regionCode region { name } active createdAt updatedAt version }`;
    const LOCATION = `fragment L on Location { id organizationId name description addressLine postalCode regionCode latitude longitude timeZone accessibility confidential addressHidden }`;
    const q = `query($i: MatchInput!, $org: Boolean!) { matchServices(input: $i) {
      candidates { service { ...S label: name organization @include(if: $org) { ...O } } location { ...L } }
      excluded { service { id capacity { available } ... on Service { hasCapacity organization { name } } } } } }
      ${SERVICE} ${ORG} ${LOCATION}`;
    // A candidate with every field set (the fixture's are mostly empty), so a column left unread would show.
    const place = await ok(gql(t, `mutation($i: CreateLocationInput!) { createLocation(input: $i) { id } }`, { i: {
      organizationId: orgId, name: 'Lengkap', description: 'Lantai 2', addressLine: 'Jl. Uji 1', postalCode: '40512', regionCode: '32.77.01.1001',
      latitude: -6.8805, longitude: 107.5405, accessibility: 'Ramp', timeZone: 'Asia/Jakarta',
    } }, admin));
    await service('rich', {
      description: 'Konseling anak', serviceTypes: ['KONSELING'], minimumAge: 6, maximumAge: 17, sex: 'FEMALE', requiredDocuments: ['KK'],
      free: false, costDescription: 'Rp 10.000', capacity: { available: 3, maximum: 9, unit: 'sesi', waitlistOpen: true },
      acceptanceDeadline: { emergencyMinutes: 30, urgentMinutes: 600, routineMinutes: 2880 },
    }, place.createLocation.id);
    await ok(gql(t, `mutation($id: ID!) { verifyService(id: $id) { id } }`, { id: ids.rich }, admin));
    await ok(gql(t, `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { id } }`, { i: {
      id: orgId, description: 'Jaringan', website: 'https://uji.example', email: 'uji@example.org', phones: [{ number: '+62 22 123' }], legalStatus: 'Yayasan',
    } }, admin));
    const withOrg = (await ok(gql(t, q, { i: { needId }, org: true }, cm.token))).matchServices;
    const rich = withOrg.candidates.find((c: any) => c.service.id === ids.rich);
    expect(rich.service).toMatchObject({ description: 'Konseling anak', capacity: { unit: 'sesi', waitlistOpen: true }, organization: { website: 'https://uji.example' } });
    expect(rich.service.verifiedAt).not.toBeNull();
    expect(rich.location).toMatchObject({ addressLine: 'Jl. Uji 1', postalCode: '40512', accessibility: 'Ramp' });
    for (const c of withOrg.candidates) {
      const d = await ok(gql(t, `query($id: ID!) { service(id: $id) { ...S organization { ...O } at: locations { ...L } } } ${SERVICE} ${ORG} ${LOCATION}`,
        { id: c.service.id }, cm.token));
      const { label, ...service } = c.service;
      const { at, ...expected } = d.service;
      expect(label).toBe(expected.name);
      expect(service).toEqual(expected);
      expect(c.location).toEqual(at.find((l: any) => l.id === c.location.id));
    }
    for (const e of withOrg.excluded) {
      const d = await ok(gql(t, `query($id: ID!) { service(id: $id) { id capacity { available } hasCapacity organization { name } } }`, { id: e.service.id }, cm.token));
      expect(e.service).toEqual(d.service);
    }
    const withoutOrg = (await ok(gql(t, q, { i: { needId }, org: false }, cm.token))).matchServices;
    expect(withoutOrg.candidates.map((c: any) => 'organization' in c.service)).toEqual(withOrg.candidates.map(() => false));
    expect(withoutOrg.candidates.map((c: any) => c.service.id)).toEqual(withOrg.candidates.map((c: any) => c.service.id));
  });
});
