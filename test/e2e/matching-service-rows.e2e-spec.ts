import { asOwner, gql, locatedLocation, ok, startApp, TestApp, userWithToken } from '../support/harness';

/** The columns service_match_row copies from service (migration 1795400009300) and its referral stats (1795400009310). */
const COLUMNS = `id, status, accepts_referrals, need_categories, service_types, area_codes, minimum_age, maximum_age, sex, free, languages,
  capacity_available, capacity_waitlist, point_location_ids, point_earths::text, coverage_keys, organization_active,
  answered, accepted, median_accept_minutes`;
/** The same, from service and service_referral_stats, as the candidate statement read them before the copy. */
const SOURCE = `SELECT ${COLUMNS.replace('answered, accepted, median_accept_minutes',
  'coalesce(st.answered, 0) AS answered, coalesce(st.accepted, 0) AS accepted, st.median_accept_minutes')}
  FROM service s LEFT JOIN service_referral_stats st ON st.service_id = s.id`;

/**
 * The candidate statement's copy of the service columns it reads (service_match_row) equals the services after
 * every kind of write: created, edited, capacity and status changed, locations linked, moved, made confidential
 * and unlinked, the organisation deactivated and reactivated, referral stats counted, recounted, removed and
 * truncated, and the service deleted.
 */
describe('matching: the service rows the candidate statement reads', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startApp();
    admin = (await userWithToken(t, 'ADMIN')).token;
  });

  afterAll(() => t.close());

  const differences = async () => {
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM (
      (${SOURCE} EXCEPT ALL SELECT ${COLUMNS} FROM service_match_row)
      UNION ALL (SELECT ${COLUMNS} FROM service_match_row EXCEPT ALL ${SOURCE})) d`);
    return n as number;
  };

  it('follows every write to a service, its locations and its organisation', async () => {
    const org = (await ok(gql(t, `mutation { createOrganization(input: { name: "Salinan Uji", partnerKind: "LSM", regionCode: "32.77" }) { id } }`, {}, admin))).createOrganization.id;
    const location = (name: string, latitude: number, longitude: number) => locatedLocation(t, admin, org, name, latitude, longitude);
    const near = await location('Titik Dekat', -6.88, 107.54);
    const far = await location('Titik Jauh', -6.85, 107.56);
    const created = await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, { i: {
      organizationId: org, name: 'salinan', needCategories: ['ANAK_KORBAN_KEKERASAN'], areaCodes: ['32.77'], languages: ['id'], locationIds: [near],
    } }, admin));
    const id = created.createService.id as string;
    expect(await t.db.query(`SELECT id FROM service_match_row WHERE id = $1`, [id])).toHaveLength(1);
    expect(await differences()).toBe(0);

    const steps: [string, () => Promise<unknown>][] = [
      ['edited', () => ok(gql(t, `mutation($i: UpdateServiceInput!) { updateService(input: $i) { id } }`, { i: {
        id, needCategories: ['ANAK_KORBAN_KEKERASAN', 'LANSIA_TERLANTAR'], areaCodes: ['32.77.01'], serviceTypes: ['KONSELING'],
        minimumAge: 6, maximumAge: 18, sex: 'FEMALE', free: false, languages: ['id', 'su'], acceptsReferrals: false, locationIds: [near, far],
      } }, admin))],
      ['capacity', () => ok(gql(t, `mutation($i: UpdateCapacityInput!) { updateServiceCapacity(input: $i) { id } }`, { i: { serviceId: id, available: 0, maximum: 5, waitlistOpen: true } }, admin))],
      ['status', () => ok(gql(t, `mutation($id: ID!) { setServiceStatus(id: $id, status: TEMPORARILY_CLOSED) { id } }`, { id }, admin))],
      ['location moved', () => t.db.query(`UPDATE location SET latitude = -6.9, longitude = 107.6 WHERE id = $1`, [far])],
      ['location confidential', () => t.db.query(`UPDATE location SET confidential = true WHERE id = $1`, [near])],
      ['location unlinked', () => ok(gql(t, `mutation($i: UpdateServiceInput!) { updateService(input: $i) { id } }`, { i: { id, locationIds: [] } }, admin))],
      ['organisation inactive', () => ok(gql(t, `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { id } }`, { i: { id: org, active: false } }, admin))],
      ['organisation active again', () => ok(gql(t, `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { id } }`, { i: { id: org, active: true } }, admin))],
      // As referral-stats.ts writes them: an upsert per answer or accept.
      ['stats counted', () => t.db.query(`INSERT INTO service_referral_stats (service_id, answered, accepted) VALUES ($1, 1, 0)
        ON CONFLICT (service_id) DO UPDATE SET answered = service_referral_stats.answered + 1`, [id])],
      ['stats recounted', () => t.db.query(`INSERT INTO service_referral_stats AS s (service_id, answered, accepted, median_accept_minutes) VALUES ($1, 1, 1, 42.5)
        ON CONFLICT (service_id) DO UPDATE SET answered = s.answered + 1, accepted = s.accepted + 1, median_accept_minutes = 42.5`, [id])],
      ['stats removed', () => t.db.query(`DELETE FROM service_referral_stats WHERE service_id = $1`, [id])],
      ['stats again', () => t.db.query(`INSERT INTO service_referral_stats (service_id, answered, accepted, median_accept_minutes) VALUES ($1, 3, 2, 10)`, [id])],
      // The runtime role may not TRUNCATE; the owner (a maintenance job) may, and the rows follow.
      ['stats truncated', () => asOwner((owner) => owner.query(`TRUNCATE service_referral_stats`))],
    ];
    for (const [step, write] of steps) {
      const before = (await t.db.query(`SELECT ${COLUMNS} FROM service_match_row WHERE id = $1`, [id]))[0];
      await write();
      const after = (await t.db.query(`SELECT ${COLUMNS} FROM service_match_row WHERE id = $1`, [id]))[0];
      expect([step, after]).not.toEqual([step, before]);
      expect([step, await differences()]).toEqual([step, 0]);
    }

    await t.db.query(`DELETE FROM service WHERE id = $1`, [id]);
    expect(await t.db.query(`SELECT id FROM service_match_row WHERE id = $1`, [id])).toHaveLength(0);
    expect(await differences()).toBe(0);
  });
});
