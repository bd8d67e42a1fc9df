import { DEFAULT_MATCH_WEIGHTS } from '../../src/config/app-config';
import { earthPoint, greatCircleMeters } from '../../src/directory/service-search.query';
import { buildCandidateQuery, candidateRows } from '../../src/matching/candidate.query';
import { MatchProfile } from '../../src/matching/scoring';
import { gql, locatedLocation, ok, startApp, TestApp, userWithToken } from '../support/harness';

/**
 * The candidate statement's location and distance of a service with no, one, two or three points, ties
 * included (two locations at the same place), are the nearest point as a subquery over all the service's points
 * chooses it (distance, then location id) and the smallest distance, bit for bit.
 */
describe('matching: the nearest point of a service', () => {
  let t: TestApp;
  const services: Record<string, string> = {};

  beforeAll(async () => {
    t = await startApp();
    const admin = (await userWithToken(t, 'ADMIN')).token;
    const org = await ok(gql(t, `mutation { createOrganization(input: { name: "Titik Uji", partnerKind: "LSM", regionCode: "32.77" }) { id } }`, {}, admin));
    const orgId = org.createOrganization.id;
    const location = (name: string, latitude: number, longitude: number) => locatedLocation(t, admin, orgId, name, latitude, longitude);
    const a = await location('Titik A', -6.88, 107.54);
    const b = await location('Titik B, where A is', -6.88, 107.54);
    const c = await location('Titik C', -6.85, 107.56);
    const d = await location('Titik D', -6.9, 107.6);
    const shapes: Record<string, string[]> = {
      none: [], one: [c], two: [c, a], twoReversed: [a, c], twoTied: [a, b], twoTiedReversed: [b, a], three: [d, c, a],
      threeTied: [d, b, a], threeTiedReversed: [a, d, b],
    };
    for (const [name, locationIds] of Object.entries(shapes)) {
      const created = await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, { i: {
        organizationId: orgId, name, needCategories: ['ANAK_KORBAN_KEKERASAN'], areaCodes: ['32.77'], languages: ['id'], locationIds,
      } }, admin));
      services[name] = created.createService.id;
    }
  });

  afterAll(() => t.close());

  it('is the point a subquery over all the points chooses, for the ranking and for all rows', async () => {
    const [lat, lon] = [-6.881, 107.541];
    const km = (earth: string) => `${greatCircleMeters(`cube_distance(${earth}, ${earthPoint('$2::float8', '$3::float8')})`)} / 1000.0`;
    const reference = await t.db.query(
      `SELECT s.id,
              (SELECT pt.location_id FROM unnest(s.point_location_ids, s.point_earths) AS pt(location_id, earth)
                ORDER BY ${km('pt.earth')}, pt.location_id LIMIT 1) AS "locationId",
              (SELECT min(${km('e')}) FROM unnest(s.point_earths) AS e) AS "distanceKm"
         FROM service s WHERE s.id = ANY($1::uuid[])`,
      [Object.values(services), lat, lon],
    );
    const expected = Object.fromEntries(reference.map((r: { id: string; locationId: string | null; distanceKm: number | null }) => [r.id, [r.locationId, r.distanceKm]]));
    expect(expected[services.twoTied][0]).toBe([...(await t.db.query(`SELECT point_location_ids::text[] AS ids FROM service WHERE id = $1`, [services.twoTied]))[0].ids].sort()[0]);
    expect(expected[services.none]).toEqual([null, null]);

    const profile: MatchProfile = { category: 'ANAK_KORBAN_KEKERASAN', age: 30, sex: 'F', regionCode: '32.77.01.1001', languages: ['id'], serviceTypes: [] };
    for (const ranking of [undefined, { limit: 20, weights: DEFAULT_MATCH_WEIGHTS, maxDistanceKm: 25, profile }]) {
      const q = buildCandidateQuery({ category: profile.category, regionCode: profile.regionCode, latitude: lat, longitude: lon, clientId: null, nearMisses: 10, ranking });
      const rows = candidateRows(await t.db.query(q.sql, q.params));
      const got = Object.fromEntries(rows.filter((r) => r.serviceId in expected).map((r) => [r.serviceId, [r.locationId, r.distanceKm]]));
      expect(got).toEqual(expected);
    }
  });
});
