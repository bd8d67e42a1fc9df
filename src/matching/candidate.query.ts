/**
 * The SQL that gathers candidates for one need: every service that serves the category and covers the place
 * (one GIN lookup on coverage_keys), plus a bounded set of near misses (the category served by organisations of
 * the regency but outside the area, lowest ids first; the area covered but not the category, most local first)
 * so the case manager sees why they were left out.
 *
 * It returns only what the pure ranking reads (CandidateRow) and the location a candidate would be met at: a busy
 * city has 250-370 candidates, and their full service and organisation columns were most of the bytes PostgreSQL
 * sent and node-postgres parsed. The few services the ranking keeps are read in full afterwards (buildRunStatement).
 */
import { regionAncestry, regencyOf } from '../taxonomy/region-code';
import { LOCATION_COLUMNS, ORGANIZATION_COLUMNS, SERVICE_COLUMNS } from '../directory/service-search.query';
import { coverageKeys } from '../directory/service.entity';

export interface CandidateQueryInput {
  category: string;
  regionCode: string | null;
  latitude: number | null;
  longitude: number | null;
  clientId: string | null;
  nearMisses: number;
}

/** The columns of a service the pure ranking reads (CandidateRow in scoring.ts), alias `s`. */
const CANDIDATE_COLUMNS = `
  s.id AS "serviceId", s.status, s.accepts_referrals AS "acceptsReferrals", s.need_categories AS "needCategories",
  s.service_types AS "serviceTypes", s.area_codes AS "areaCodes", s.minimum_age AS "minimumAge", s.maximum_age AS "maximumAge",
  s.sex, s.free, s.languages, s.capacity_available AS "capacityAvailable", s.capacity_waitlist AS "capacityWaitlist"`;

export function buildCandidateQuery(q: CandidateQueryInput): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const cat = p([q.category]);
  const misses = p(q.nearMisses);
  const ctes: string[] = [];
  let wanted: string;
  if (q.regionCode) {
    const places = regionAncestry(q.regionCode);
    const keys = p(coverageKeys(places, [q.category]));
    const around = p(regencyOf(q.regionCode) ?? q.regionCode);
    // Each near-miss set is gathered from an index first (MATERIALIZED), then ordered: with ORDER BY id LIMIT
    // straight on service, the planner walks the primary key and filters, up to the whole table when the set is
    // sparse (130 ms at 100k services; docs/performance.md).
    // `LIKE around%` is the index range (organization_region_prefix_idx); the exact region test follows, and
    // service_organization_match_idx answers the service conditions without reading service rows.
    ctes.push(`outside_all AS MATERIALIZED (
      SELECT s.id FROM organization o JOIN service s ON s.organization_id = o.id
       WHERE o.region_code LIKE ${around} || '%' AND (o.region_code = ${around} OR o.region_code LIKE ${around} || '.%')
         AND s.need_categories @> ${cat}::text[] AND NOT (s.coverage_keys && ${keys}::text[]))`);
    ctes.push(`outside AS (SELECT id FROM outside_all ORDER BY id LIMIT ${misses})`);
    // The area covered, not the category: services covering the place below the province first, by id; the
    // province-wide ones (thousands on Java) are read only when those are fewer than the bound (the Append under
    // the LIMIT runs its branches in order and stops, and a CTE is only computed when it is read).
    const below = p(places.slice(1));
    ctes.push(`other_below AS MATERIALIZED (
      SELECT s.id FROM service s WHERE s.area_codes && ${below}::text[] AND NOT (s.need_categories @> ${cat}::text[]))`);
    ctes.push(`other_province AS MATERIALIZED (
      SELECT s.id FROM service s
       WHERE s.area_codes && ${p(places.slice(0, 1))}::text[] AND NOT (s.area_codes && ${below}::text[])
         AND NOT (s.need_categories @> ${cat}::text[]))`);
    ctes.push(`other_need AS (
      (SELECT id FROM other_below ORDER BY id LIMIT ${misses})
      UNION ALL
      (SELECT id FROM other_province ORDER BY id LIMIT ${misses})
      LIMIT ${misses})`);
    // The covering services and the near misses in one bitmap scan of service (a BitmapOr of the coverage GIN
    // index and the primary key), so each row is read once; the three sets are disjoint.
    wanted = `s.coverage_keys && ${keys}::text[]
        OR s.id = ANY(ARRAY(SELECT id FROM outside UNION ALL SELECT id FROM other_need))`;
  } else {
    wanted = `s.id = ANY(ARRAY(SELECT s.id FROM service s WHERE s.need_categories @> ${cat}::text[] ORDER BY s.id LIMIT 500))`;
  }
  const hasPoint = q.latitude !== null && q.longitude !== null;
  const point = hasPoint ? `ll_to_earth(${p(q.latitude)}::float8, ${p(q.longitude)}::float8)` : '';
  const distance = hasPoint
    ? // The nearest of the service's own points (its non-confidential located locations as earth values, kept
      // on the row by trigger): no lookups, no conversion per candidate.
      `LEFT JOIN LATERAL (
         SELECT pt.location_id, earth_distance(pt.earth, ${point}) / 1000.0 AS km
           FROM unnest(s.point_location_ids, s.point_earths) AS pt(location_id, earth)
          ORDER BY 2, 1 LIMIT 1) d ON true`
    : `LEFT JOIN LATERAL (
         SELECT sl.location_id, NULL::float8 AS km FROM service_at_location sl WHERE sl.service_id = s.id
          ORDER BY sl.location_id LIMIT 1) d ON true`;
  const declined = q.clientId
    ? `EXISTS (SELECT 1 FROM referral_decline_history h WHERE h.client_id = ${p(q.clientId)}::uuid AND h.service_id = s.id)`
    : 'false';
  const sql = `
    ${ctes.length ? `WITH ${ctes.join(',\n    ')}` : ''}
    SELECT ${CANDIDATE_COLUMNS},
           d.location_id AS "locationId", d.km AS "distanceKm",
           coalesce(st.answered, 0) AS answered, coalesce(st.accepted, 0) AS accepted,
           st.median_accept_minutes::float8 AS "medianAcceptMinutes",
           ${declined} AS "declinedClientBefore"
      FROM service s
      LEFT JOIN service_referral_stats st ON st.service_id = s.id
      ${distance}
     WHERE (${wanted})
       -- The few inactive organisations, hashed once (organization_inactive_idx), instead of a lookup per row.
       AND s.organization_id NOT IN (SELECT o.id FROM organization o WHERE NOT o.active)`;
  return { sql, params };
}
