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
import type { CandidateRow, MatchProfile, Weights } from './scoring';
import { parseTextArray } from './text-array';

export interface CandidateQueryInput {
  category: string;
  regionCode: string | null;
  latitude: number | null;
  longitude: number | null;
  clientId: string | null;
  nearMisses: number;
  /**
   * An EMERGENCY need (also when the ranking's profile says so): each row says whether the service is open now
   * (CandidateRow.openNow); false otherwise.
   */
  emergency?: boolean;
  /**
   * Only these services, as candidate rows for this client (distance, history, open now), without near misses
   * or pre-limit: how a suggestion made after a match is scored with the match's own profile.
   */
  serviceIds?: string[];
  /**
   * When given, the statement returns only the rows the ranking can keep (see preLimit below): the covering
   * services that pass every hard criterion and score within reach of the `limit`-th best, the `nearMisses`
   * covering services that fail fewest criteria and are nearest (with ties), and all the walked near misses.
   */
  ranking?: RankingInput;
}

/** What the pre-limit needs of the profile and of the ranking's settings (rankMatches' own inputs). */
export interface RankingInput {
  limit: number;
  weights: Weights;
  maxDistanceKm: number;
  profile: Pick<MatchProfile, 'age' | 'sex' | 'languages' | 'serviceTypes' | 'emergency'>;
}

/**
 * The columns of a service the pure ranking reads (CandidateRow in scoring.ts), alias `s`. The code arrays come
 * as their text form, parsed by candidateRows (text-array.ts: node-postgres's array parser was ~0.75 ms per match).
 */
const candidateColumns = (array: (column: string) => string) => `
  s.id AS "serviceId", s.status, s.accepts_referrals AS "acceptsReferrals", ${array('s.need_categories')} AS "needCategories",
  ${array('s.service_types')} AS "serviceTypes", ${array('s.area_codes')} AS "areaCodes", s.minimum_age AS "minimumAge", s.maximum_age AS "maximumAge",
  s.sex, s.free, ${array('s.languages')} AS "languages", s.capacity_available AS "capacityAvailable", s.capacity_waitlist AS "capacityWaitlist"`;
const CANDIDATE_COLUMNS = candidateColumns((column) => `${column}::text`);
/** The same columns with the arrays as they are, for the pre-limit, which writes the text of the rows it keeps only. */
const CANDIDATE_COLUMNS_UNCAST = candidateColumns((column) => column);

/** The code-array columns of a candidate row, sent as text. */
const ARRAY_COLUMNS = ['needCategories', 'serviceTypes', 'areaCodes', 'languages'] as const;
type ArrayColumn = (typeof ARRAY_COLUMNS)[number];

/** A row of the candidate statement as it arrives: the code arrays still in their text form. */
export type CandidateStatementRow = Omit<CandidateRow, ArrayColumn> & Record<ArrayColumn, string> & { locationId: string | null };

/** The rows of the candidate statement as CandidateRows (with the location), their code arrays parsed in place. */
export function candidateRows(rows: CandidateStatementRow[]): (CandidateRow & { locationId: string | null })[] {
  for (const row of rows as unknown as Record<ArrayColumn, string | string[]>[]) {
    for (const column of ARRAY_COLUMNS) row[column] = parseTextArray(row[column] as string) as string[];
  }
  return rows as unknown as (CandidateRow & { locationId: string | null })[];
}

