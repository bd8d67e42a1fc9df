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
import { coverageKeys } from '../directory/service.entity';
import { earthPoint, greatCircleMeters } from '../directory/service-search.query';
import type { CandidateRow } from './scoring';
import { parseTextArray } from './text-array';

export interface CandidateQueryInput {
  category: string;
  regionCode: string | null;
  latitude: number | null;
  longitude: number | null;
  clientId: string | null;
  nearMisses: number;
}

/**
 * The columns of a service the pure ranking reads (CandidateRow in scoring.ts), alias `s`. The code arrays come
 * as their text form, parsed by candidateRows (text-array.ts: node-postgres's array parser was ~0.75 ms per match).
 */
const CANDIDATE_COLUMNS = `
  s.id AS "serviceId", s.status, s.accepts_referrals AS "acceptsReferrals", s.need_categories::text AS "needCategories",
  s.service_types::text AS "serviceTypes", s.area_codes::text AS "areaCodes", s.minimum_age AS "minimumAge", s.maximum_age AS "maximumAge",
  s.sex, s.free, s.languages::text AS "languages", s.capacity_available AS "capacityAvailable", s.capacity_waitlist AS "capacityWaitlist"`;

/** A row of the candidate statement as it arrives: the code arrays still in their text form. */
export type CandidateStatementRow = Omit<CandidateRow, ArrayColumn> & Record<ArrayColumn, string> & { locationId: string | null };
type ArrayColumn = 'needCategories' | 'serviceTypes' | 'areaCodes' | 'languages';

/** The rows of the candidate statement as CandidateRows (with the location), their code arrays parsed in place. */
export function candidateRows(rows: CandidateStatementRow[]): (CandidateRow & { locationId: string | null })[] {
  for (const row of rows as unknown as Record<ArrayColumn, string | string[]>[]) {
    row.needCategories = parseTextArray(row.needCategories as string) as string[];
    row.serviceTypes = parseTextArray(row.serviceTypes as string) as string[];
    row.areaCodes = parseTextArray(row.areaCodes as string) as string[];
    row.languages = parseTextArray(row.languages as string) as string[];
  }
  return rows as unknown as (CandidateRow & { locationId: string | null })[];
}

