/**
 * The one SQL statement behind searchServices. Each filter adds one condition; every condition is a
 * parameter, never spliced text. Kept here, in one place, and covered by the directory e2e tests.
 */
import { regionAncestry } from '../taxonomy/region-code';
import { sexToCode } from './directory.types';
import type { ServiceSearchFilter } from './dto/directory.inputs';
import { ORGANIZATION_COLUMNS, SERVICE_COLUMNS } from './directory-columns';
import { coverageKeys } from './service.entity';

/** Radius of a `near` filter that names none. */
export const DEFAULT_RADIUS_KM = 10;

export interface ServiceSearchCriteria {
  text?: string;
  needCategories?: string[];
  serviceTypes?: string[];
  regionCode?: string;
  near?: { latitude: number; longitude: number; radiusKm: number };
  age?: number;
  sex?: 'F' | 'M';
  languages?: string[];
  freeOnly?: boolean;
  acceptsReferrals?: boolean;
  hasCapacity?: boolean;
  openAt?: Date;
  statuses: string[];
  organizationId?: string;
}

/** The search criteria a (validated) GraphQL filter asks for: the one mapping the API and the benchmark share. */
export function searchCriteria(filter: ServiceSearchFilter = {}): ServiceSearchCriteria {
  return {
    text: filter.text,
    needCategories: filter.needCategories,
    serviceTypes: filter.serviceTypes,
    regionCode: filter.regionCode,
    near: filter.near && { ...filter.near, radiusKm: filter.near.radiusKm ?? DEFAULT_RADIUS_KM },
    age: filter.age,
    sex: sexToCode(filter.sex) ?? undefined,
    languages: filter.languages,
    freeOnly: filter.freeOnly,
    acceptsReferrals: filter.acceptsReferrals,
    hasCapacity: filter.hasCapacity,
    openAt: filter.openAt ? new Date(filter.openAt) : undefined,
    statuses: filter.statuses?.length ? filter.statuses : ['ACTIVE'],
    organizationId: filter.organizationId,
  };
}

/**
 * earthdistance's earth_distance(a, b), which is sec_to_gc(cube_distance(a, b)), written out: earth_distance is
 * an SQL function that Postgres cannot inline (sec_to_gc's CASE is not provably strict), so each call ran
 * through the SQL-function executor, about 5 microseconds per candidate point and half of a search's database
 * CPU. cube_distance is C; the conversion of the shortest chord to metres along the great circle is sec_to_gc's
 * own formula (earth() folds to a constant). Same values, bit for bit.
 */
export function greatCircleMeters(chordMeters: string): string {
  // sec_to_gc's `CASE WHEN x > 1 THEN 1 ELSE x END` as float8smaller(x, 1), bit for bit (1 when x > 1 or NaN, else
  // x), with the chord written once (the CASE computed it twice). Not least(): least() ignores NULL, and no point
  // must stay no distance (float8smaller is strict).
  return `(2 * earth() * asin(float8smaller(${chordMeters} / (2 * earth()), 1::float8)))`;
}

/**
 * ll_to_earth(lat, lon) as an expression PostgreSQL evaluates directly: ll_to_earth's own body (earthdistance 1.1)
 * without the cast to the earth domain. ll_to_earth is a strict SQL function whose body is not provably strict
 * (the domain cast), so it is never inlined: every execution of a statement plans its body again (~0.05-0.15 ms)
 * for each place the point appears. earth() is inlined to a constant. Same values, bit for bit.
 */
export function earthPoint(lat: string, lon: string): string {
  return `cube(cube(cube(earth() * cos(radians(${lat})) * cos(radians(${lon}))), earth() * cos(radians(${lat})) * sin(radians(${lon}))), earth() * sin(radians(${lat})))`;
}

/**
 * The statement, and whether its plan is fixed by its shape: with a region, candidates always come from the
 * region's GIN key (a few hundred to a few thousand services) and every other filter is a test on them, so
 * one generic plan serves every value (database/generic-plans.ts). Opening hours join schedules, whose best
 * plan depends on how many candidates there are: planned per request.
 */