export function buildCandidateQuery(q: CandidateQueryInput): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  // The category as an array parameter, for the walks by category (not used when the services are named).
  const cat = q.serviceIds ? '' : p([q.category]);
  // A whole number from configuration, written into the text so the planner knows the bound.
  if (!Number.isInteger(q.nearMisses) || q.nearMisses < 0) throw new Error(`nearMisses must be a whole number, not ${q.nearMisses}`);
  const bound = q.nearMisses;
  const ctes: string[] = [];
  let wanted: string;
  let keys: string | null = null;
  if (q.serviceIds) {
    wanted = `s.id = ANY(${p(q.serviceIds)}::uuid[])`;
  } else if (q.regionCode) {
    const places = regionAncestry(q.regionCode);
    keys = p(coverageKeys(places, [q.category]));
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
    // those are fewer than the bound (the Append under the LIMIT runs its branches in order and stops). The
    // levels' walks, each in id order, are merged and deduplicated in that order (Merge Append, Unique) rather
    // than hashed and sorted (UNION).
    const below = places.slice(1);
    const areaWalk = (code: string, also = '') => `(SELECT k.service_id AS id FROM service_match_key k
        WHERE k.key = ${p(`a|${code}`)} AND NOT (k.need_categories @> ${cat}::text[])${also} ORDER BY k.service_id LIMIT ${bound})`;
    const province = areaWalk(places[0], below.length ? ` AND NOT (k.area_codes && ${p(below)}::text[])` : '');
    ctes.push(`other_need AS (${below.length
      ? `(SELECT DISTINCT id FROM (${below.map((code) => areaWalk(code)).join(' UNION ALL ')}) b ORDER BY id LIMIT ${bound})
      UNION ALL ${province} LIMIT ${bound}`
      : province})`);
    // The covering services and the near misses in one bitmap scan of service_match_row (a BitmapOr of the
    // coverage GIN index and the primary key), so each row is read once; the three sets are disjoint.
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
  // the row by trigger), ties by location id, computed a level above the scan (`located`) over the row `c`,
  // which carries the service's points and the client's point as a column (`here`): one InitPlan, where each
  // use of the point sublink was one more (six, each set up on every execution). Most services have one point,
  // taken without a subquery (a LATERAL subquery per candidate was half the statement's execution), and those
  // with two (15% in the bench directory) the nearer of the two, also inline: their two subqueries per row and
  // the point's InitPlans cost 0.05 ms of the statement's 0.73 ms of backend CPU (2,000 bench profiles). The
  // rare services with more choose among theirs. least() keeps the smaller value as min() does, and (distance,
  // location id) compared as a row is the subquery's ORDER BY.
  const km = (earth: string) => `${greatCircleMeters(`cube_distance(${earth}, c.here)`)} / 1000.0`;
  const [km1, km2] = [km('c.point_earths[1]'), km('c.point_earths[2]')];
  const nearest: Record<string, string> = {
    locationId: `CASE WHEN cardinality(c.point_earths) <= 1 THEN c.point_location_ids[1]
            WHEN cardinality(c.point_earths) = 2
            THEN CASE WHEN (${km2}, c.point_location_ids[2]) < (${km1}, c.point_location_ids[1])
                      THEN c.point_location_ids[2] ELSE c.point_location_ids[1] END
            ELSE (SELECT pt.location_id FROM unnest(c.point_location_ids, c.point_earths) AS pt(location_id, earth)
                   ORDER BY ${km('pt.earth')}, pt.location_id LIMIT 1) END`,
    distanceKm: `CASE WHEN cardinality(c.point_earths) <= 1 THEN ${km1}
            WHEN cardinality(c.point_earths) = 2 THEN least(${km1}, ${km2})
            ELSE (SELECT min(${km('e')}) FROM unnest(c.point_earths) AS e) END`,
  };
  const declined = q.clientId
    ? `EXISTS (SELECT 1 FROM referral_decline_history h WHERE h.client_id = ${p(q.clientId)}::uuid AND h.service_id = s.id)`
    : 'false';
  const rowColumns = (columns: string) => `${columns},
           ${hasPoint
    ? `s.point_location_ids, s.point_earths, ${point} AS here`
    : `(SELECT sl.location_id FROM service_at_location sl WHERE sl.service_id = s.id ORDER BY sl.location_id LIMIT 1) AS "locationId",
           NULL::float8 AS "distanceKm"`},
           s.answered, s.accepted, s.median_accept_minutes::float8 AS "medianAcceptMinutes",
           ${declined} AS "declinedClientBefore",
           ${q.emergency || q.ranking?.profile.emergency ? OPEN_NOW : 'false'} AS "openNow"`;
  // The rows of `scan` (fenced, so each is read once) with their location and distance, in the order of
  // ROW_COLUMNS; `also`: more columns of the scan to pass on. Without a point, the scan has them already.
  const located = (scan: string, also: string[] = []) => (hasPoint
    ? `SELECT ${[...ROW_COLUMNS.map((c) => (nearest[c] ? `${nearest[c]} AS "${c}"` : `c."${c}"`)), ...also.map((c) => `c.${c}`)].join(',\n       ')}
      FROM (${scan}
            OFFSET 0) c`
    : scan);
  // service_match_row: the service columns read here, a narrow copy kept by triggers (migration 1795400009300),
  // with the service's referral stats (0, 0 and no median without any; migration 1795400009310).
  const from = `FROM service_match_row s
     WHERE (${wanted})
       -- The organisation's active flag, kept on the service row by trigger (migration 1795400009110) and copied.
       AND s.organization_active`;
  if (!q.ranking || q.serviceIds) {
    const sql = `
    ${ctes.length ? `WITH ${ctes.join(',\n    ')}` : ''}
    ${located(`SELECT ${rowColumns(CANDIDATE_COLUMNS)}
      ${from}`)}`;
    return { sql, params };
  }
  // With a place, a row serves the category and covers the place exactly when it was found by its coverage
  // key; without one, every row serves the category and there is no area to cover.
  const covering = keys ? `s.coverage_keys && ${keys}::text[]` : 'true';
  const kept = preLimit(q.ranking, p, covering, rowColumns(CANDIDATE_COLUMNS_UNCAST), from, bound, located);
  ctes.push(kept.cte);
  const sql = `
    WITH ${ctes.join(',\n    ')}
    SELECT ${OUTPUT_COLUMNS} FROM scored c
     WHERE ${kept.where}`;
  return { sql, params };
}