export function buildCandidateQuery(q: CandidateQueryInput): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const cat = p([q.category]);
  // A whole number from configuration, written into the text so the planner knows the bound.
  if (!Number.isInteger(q.nearMisses) || q.nearMisses < 0) throw new Error(`nearMisses must be a whole number, not ${q.nearMisses}`);
  const bound = q.nearMisses;
  const ctes: string[] = [];
  let wanted: string;
  if (q.regionCode) {
    const places = regionAncestry(q.regionCode);
    const keys = p(coverageKeys(places, [q.category]));
    // The near misses come from service_match_key (migration 1795400009100), walked in service id order up to
    // the bound: each of its rows carries the service's categories and areas, so the test is answered from the
    // index and the walk stops after `bound` hits, rather than gathering a set of hundreds and sorting it.
    // The category served by an organisation of the client's regency (or province, for a province), outside
    // the area (a service that serves the category covers the place exactly when its areas hold one of `places`).
    const around = regencyOf(q.regionCode) ?? q.regionCode;
    ctes.push(`outside AS (
      SELECT k.service_id AS id FROM service_match_key k
       WHERE k.key = ${p(`o|${around}|${q.category}`)} AND NOT (k.area_codes && ${p(places)}::text[])
       ORDER BY k.service_id LIMIT ${bound})`);
    // The area covered, not the category: services covering the place below the province first, by id (one walk
    // per level, each stopping at the bound); the province-wide ones (thousands on Java) are read only when
    // those are fewer than the bound (the Append under the LIMIT runs its branches in order and stops).
    const below = places.slice(1);
    const areaWalk = (code: string, also = '') => `(SELECT k.service_id AS id FROM service_match_key k
        WHERE k.key = ${p(`a|${code}`)} AND NOT (k.need_categories @> ${cat}::text[])${also} ORDER BY k.service_id LIMIT ${bound})`;
    const province = areaWalk(places[0], below.length ? ` AND NOT (k.area_codes && ${p(below)}::text[])` : '');
    ctes.push(`other_need AS (${below.length
      ? `(SELECT id FROM (${below.map((code) => areaWalk(code)).join(' UNION ')}) b ORDER BY id LIMIT ${bound})
      UNION ALL ${province} LIMIT ${bound}`
      : province})`);
    // The covering services and the near misses in one bitmap scan of service (a BitmapOr of the coverage GIN
    // index and the primary key), so each row is read once; the three sets are disjoint.
    wanted = `s.coverage_keys && ${keys}::text[]
        OR s.id = ANY(ARRAY(SELECT id FROM outside UNION ALL SELECT id FROM other_need))`;
  } else {
    wanted = `s.id = ANY(ARRAY(SELECT s.id FROM service s WHERE s.need_categories @> ${cat}::text[] ORDER BY s.id LIMIT 500))`;
  }
  const hasPoint = q.latitude !== null && q.longitude !== null;
  // The client's point once per statement: a scalar subquery (an InitPlan), since a generic plan would not fold
  // an expression of parameters into a constant and would convert it again for every point. It is ll_to_earth's
  // own body (earthdistance 1.1) without the cast to the earth domain: ll_to_earth is a strict SQL function that
  // PostgreSQL cannot inline, so each call went through the SQL-function executor, which parses and plans its
  // body again at every execution (~0.1 ms), once for each of the statement's several uses of the point.
  const point = hasPoint ? `(SELECT ${earthPoint(`${p(q.latitude)}::float8`, `${p(q.longitude)}::float8`)})` : '';
  // The nearest of the service's own points (its non-confidential located locations as earth values, kept on
  // the row by trigger), ties by location id. Most services have one point, taken without a subquery (a
  // LATERAL subquery per candidate was half the statement's execution); the others choose among theirs.
  const km = (earth: string) => `${greatCircleMeters(`cube_distance(${earth}, ${point})`)} / 1000.0`;
  const nearest = hasPoint
    ? `CASE WHEN cardinality(s.point_earths) <= 1 THEN s.point_location_ids[1]
            ELSE (SELECT pt.location_id FROM unnest(s.point_location_ids, s.point_earths) AS pt(location_id, earth)
                   ORDER BY ${km('pt.earth')}, pt.location_id LIMIT 1) END AS "locationId",
       CASE WHEN cardinality(s.point_earths) <= 1 THEN ${km('s.point_earths[1]')}
            ELSE (SELECT min(${km('e')}) FROM unnest(s.point_earths) AS e) END AS "distanceKm"`
    : `(SELECT sl.location_id FROM service_at_location sl WHERE sl.service_id = s.id ORDER BY sl.location_id LIMIT 1) AS "locationId",
       NULL::float8 AS "distanceKm"`;
  const declined = q.clientId
    ? `EXISTS (SELECT 1 FROM referral_decline_history h WHERE h.client_id = ${p(q.clientId)}::uuid AND h.service_id = s.id)`
    : 'false';
  const sql = `
    ${ctes.length ? `WITH ${ctes.join(',\n    ')}` : ''}
    SELECT ${CANDIDATE_COLUMNS},
           ${nearest},
           coalesce(st.answered, 0) AS answered, coalesce(st.accepted, 0) AS accepted,
           st.median_accept_minutes::float8 AS "medianAcceptMinutes",
           ${declined} AS "declinedClientBefore"
      FROM service s
      LEFT JOIN service_referral_stats st ON st.service_id = s.id
     WHERE (${wanted})
       -- The organisation's active flag, kept on the service row by trigger (migration 1795400009110).
       AND s.organization_active`;
  return { sql, params };
}
