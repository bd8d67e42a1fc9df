import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';

/**
 * A small network built so that each search filter, if ignored, changes the answer.
 *  konseling  LK3 Cimahi      area 32.77 (Kota Cimahi)   free, id+su, Mon-Fri 08-16 WIB, no capacity tracking
 *  visum      RSUD Cibabat    area 32 (Jawa Barat)       paid, capacity 3/10, open 24h
 *  shelter    Rumah Aman      area 32.73 + 32.77         women only, full (0/8), confidential location
 *  papua      Yayasan Papua   area 91 (Papua)            Mon 08-12 WIT (Asia/Jayapura)
 *  legal      LBH Bandung     area 32.73 (Kota Bandung)  adults 18+, id+en, does not accept referrals
 */
describe('directory: searchServices over HTTP', () => {
  let t: TestApp;
  let admin: string;
  const ids: Record<string, string> = {};
  const orgs: Record<string, string> = {};

  const SEARCH = `query($f: ServiceSearchFilter, $first: Int, $after: String) {
    searchServices(filter: $f, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id name distanceKm locations { name addressLine latitude longitude regionCode addressHidden } } }
    }}`;

  async function names(filter: Record<string, unknown>, token = admin): Promise<string[]> {
    const d = await ok(gql(t, SEARCH, { f: filter, first: 50 }, token));
    return d.searchServices.edges.map((e: any) => e.node.name);
  }

  async function org(key: string, input: Record<string, unknown>) {
    const d = await ok(gql(t, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, { i: input }, admin));
    orgs[key] = d.createOrganization.id;
  }
  async function location(orgKey: string, input: Record<string, unknown>): Promise<string> {
    const d = await ok(gql(t, `mutation($i: CreateLocationInput!) { createLocation(input: $i) { id } }`, {
      i: { organizationId: orgs[orgKey], ...input },
    }, admin));
    return d.createLocation.id;
  }
  async function service(key: string, orgKey: string, input: Record<string, unknown>) {
    const d = await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, {
      i: { organizationId: orgs[orgKey], ...input },
    }, admin));
    ids[key] = d.createService.id;
  }
  const weekdays = (opensAt: string, closesAt: string, days = [1, 2, 3, 4, 5]) => days.map((weekday) => ({ weekday, opensAt, closesAt }));

  beforeAll(async () => {
    t = await startApp();
    admin = (await userWithToken(t, 'ADMIN')).token;
    await org('lk3', { name: 'LK3 Kota Cimahi', partnerKind: 'LK3', regionCode: '32.77' });
    await org('rsud', { name: 'RSUD Cibabat', partnerKind: 'RUMAH_SAKIT', regionCode: '32.77.03' });
    await org('shelter', { name: 'Yayasan Rumah Aman Perempuan', partnerKind: 'LSM', regionCode: '32.73' });
    await org('papua', { name: 'Yayasan Peduli Anak Papua', partnerKind: 'LSM', regionCode: '91.71' });
    await org('lbh', { name: 'LBH Bandung', partnerKind: 'LBH', regionCode: '32.73' });

    const lk3Loc = await location('lk3', {
      name: 'Kantor LK3', addressLine: 'Jl. Rd. Demang Hardjakusumah, Cimahi', regionCode: '32.77.02.1001',
      latitude: -6.8722, longitude: 107.5425, schedules: weekdays('08:00', '16:00'),
    });
    const rsudLoc = await location('rsud', {
      name: 'RSUD Cibabat IGD', addressLine: 'Jl. Jend. H. Amir Machmud 140', regionCode: '32.77.03.1001',
      latitude: -6.8850, longitude: 107.5510, schedules: weekdays('00:00', '24:00', [1, 2, 3, 4, 5, 6, 7]),
    });
    const shelterLoc = await location('shelter', {
      name: 'Rumah Aman', addressLine: 'Alamat dirahasiakan 12', regionCode: '32.77.01.1001',
      latitude: -6.8790, longitude: 107.5460, confidential: true, schedules: weekdays('00:00', '24:00', [1, 2, 3, 4, 5, 6, 7]),
    });
    const papuaLoc = await location('papua', {
      name: 'Sekretariat Abepura', regionCode: '91.71.03', latitude: -2.5916, longitude: 140.6690,
      timeZone: 'Asia/Jayapura', schedules: weekdays('08:00', '12:00', [1]),
    });
    const lbhLoc = await location('lbh', {
      name: 'Kantor LBH', addressLine: 'Jl. Ciumbuleuit, Bandung', regionCode: '32.73.20',
      latitude: -6.9147, longitude: 107.6098, schedules: weekdays('10:00', '17:00'),
    });

    await service('konseling', 'lk3', {
      name: 'Konseling Keluarga', description: 'Konseling untuk keluarga dengan masalah psikologis dan anak korban kekerasan',
      needCategories: ['KELUARGA_BERMASALAH_PSIKOLOGIS', 'ANAK_KORBAN_KEKERASAN'], serviceTypes: ['KONSELING'],
      areaCodes: ['32.77'], languages: ['id', 'su'], free: true, locationIds: [lk3Loc],
    });
    await service('visum', 'rsud', {
      name: 'Pemeriksaan Visum et Repertum', description: 'Pemeriksaan medis forensik bagi korban kekerasan',
      needCategories: ['ANAK_KORBAN_KEKERASAN', 'WANITA_KORBAN_KEKERASAN'], serviceTypes: ['VISUM', 'LAYANAN_MEDIS'],
      areaCodes: ['32'], languages: ['id'], free: false, costDescription: 'Tarif BLUD; gratis dengan surat polisi',
      capacity: { available: 3, maximum: 10, unit: 'pemeriksaan per hari' }, locationIds: [rsudLoc],
    });
    await service('shelter', 'shelter', {
      name: 'Rumah Aman Perempuan dan Anak', description: 'Perlindungan sementara bagi perempuan korban kekerasan',
      needCategories: ['WANITA_KORBAN_KEKERASAN', 'ANAK_KORBAN_KEKERASAN'], serviceTypes: ['RUMAH_PERLINDUNGAN'],
      areaCodes: ['32.73', '32.77'], sex: 'FEMALE', capacity: { available: 0, maximum: 8, unit: 'tempat tidur' },
      locationIds: [shelterLoc],
    });
    await service('papua', 'papua', {
      name: 'Layanan Perlindungan Anak Papua', needCategories: ['ANAK_KORBAN_KEKERASAN'], serviceTypes: ['PENDAMPINGAN'],
      areaCodes: ['91'], locationIds: [papuaLoc],
    });
    await service('legal', 'lbh', {
      name: 'Bantuan Hukum Gratis', description: 'Pelayanan pendampingan hukum bagi perempuan',
      needCategories: ['WANITA_KORBAN_KEKERASAN'], serviceTypes: ['BANTUAN_HUKUM'], areaCodes: ['32.73'],
      minimumAge: 18, languages: ['id', 'en'], acceptsReferrals: false, locationIds: [lbhLoc],
    });
  });

  afterAll(async () => {
    await t.close();
  });

  const ALL = ['Bantuan Hukum Gratis', 'Konseling Keluarga', 'Layanan Perlindungan Anak Papua', 'Pemeriksaan Visum et Repertum', 'Rumah Aman Perempuan dan Anak'];

  it('returns every active service without a filter, as a Relay connection with totalCount', async () => {
    expect((await names({})).sort()).toEqual(ALL);
    const page1 = await ok(gql(t, SEARCH, { first: 2 }, admin));
    expect(page1.searchServices.totalCount).toBe(5);
    expect(page1.searchServices.edges).toHaveLength(2);
    expect(page1.searchServices.pageInfo.hasNextPage).toBe(true);
    const page3 = await ok(gql(t, SEARCH, { first: 2, after: (await ok(gql(t, SEARCH, { first: 2, after: page1.searchServices.pageInfo.endCursor }, admin))).searchServices.pageInfo.endCursor }, admin));
    expect(page3.searchServices.edges).toHaveLength(1);
    expect(page3.searchServices.pageInfo.hasNextPage).toBe(false);
  });

  it('text: Indonesian stemming with stop words removed', async () => {
    expect(await names({ text: 'konseling keluarga' })).toEqual(['Konseling Keluarga']);
    // "layanan" stems to "layan" and finds "Pelayanan"; "yang" and "untuk" are stop words and do not exclude.
    expect(await names({ text: 'layanan hukum yang untuk perempuan' })).toEqual(['Bantuan Hukum Gratis']);
  });

  it('text: typo-tolerant organisation and service names', async () => {
    expect(await names({ text: 'Cibabt' })).toEqual(['Pemeriksaan Visum et Repertum']);
    expect(await names({ text: 'Konselng' })).toEqual(['Konseling Keluarga']);
  });

  it('text: the shared-trigram bound never refuses a name that word_similarity accepts (ASCII, accents, other scripts)', async () => {
    const words = ['Konseling', 'Keluarga', 'Perempuan', 'Rumah', 'Aman', 'Pendampingan', 'Cibabat', 'Ñandú', 'Pérez', 'Éka',
      'Jalan', 'Ĝardeno', 'Müller', 'ꦱꦼꦩꦂꦁ', 'Süßwaren', 'anak', 'Hukum', 'x', 'Lk3', 'Dinsos'];
    // Names of 2-5 words and queries of 1-2 words, some with a letter dropped (a typo).
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = () => words[Math.floor(rnd() * words.length)];
    const typo = (w: string) => {
      if (w.length <= 3 || rnd() < 0.5) return w;
      const i = 1 + Math.floor(rnd() * (w.length - 2));
      return w.slice(0, i) + w.slice(i + 1);
    };
    const pairs = Array.from({ length: 3000 }, () => ({
      q: Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => typo(pick())).join(' '),
      n: Array.from({ length: 2 + Math.floor(rnd() * 4) }, pick).join(' '),
    }));
    const [r] = await t.db.query(
      `SELECT count(*) FILTER (WHERE sim AND NOT bound)::int AS missed, count(*) FILTER (WHERE sim)::int AS similar,
              count(*) FILTER (WHERE NOT bound)::int AS refused
         FROM (SELECT word_similarity_commutator_op(p.n, p.q) AS sim,
                      icount(_int_inter(rujuk_trigram_keys(p.n), rujuk_trigram_keys(p.q)))
                        >= ceil(0.6 * cardinality(rujuk_trigram_keys(p.q)) - 1e-4) AS bound
                 FROM unnest($1::text[], $2::text[]) AS p(q, n)) x`,
      [pairs.map((p) => p.q), pairs.map((p) => p.n)],
    );
    expect(r.missed).toBe(0);
    expect(r.similar).toBeGreaterThan(200);
    expect(r.refused).toBeGreaterThan(1000);
  });

  it('needCategories and serviceTypes', async () => {
    expect((await names({ needCategories: ['ANAK_KORBAN_KEKERASAN'] })).sort()).toEqual(
      ['Konseling Keluarga', 'Layanan Perlindungan Anak Papua', 'Pemeriksaan Visum et Repertum', 'Rumah Aman Perempuan dan Anak'],
    );
    expect(await names({ serviceTypes: ['BANTUAN_HUKUM'] })).toEqual(['Bantuan Hukum Gratis']);
  });

  it('regionCode: a village is covered by services whose area is its regency or its province', async () => {
    expect((await names({ regionCode: '32.77.01.1001' })).sort()).toEqual(
      ['Konseling Keluarga', 'Pemeriksaan Visum et Repertum', 'Rumah Aman Perempuan dan Anak'],
    );
    // Province 32 covers a Bandung village too, Kota Cimahi's services do not.
    expect((await names({ regionCode: '32.73.20.1001', needCategories: ['WANITA_KORBAN_KEKERASAN'] })).sort()).toEqual(
      ['Bantuan Hukum Gratis', 'Pemeriksaan Visum et Repertum', 'Rumah Aman Perempuan dan Anak'],
    );
  });

  it('near: within the radius, ordered by distance, never through a confidential location', async () => {
    const d = await ok(gql(t, SEARCH, { f: { near: { latitude: -6.8855, longitude: 107.5512, radiusKm: 3 } } }, admin));
    const hits = d.searchServices.edges.map((e: any) => [e.node.name, e.node.distanceKm]);
    expect(hits.map((h: any) => h[0])).toEqual(['Pemeriksaan Visum et Repertum', 'Konseling Keluarga']);
    expect(hits[0][1]).toBeLessThan(hits[1][1]);
    expect(hits[1][1]).toBeGreaterThan(1);
    expect(hits[1][1]).toBeLessThan(3);
    const farther = await names({ near: { latitude: -6.8722, longitude: 107.5425, radiusKm: 20 } });
    expect(farther).toEqual(['Konseling Keluarga', 'Pemeriksaan Visum et Repertum', 'Bantuan Hukum Gratis']);
  });

  it('near with region, categories and text: distance per candidate, never through a confidential location', async () => {
    const near = { latitude: -6.8855, longitude: 107.5512, radiusKm: 3 };
    const d = await ok(gql(t, SEARCH, { f: { near, regionCode: '32.77.01.1001', needCategories: ['ANAK_KORBAN_KEKERASAN'] } }, admin));
    const hits = d.searchServices.edges.map((e: any) => [e.node.name, e.node.distanceKm]);
    // The shelter covers the village for this category, but its only location is confidential.
    expect(hits.map((h: any) => h[0])).toEqual(['Pemeriksaan Visum et Repertum', 'Konseling Keluarga']);
    expect(hits[0][1]).toBeLessThan(hits[1][1]);
    expect(d.searchServices.totalCount).toBe(2);
    expect(await names({ near, regionCode: '32.77.01.1001', needCategories: ['ANAK_KORBAN_KEKERASAN'], text: 'konselng' })).toEqual(['Konseling Keluarga']);
    expect(await names({ near: { ...near, radiusKm: 1 }, regionCode: '32.77.01.1001', needCategories: ['ANAK_KORBAN_KEKERASAN'] })).toEqual(['Pemeriksaan Visum et Repertum']);
  });

  it('search results carry their organisation (joined by the search itself) and hasCapacity', async () => {
    const d = await ok(gql(t, `query($f: ServiceSearchFilter) { searchServices(filter: $f) { edges { node {
      name hasCapacity organization { id name partnerKind regionCode active } } } } }`, { f: { needCategories: ['WANITA_KORBAN_KEKERASAN'] } }, admin));
    const byName = Object.fromEntries(d.searchServices.edges.map((e: any) => [e.node.name, e.node]));
    expect(byName['Rumah Aman Perempuan dan Anak']).toEqual({
      name: 'Rumah Aman Perempuan dan Anak', hasCapacity: false,
      organization: { id: orgs.shelter, name: 'Yayasan Rumah Aman Perempuan', partnerKind: 'LSM', regionCode: '32.73', active: true },
    });
    expect(byName['Bantuan Hukum Gratis'].hasCapacity).toBe(true);
    expect(byName['Bantuan Hukum Gratis'].organization).toMatchObject({ id: orgs.lbh, name: 'LBH Bandung', partnerKind: 'LBH' });
  });

  it('age, sex, languages, freeOnly, acceptsReferrals, hasCapacity', async () => {
    expect(await names({ age: 10 })).not.toContain('Bantuan Hukum Gratis');
    expect(await names({ age: 30 })).toContain('Bantuan Hukum Gratis');
    expect(await names({ sex: 'MALE' })).not.toContain('Rumah Aman Perempuan dan Anak');
    expect(await names({ sex: 'FEMALE' })).toContain('Rumah Aman Perempuan dan Anak');
    expect(await names({ languages: ['en'] })).toEqual(['Bantuan Hukum Gratis']);
    expect(await names({ languages: ['su'] })).toEqual(['Konseling Keluarga']);
    expect(await names({ freeOnly: true })).not.toContain('Pemeriksaan Visum et Repertum');
    expect((await names({ freeOnly: true })).length).toBe(4);
    expect(await names({ acceptsReferrals: true })).not.toContain('Bantuan Hukum Gratis');
    expect((await names({ acceptsReferrals: true })).length).toBe(4);
    expect(await names({ hasCapacity: true })).not.toContain('Rumah Aman Perempuan dan Anak');
    expect(await names({ hasCapacity: false })).toEqual(['Rumah Aman Perempuan dan Anak']);
  });

  it("openAt: in each location's own time zone (WIB and WIT)", async () => {
    // Monday 2026-11-23 02:00 UTC = 09:00 WIB = 11:00 WIT: the Papua office (08-12 WIT) is open.
    expect((await names({ openAt: '2026-11-23T02:00:00Z' })).sort()).toEqual(
      ['Konseling Keluarga', 'Layanan Perlindungan Anak Papua', 'Pemeriksaan Visum et Repertum', 'Rumah Aman Perempuan dan Anak'],
    );
    // 04:00 UTC = 11:00 WIB (LK3 open) = 13:00 WIT (Papua closed).
    expect(await names({ openAt: '2026-11-23T04:00:00Z' })).not.toContain('Layanan Perlindungan Anak Papua');
    expect(await names({ openAt: '2026-11-23T04:00:00Z' })).toContain('Konseling Keluarga');
    // Sunday 2026-11-22 03:00 UTC: only the 24/7 services.
    expect((await names({ openAt: '2026-11-22T03:00:00Z' })).sort()).toEqual(['Pemeriksaan Visum et Repertum', 'Rumah Aman Perempuan dan Anak']);
  });

  it('a confidential shelter is found by category, with no address for a case manager', async () => {
    const cm = await userWithToken(t, 'CASE_MANAGER', { organizationId: orgs.lk3 });
    const d = await ok(gql(t, SEARCH, { f: { needCategories: ['WANITA_KORBAN_KEKERASAN'], sex: 'FEMALE', regionCode: '32.77.01.1001' } }, cm.token));
    const shelter = d.searchServices.edges.find((e: any) => e.node.name === 'Rumah Aman Perempuan dan Anak').node;
    expect(shelter.locations).toEqual([
      { name: 'Rumah Aman', addressLine: null, latitude: null, longitude: null, regionCode: '32.77', addressHidden: true },
    ]);
    const raw = JSON.stringify(d);
    expect(raw).not.toContain('dirahasiakan');
    expect(raw).not.toContain('-6.879');
  });

  it('the shelter sees its own address; so does a coordinator', async () => {
    const own = await userWithToken(t, 'PARTNER_STAFF', { organizationId: orgs.shelter });
    const coord = await userWithToken(t, 'COORDINATOR', { organizationId: orgs.lk3, regionScope: '32' });
    for (const token of [own.token, coord.token]) {
      const d = await ok(gql(t, `query($id: ID!) { service(id: $id) { locations { addressLine latitude addressHidden } } }`, { id: ids.shelter }, token));
      expect(d.service.locations).toEqual([{ addressLine: 'Alamat dirahasiakan 12', latitude: -6.879, addressHidden: false }]);
    }
  });

  it('inactive services are left out unless asked for', async () => {
    await ok(gql(t, `mutation($id: ID!) { setServiceStatus(id: $id, status: TEMPORARILY_CLOSED) { status } }`, { id: ids.papua }, admin));
    try {
      expect(await names({})).not.toContain('Layanan Perlindungan Anak Papua');
      expect(await names({ statuses: ['TEMPORARILY_CLOSED'] })).toEqual(['Layanan Perlindungan Anak Papua']);
    } finally {
      await ok(gql(t, `mutation($id: ID!) { setServiceStatus(id: $id, status: ACTIVE) { status } }`, { id: ids.papua }, admin));
    }
  });

  it("leaves out an inactive organisation's services, by region and without a filter, and finds them again once it is active", async () => {
    const setActive = (active: boolean) => ok(gql(t, `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { active } }`,
      { i: { id: orgs.rsud, active } }, admin));
    const near = { latitude: -6.8722, longitude: 107.5425, radiusKm: 10 };
    await setActive(false);
    try {
      expect(await names({})).not.toContain('Pemeriksaan Visum et Repertum');
      expect(await names({ regionCode: '32.77.03.1001', needCategories: ['ANAK_KORBAN_KEKERASAN'], near })).toEqual(['Konseling Keluarga']);
    } finally {
      await setActive(true);
    }
    expect(await names({ regionCode: '32.77.03.1001', needCategories: ['ANAK_KORBAN_KEKERASAN'], near })).toEqual(['Konseling Keluarga', 'Pemeriksaan Visum et Repertum']);
  });

  it('rejects unknown codes in a filter, naming the field', async () => {
    await expect(errorOf(gql(t, SEARCH, { f: { needCategories: ['NOPE'] } }, admin))).resolves.toMatchObject({
      code: 'BAD_USER_INPUT', field: 'filter.needCategories',
    });
    await expect(errorOf(gql(t, SEARCH, { f: { regionCode: '32-77' } }, admin))).resolves.toMatchObject({
      code: 'BAD_USER_INPUT', field: 'filter.regionCode',
    });
    await expect(errorOf(gql(t, SEARCH, { first: 101 }, admin))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('lists a location shared by several services under each of them', async () => {
    const [loc] = await t.db.query(`SELECT id FROM location WHERE name = 'Kantor LK3'`);
    const second = await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, { i: {
      organizationId: orgs.lk3, name: 'Konsultasi Keluarga', needCategories: ['KELUARGA_BERMASALAH_PSIKOLOGIS'], areaCodes: ['32.77'], locationIds: [loc.id],
    } }, admin));
    const [other] = await t.db.query(`SELECT id FROM location WHERE name = 'Kantor LBH'`);
    await t.db.query(`INSERT INTO service_at_location (service_id, location_id) VALUES ($1, $2)`, [second.createService.id, other.id]);
    try {
      const d = await ok(gql(t, SEARCH, { f: { text: 'keluarga', regionCode: '32.77.01.1001' } }, admin));
      const byName = Object.fromEntries(d.searchServices.edges.map((e: any) => [e.node.name, e.node.locations.map((l: any) => l.name)]));
      expect(byName).toEqual({ 'Konseling Keluarga': ['Kantor LK3'], 'Konsultasi Keluarga': ['Kantor LBH', 'Kantor LK3'] });
    } finally {
      await t.db.query(`UPDATE service SET status = 'DEFUNCT' WHERE id = $1`, [second.createService.id]);
    }
  });

  it('requires authentication', async () => {
    await expect(errorOf(gql(t, SEARCH, {}))).resolves.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