/** The columns a candidate row is returned with (CandidateStatementRow), by alias. */
const ROW_COLUMNS = [
  'serviceId', 'status', 'acceptsReferrals', 'needCategories', 'serviceTypes', 'areaCodes', 'minimumAge', 'maximumAge', 'sex', 'free',
  'languages', 'capacityAvailable', 'capacityWaitlist', 'locationId', 'distanceKm', 'answered', 'accepted', 'medianAcceptMinutes',
  'declinedClientBefore', 'openNow',
];

/**
 * Whether one of the service's locations is open now by its weekly schedule, in the location's own time zone
 * (closes_at is exclusive; a range to 24:00 runs to midnight). Computed for an emergency only: a primary-key
 * lookup of the service's locations and the (location, weekday) index of schedules per candidate row.
 */
const OPEN_NOW = `EXISTS (SELECT 1 FROM service_at_location sl
             JOIN location l ON l.id = sl.location_id
             JOIN schedule sc ON sc.location_id = sl.location_id
                 AND sc.weekday = extract(isodow FROM now() AT TIME ZONE l.time_zone)::int
            WHERE sl.service_id = s.id
              AND sc.opens_at <= (now() AT TIME ZONE l.time_zone)::time
              AND (now() AT TIME ZONE l.time_zone)::time < sc.closes_at)`;
const OUTPUT_COLUMNS = ROW_COLUMNS.map((c) => ((ARRAY_COLUMNS as readonly string[]).includes(c) ? `"${c}"::text AS "${c}"` : `"${c}"`)).join(', ');

/**
 * The pre-limit: a busy city has 250-370 covering services and the ranking keeps `limit` of them and
 * `nearMisses` near misses, so most rows were parsed only to be dropped. SQL only chooses which rows to send;
 * the pure ranking (scoring.ts) still judges every row it gets, so the results are the ranking's own:
 * - hard criteria of a covering row, counted as failedCriteria counts them (category and area hold for it);
 * - eligible rows: the soft score as scoreCandidate computes it, unrounded; a row is sent when it is at least
 *   the `limit`-th best score less 0.001. The ranking rounds scores to 4 decimals before it compares them, which
 *   moves a score by at most 0.00005, so every row that can reach the top `limit` (ties included) is sent. For
 *   an emergency the ranking puts services open now first (compareRanked), so the `limit`-th best is taken by
 *   (open now, score) and a row is sent when its (open now, score) is at least that row's less 0.001;
 * - failing rows: ranked by (failed count, distance, unknown distance last) as rankMatches orders near misses;
 *   those ranked within the bound are sent, ties included, so the id order is left to the ranking.
 * A change to failedCriteria or scoreCandidate must be made here too; the matching e2e test and bench:match's
 * checks compare the API with the ranking of all the rows.
 */