export function buildServiceSearch(c: ServiceSearchCriteria, limit: number, offset: number): { sql: string; params: unknown[]; fixedPlan: boolean } {
  const params: unknown[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const ctes: string[] = [];
  const joins: string[] = [];
  /** Conditions on the service row alone, and those that need the text query or the distance. */
  // The organisation's active flag is kept on the service row by triggers (migration ServiceOrganizationActive).
  const where: string[] = [`s.status = ANY(${p(c.statuses)}::text[])`, 's.organization_active'];
  const after: string[] = [];
  /** With near on bounded candidates: the distance computed on each service row before the other tests. */
  let rowMeters: string | null = null;
  let order = 's.name, s.id';
  let distance = 'NULL::float8';

  const cats = c.needCategories?.length ? c.needCategories : undefined;
  // Region and category filters are answered by GIN indexes and bound the candidates to a few hundred
  // services even in a large directory: distance is then computed per candidate (see near below).
  const bounded = Boolean(c.regionCode || cats);

  const text = c.text?.trim();
  if (text) {
    // MATERIALIZED: the tsquery is computed once per statement, not once per candidate row (an inlined
    // rujuk_tsquery() call in a filter costs tens of microseconds per row).
    const t = p(text);
    // tk/tk_min: the query's trigrams and how many of them a service's names must share before word_similarity
    // can reach pg_trgm's threshold (search_trigrams, migration SearchTrigramKeys; the tolerance absorbs the
    // float4 arithmetic of pg_trgm's own comparison).
    ctes.push(`q AS MATERIALIZED (
      SELECT rujuk_tsquery(${t}) AS tsq, ${t}::text AS t, k.tk,
             ceil(coalesce(current_setting('pg_trgm.word_similarity_threshold', true)::float8, 0.6) * cardinality(k.tk) - 1e-4)::int AS tk_min
        FROM (SELECT rujuk_trigram_keys(${t}) AS tk) AS k)`);
    joins.push('CROSS JOIN q');
    after.push(
      bounded
        ? // Checked on each candidate only (with near, on those in the radius only). The operators' own
          // functions (@@ is ts_match_vq, %> is word_similarity_commutator_op) are not index conditions: a common prefix such as 'anak:*' matches
          // a tenth of the directory in the text indexes, far more work than testing the few candidates.
          `((q.tsq IS NOT NULL AND ts_match_vq(s.search_vector, q.tsq))
            OR (icount(_int_inter(s.search_trigrams, q.tk)) >= q.tk_min AND word_similarity_commutator_op(s.search_names, q.t)))`
        : `((q.tsq IS NOT NULL AND s.search_vector @@ q.tsq) OR s.search_names %> q.t)`,
    );
    order = `(coalesce(ts_rank_cd(s.search_vector, q.tsq), 0) + word_similarity(q.t, s.search_names)) DESC, s.id`;
  }
  if (c.near) {
    const lat = `${p(c.near.latitude)}::float8`;
    const lon = `${p(c.near.longitude)}::float8`;
    const meters = p(c.near.radiusKm * 1000);
    // Confidential locations never take part in distance: a radius search must not locate a shelter.
    if (bounded) {
      // Few candidates: each one's distance from the points kept on its own row as earth values (its
      // non-confidential located locations, by trigger), with no lookup of its locations and no conversion of
      // coordinates; no points, no distance, and the row drops.
      // Computed in a fenced subquery (OFFSET 0) over the service conditions, so the radius is applied before
      // the costlier text test and the organisation join, not after them.
      // The point is a scalar subquery, an InitPlan computed once per statement: in the generic plan
      // (generic-plans.ts) an expression of parameters is not folded to a constant and would otherwise be
      // recomputed for every point of every candidate (measured: execution 3 -> 6 ms on the busiest filters).
      // It is earthPoint(), not ll_to_earth(), whose body would be planned again in every execution.
      // Most services have one point: its distance is one expression on the row, without the subquery over
      // unnest() that services with several points need (no points: NULL, as min() of none).
      const from = (earth: string) => greatCircleMeters(`cube_distance(${earth}, (SELECT ${earthPoint(lat, lon)}))`);
      rowMeters = `CASE WHEN cardinality(s.point_earths) <= 1 THEN ${from('s.point_earths[1]')}
                 ELSE (SELECT min(${from('pt.earth')}) FROM unnest(s.point_earths) AS pt(earth)) END`;
    } else {
      // Any service may be near: start from the locations in the radius (GiST on ll_to_earth). Planned per
      // request, so ll_to_earth() of the parameters folds to a constant.
      const point = `ll_to_earth(${lat}, ${lon})`;
      ctes.push(`near_loc AS (
      SELECT sl.service_id, min(${greatCircleMeters(`cube_distance(ll_to_earth(l.latitude, l.longitude), ${point})`)}) AS meters
        FROM location l JOIN service_at_location sl ON sl.location_id = l.id
       WHERE l.latitude IS NOT NULL AND NOT l.confidential
         AND earth_box(${point}, ${meters}::float8) @> ll_to_earth(l.latitude, l.longitude)
       GROUP BY sl.service_id)`);
      joins.push('JOIN near_loc n ON n.service_id = s.id');
    }
    after.push(`${rowMeters ? 's' : 'n'}.meters <= ${meters}::float8`);
    distance = `${rowMeters ? 's' : 'n'}.meters / 1000.0`;
    order = `${rowMeters ? 's' : 'n'}.meters, s.id`;
  }
  if (c.regionCode) {
    const places = regionAncestry(c.regionCode);
    if (cats) {
      where.push(`s.coverage_keys && ${p(places.flatMap((pl) => coverageKeys([pl], cats)))}::text[]`);
    } else {
      where.push(`s.area_codes && ${p(places)}::text[]`);
    }
  } else if (cats) {
    where.push(`s.need_categories && ${p(cats)}::text[]`);
  }
  if (c.serviceTypes?.length) where.push(`s.service_types && ${p(c.serviceTypes)}::text[]`);
  if (c.age !== undefined) {
    const a = p(c.age);
    where.push(`(s.minimum_age IS NULL OR s.minimum_age <= ${a}::int) AND (s.maximum_age IS NULL OR s.maximum_age >= ${a}::int)`);
  }
  if (c.sex) where.push(`(s.sex IS NULL OR s.sex = ${p(c.sex)})`);
  if (c.languages?.length) where.push(`s.languages && ${p(c.languages)}::text[]`);
  if (c.freeOnly) where.push('s.free');
  if (c.acceptsReferrals !== undefined) where.push(`s.accepts_referrals = ${p(c.acceptsReferrals)}`);
  if (c.hasCapacity === true) where.push('(s.capacity_available IS NULL OR s.capacity_available > 0)');
  if (c.hasCapacity === false) where.push('s.capacity_available = 0');
  if (c.organizationId) where.push(`s.organization_id = ${p(c.organizationId)}::uuid`);
  if (c.openAt) {
    const t = p(c.openAt.toISOString());
    const local = `(${t}::timestamptz AT TIME ZONE l.time_zone)`;
    where.push(`EXISTS (
      SELECT 1 FROM service_at_location sl
        JOIN location l ON l.id = sl.location_id
        JOIN schedule sc ON sc.location_id = l.id
       WHERE sl.service_id = s.id
         AND sc.weekday = extract(isodow FROM ${local})
         AND ${local}::time >= sc.opens_at AND ${local}::time < sc.closes_at)`);
  }
  // The fenced subquery carries only what the later tests and the order read, not the whole row.
  const source = rowMeters
    ? `(SELECT s.id, s.name, s.search_vector, s.search_names, s.search_trigrams, ${rowMeters} AS meters
          FROM service s
         WHERE ${where.join('\n           AND ')}
        OFFSET 0) s`
    : 'service s';
  const conditions = rowMeters ? after : [...where, ...after];
  // Filtered, counted and ordered as narrow rows (id, distance, position); only the page's services are then read
  // whole with their organisations: the window and the sort no longer copy every candidate's full row.
  const sql = `
    ${ctes.length ? `WITH ${ctes.join(',\n')}` : ''}
    SELECT ${SERVICE_COLUMNS}, ${ORGANIZATION_COLUMNS}, page."distanceKm", page."totalCount"
      FROM (SELECT s.id, ${distance} AS "distanceKm", count(*) OVER () AS "totalCount", row_number() OVER (ORDER BY ${order}) AS pos
              FROM ${source}
              ${joins.join('\n              ')}
             WHERE ${conditions.join('\n               AND ')}
             ORDER BY ${order}
             LIMIT ${p(limit)} OFFSET ${p(offset)}) page
      JOIN service s ON s.id = page.id
      JOIN organization o ON o.id = s.organization_id
     ORDER BY page.pos`;
  return { sql, params, fixedPlan: Boolean(c.regionCode) && !c.openAt };
}
