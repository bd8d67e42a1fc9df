/**
 * The SQL that gathers candidates for one need: every service that serves the category and covers the place
 * (one GIN lookup on coverage_keys), plus a bounded set of near misses (the category served nearby but outside
 * the area; the area covered but not the category) so the case manager sees why they were left out.
 */
import { regionAncestry, regencyOf } from '../taxonomy/region-code';
import { SERVICE_COLUMNS } from '../directory/service-search.query';
import { coverageKeys } from '../directory/service.entity';

export interface CandidateQueryInput {
  category: string;
  regionCode: string | null;
  latitude: number | null;
  longitude: number | null;
  clientId: string | null;
  nearMisses: number;
}

export function buildCandidateQuery(q: CandidateQueryInput): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const cat = p([q.category]);
  const misses = p(q.nearMisses);
  const ctes: string[] = [];
  if (q.regionCode) {
    const places = regionAncestry(q.regionCode);
    const keys = p(coverageKeys(places, [q.category]));
    const around = p(regencyOf(q.regionCode) ?? q.regionCode);
    ctes.push(`covering AS (SELECT s.id FROM service s WHERE s.coverage_keys && ${keys}::text[])`);
    ctes.push(`outside AS (
      SELECT s.id FROM service s JOIN organization o ON o.id = s.organization_id
       WHERE s.need_categories @> ${cat}::text[] AND NOT (s.coverage_keys && ${keys}::text[])
         AND (o.region_code = ${around} OR o.region_code LIKE ${around} || '.%')
       ORDER BY s.id LIMIT ${misses})`);
    ctes.push(`other_need AS (
      SELECT s.id FROM service s
       WHERE s.area_codes && ${p(places)}::text[] AND NOT (s.need_categories @> ${cat}::text[])
       ORDER BY s.id LIMIT ${misses})`);
  } else {
    ctes.push(`covering AS (SELECT s.id FROM service s WHERE s.need_categories @> ${cat}::text[] ORDER BY s.id LIMIT 500)`);
    ctes.push(`outside AS (SELECT NULL::uuid AS id WHERE false)`, `other_need AS (SELECT NULL::uuid AS id WHERE false)`);
  }
  ctes.push(`ids AS (SELECT id FROM covering UNION SELECT id FROM outside UNION SELECT id FROM other_need)`);
  const hasPoint = q.latitude !== null && q.longitude !== null;
  const point = hasPoint ? `ll_to_earth(${p(q.latitude)}::float8, ${p(q.longitude)}::float8)` : '';
  const distance = hasPoint
    ? `LEFT JOIN LATERAL (
         SELECT l.id AS location_id, earth_distance(ll_to_earth(l.latitude, l.longitude), ${point}) / 1000.0 AS km
           FROM service_at_location sl JOIN location l ON l.id = sl.location_id
          WHERE sl.service_id = s.id AND l.latitude IS NOT NULL AND NOT l.confidential
          ORDER BY 2 LIMIT 1) d ON true`
    : `LEFT JOIN LATERAL (
         SELECT sl.location_id, NULL::float8 AS km FROM service_at_location sl WHERE sl.service_id = s.id
          ORDER BY sl.location_id LIMIT 1) d ON true`;
  const declined = q.clientId
    ? `EXISTS (SELECT 1 FROM referral_decline_history h WHERE h.client_id = ${p(q.clientId)}::uuid AND h.service_id = s.id)`
    : 'false';
  const sql = `
    WITH ${ctes.join(',\n    ')}
    SELECT ${SERVICE_COLUMNS}, s.id AS "serviceId", s.capacity_waitlist AS "capacityWaitlist",
           d.location_id AS "locationId", d.km AS "distanceKm",
           coalesce(st.answered, 0) AS answered, coalesce(st.accepted, 0) AS accepted,
           st.median_accept_minutes::float8 AS "medianAcceptMinutes",
           ${declined} AS "declinedClientBefore"
      FROM ids
      JOIN service s ON s.id = ids.id
      JOIN organization o ON o.id = s.organization_id AND o.active
      LEFT JOIN service_referral_stats st ON st.service_id = s.id
      ${distance}`;
  return { sql, params };
}