function preLimit(
  r: RankingInput, p: (v: unknown) => string, covering: string, rowColumns: string, from: string, bound: number,
  located: (scan: string, also: string[]) => string,
): { cte: string; where: string } {
  const f8 = (v: number) => `${p(v)}::float8`;
  const age = `${p(r.profile.age)}::int`;
  const sex = `${p(r.profile.sex)}::text`;
  const types = `${p(r.profile.serviceTypes)}::text[]`;
  const languages = `${p(r.profile.languages)}::text[]`;
  const failed = [
    `coalesce(${age} < s.minimum_age, false)`,
    `coalesce(${age} > s.maximum_age, false)`,
    `coalesce(${sex} <> s.sex::text, false)`,
    `(cardinality(${types}) > 0 AND NOT (s.service_types && ${types}))`,
    `s.status <> 'ACTIVE'`,
    `NOT s.accepts_referrals`,
  ].map((c) => `(${c})::int`).join(' + ');
  const w = r.weights;
  const total = w.distance + w.capacity + w.acceptance + w.speed + w.language + w.cost || 1;
  const score = `(${f8(w.distance)} * CASE WHEN c."distanceKm" IS NULL THEN 0.5::float8 ELSE greatest(0::float8, 1 - c."distanceKm" / ${f8(r.maxDistanceKm)}) END
        + ${f8(w.capacity)} * CASE WHEN c."capacityAvailable" IS NULL THEN 0.6::float8 WHEN c."capacityAvailable" > 0 THEN 1::float8
                                   WHEN c."capacityWaitlist" THEN 0.3::float8 ELSE 0::float8 END
        + ${f8(w.acceptance)} * (c.accepted + 2)::float8 / (c.answered + 4)
        + ${f8(w.speed)} * CASE WHEN c.answered > 0 AND c."medianAcceptMinutes" IS NOT NULL
                                THEN c.answered::float8 / (c.answered + 3) * (1 / (1 + c."medianAcceptMinutes" / 1440))
                                     + (1 - c.answered::float8 / (c.answered + 3)) * 0.5::float8
                                ELSE 0.5::float8 END
        + ${f8(w.language)} * CASE WHEN c.speaks THEN 1::float8 ELSE 0::float8 END
        + ${f8(w.cost)} * CASE WHEN c.free THEN 1::float8 ELSE 0::float8 END) / ${f8(total)}
        - CASE WHEN c."declinedClientBefore" THEN 0.25::float8 ELSE 0::float8 END`;
  // The rows once (fenced, so the distance is computed once per row) with their score, kept in the CTE; then
  // two thresholds, each a top-N sort of one or two values over it: the `limit`-th best score, and the key
  // (failed count, distance, unknown last) of the `bound`-th failing row. A failing row is ranked within the
  // bound (rank() <= bound, ties included) exactly when its key is at most that row's key; with fewer failing
  // rows than the bound there is no such row and every failing row is sent. Window functions (nth_value, rank)
  // answered the same but sorted the wide rows twice and copied them into two window buffers: 0.78 ms of
  // backend CPU per execution against 0.73 (2,000 bench profiles, the same rows).
  const missKey = `c.failed, coalesce(c."distanceKm", 'Infinity'::float8)`;
  const limit = `${p(r.limit)}::int`;
  const eligibleKept = r.profile.emergency
    ? `c.score IS NOT NULL AND coalesce((c."openNow", c.score) >= (SELECT c."openNow", c.score - 0.001 FROM scored c WHERE c.score IS NOT NULL
                     ORDER BY c."openNow" DESC, c.score DESC LIMIT 1 OFFSET ${limit} - 1), true)`
    : `c.score >= coalesce((SELECT c.score FROM scored c WHERE c.score IS NOT NULL ORDER BY c.score DESC LIMIT 1 OFFSET ${limit} - 1) - 0.001, '-Infinity'::float8)`;
  const missCut = `(SELECT ${missKey} FROM scored c WHERE c.covering AND c.failed > 0 ORDER BY 1, 2 LIMIT 1 OFFSET ${bound - 1})`;
  return {
    cte: `scored AS (
      SELECT c.*, CASE WHEN c.covering AND c.failed = 0 THEN ${score} END AS score
        FROM (${located(`SELECT ${rowColumns},
                     ${covering} AS covering, ${failed} AS failed,
                     (cardinality(${languages}) = 0 OR s.languages && ${languages}) AS speaks
                ${from}`, ['covering', 'failed', 'speaks'])}
              OFFSET 0) c)`,
    where: `NOT c.covering
       OR ${eligibleKept}${bound > 0 ? `
       OR c.failed > 0 AND coalesce((${missKey}) <= ${missCut}, true)` : ''}`,
  };
}
