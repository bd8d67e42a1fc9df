/**
 * Every SQL statement of gap analysis and network metrics, in one place (docs/gaps.md explains the figures).
 * The aggregation is set-based: the snapshot of a run is ONE INSERT ... SELECT that groups needs and referrals (as
 * the narrow tables gap_need_group and gap_referral hold them) by
 * GROUPING SETS (regency, province, network), so every level reads the same data at the same instant; the gap
 * level is the pure rule of gap-level.ts rendered into the statement.
 */
import { DECLINE_REASONS, OUTCOMES } from '../referrals/referral-state';
import { gapLevelSql } from './gap-level';

/** A referral accepted (accepted and whatever followed); its hours from sending to acceptance (alias r). */
export const ACCEPTED = `(r.answered_at IS NOT NULL AND r.status <> 'DECLINED')`;
const ACCEPT_HOURS = `CASE WHEN ${ACCEPTED} THEN extract(epoch FROM r.answered_at - r.sent_at) / 3600 END`;
/**
 * What gap_referral.kind says of a referral (the trigger function gap_referral_kind in the migration that creates
 * the table computes it from status, decline reason and answer; a test holds the two together).
 */
export const KIND = { other: 0, accepted: 1, declined: 2, supplyDeclined: 3, capacityDeclined: 4, expired: 5 } as const;

/** A region code `col` lies in `region` (a parameter or expression; '' is the whole network). */
const within = (col: string, region: string) => `(${region} = '' OR ${col} = ${region} OR ${col} LIKE ${region} || '.%')`;

/**
 * Codes compared byte by byte: the statement sorts and hashes a million rows by region, category and service type,
 * and a linguistic collation's comparisons were most of its time (an 8 s sort of 1.1M rows under C.UTF-8).
 */
const C = (expression: string) => `(${expression}) COLLATE "C"`;

const GROUPING = `GROUP BY GROUPING SETS ((province, regency, category, service_type), (province, category, service_type), (category, service_type))`;
const LEVEL = `CASE GROUPING(province, regency) WHEN 0 THEN 'REGENCY' WHEN 1 THEN 'PROVINCE' ELSE 'NETWORK' END`;

const rule = gapLevelSql('cell');

/**
 * The snapshot of one run: $1 run id, $2 window in days, $3 scope ('' for the whole network, else a province or
 * regency code; `scoped` says which: a scoped run reads the rows of its regencies' cell groups through indexes
 * instead of all). Writes the regency cells of the scope, the province cells when the scope is a province or the
 * network, and the network cells when it is the network. Returns the number of cells and the time it measured.
 *
 * Cells are the region x category x service type combinations with demand: a need (open now, or opened in the
 * window) or a referral sent in the window. A need or referral counts once for each service type the need asked for.
 * Supply: ACTIVE services taking referrals of an active organisation that serve the category and the service
 * type and whose areas cover the region or part of it (an area is counted under its regency, or its province
 * when it is a whole province; a service covering a province covers each of its regencies).
 *
 * How it stays cheap at national scale (a million referrals): needs and referrals are read from the narrow tables
 * triggers keep beside them (gap_need_group, gap_referral: each row's cell group, an integer naming a regency,
 * category and list of service types in gap_cell_group), so the statement neither reads the wide referral table
 * nor joins a million referrals to their needs, cases and clients. Rows are counted per cell group (a hash on one
 * integer), the groups' counts spread over their service types and summed per regency cell, then up the levels
 * (GROUPING SETS over the regency cells); percentiles are taken per level from the accepted referrals' hours.
 */
export function snapshotSql(scoped: boolean): string {
  return `
WITH p AS (
  SELECT now() AS as_of, now() - make_interval(days => $2::int) AS since,
         CASE WHEN $3::text = '' THEN 0 ELSE cardinality(string_to_array($3::text, '.')) END AS depth),${scoped ? `
-- The scope's cell groups, by the parameter itself so the planner estimates them (a few dozen for a regency) and
-- reads their rows through the indexes on cell_group.
grp AS MATERIALIZED (SELECT g.id FROM gap_cell_group g WHERE g.regency = $3::text OR g.regency LIKE $3::text || '.%'),` : ''}
-- One row per cell group (of the scope) and service type: the regency cell the group's rows count in, and numbers
-- for that cell at each level (nested: a network cell's number orders its province cells', which order their
-- regency cells'), so the percentiles sort integers instead of four codes.
grp_cell AS MATERIALIZED (
  SELECT g.id AS cell_group, split_part(g.regency, '.', 1) AS province, g.regency, g.category, ${C('t')} AS service_type,
         dense_rank() OVER (ORDER BY g.category, ${C('t')}) AS nc,
         dense_rank() OVER (ORDER BY g.category, ${C('t')}, split_part(g.regency, '.', 1)) AS pc,
         dense_rank() OVER (ORDER BY g.category, ${C('t')}, split_part(g.regency, '.', 1), g.regency) AS rc
    FROM ${scoped ? 'grp JOIN gap_cell_group g ON g.id = grp.id' : 'gap_cell_group g'} CROSS JOIN LATERAL unnest(g.types) AS t),
-- Needs open now or opened in the window, counted per cell group (gap_need_group holds each need's status, opening
-- time and last match's result count beside its group). Counts are int from here on: sums of int add
-- up in 64-bit integers, where sums of count(*)'s bigint would add up in numeric (about 7% of the statement).
need_grp AS (
  SELECT n.cell_group, count(*)::int AS needs, (count(*) FILTER (WHERE n.status IN ('OPEN', 'REFERRED')))::int AS open_needs,
         (count(*) FILTER (WHERE n.last_match_result_count = 0))::int AS unmatched_needs
    FROM p, ${scoped ? 'grp JOIN gap_need_group n ON n.cell_group = grp.id' : 'gap_need_group n'}
   WHERE n.created_at <= p.as_of AND (n.status IN ('OPEN', 'REFERRED') OR n.created_at >= p.since)
   GROUP BY 1),
-- Referrals sent in the window, counted per cell group by kind (KIND).
ref_grp AS (
  SELECT r.cell_group, count(*)::int AS referrals_sent,
         (count(*) FILTER (WHERE r.kind = ${KIND.accepted}))::int AS accepted,
         (count(*) FILTER (WHERE r.kind IN (${KIND.declined}, ${KIND.supplyDeclined}, ${KIND.capacityDeclined})))::int AS declined,
         (count(*) FILTER (WHERE r.kind IN (${KIND.supplyDeclined}, ${KIND.capacityDeclined})))::int AS supply_declines,
         (count(*) FILTER (WHERE r.kind = ${KIND.capacityDeclined}))::int AS capacity_declines,
         (count(*) FILTER (WHERE r.kind = ${KIND.expired}))::int AS expired
    FROM p, ${scoped ? 'grp JOIN gap_referral r ON r.cell_group = grp.id' : 'gap_referral r'}
   WHERE r.sent_at >= p.since AND r.sent_at <= p.as_of
   GROUP BY 1),
regency_counts AS (
  SELECT gc.province, gc.regency, gc.category, gc.service_type,
         coalesce(sum(n.needs), 0) AS needs, coalesce(sum(n.open_needs), 0) AS open_needs, coalesce(sum(n.unmatched_needs), 0) AS unmatched_needs,
         coalesce(sum(r.referrals_sent), 0) AS referrals_sent, coalesce(sum(r.accepted), 0) AS accepted, coalesce(sum(r.declined), 0) AS declined,
         coalesce(sum(r.supply_declines), 0) AS supply_declines, coalesce(sum(r.capacity_declines), 0) AS capacity_declines,
         coalesce(sum(r.expired), 0) AS expired
    FROM grp_cell gc
    LEFT JOIN need_grp n ON n.cell_group = gc.cell_group
    LEFT JOIN ref_grp r ON r.cell_group = gc.cell_group
   WHERE n.cell_group IS NOT NULL OR r.cell_group IS NOT NULL
   GROUP BY 1, 2, 3, 4),
counts AS MATERIALIZED (
  SELECT ${LEVEL} AS level, coalesce(regency, province, '') AS region_code, category, service_type,
         sum(needs)::int AS needs, sum(open_needs)::int AS open_needs, sum(unmatched_needs)::int AS unmatched_needs,
         sum(referrals_sent)::int AS referrals_sent, sum(accepted)::int AS accepted, sum(declined)::int AS declined,
         sum(supply_declines)::int AS supply_declines, sum(capacity_declines)::int AS capacity_declines, sum(expired)::int AS expired
    FROM regency_counts ${GROUPING}),
-- Counts add up the levels; percentiles do not: each level takes them from the hours of its accepted referrals,
-- grouped by the cells' numbers (one sort serves the three levels), then named.
times_by_number AS (
  SELECT GROUPING(gc.pc, gc.rc) AS grouping, gc.nc, gc.pc, gc.rc,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY r.hours) AS median_accept_hours,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY r.hours) AS p90_accept_hours
    FROM p, ${scoped ? 'grp JOIN gap_referral r ON r.cell_group = grp.id' : 'gap_referral r'} JOIN grp_cell gc ON gc.cell_group = r.cell_group
   WHERE r.kind = ${KIND.accepted} AND r.sent_at >= p.since AND r.sent_at <= p.as_of
   GROUP BY GROUPING SETS ((gc.nc, gc.pc, gc.rc), (gc.nc, gc.pc), (gc.nc))),
ref_times AS MATERIALIZED (
  SELECT 'REGENCY' AS level, n.regency AS region_code, n.category, n.service_type, t.median_accept_hours, t.p90_accept_hours
    FROM times_by_number t JOIN (SELECT DISTINCT ON (rc) rc, regency, category, service_type FROM grp_cell ORDER BY rc) n ON n.rc = t.rc
   WHERE t.grouping = 0
  UNION ALL
  SELECT 'PROVINCE', n.province, n.category, n.service_type, t.median_accept_hours, t.p90_accept_hours
    FROM times_by_number t JOIN (SELECT DISTINCT ON (pc) pc, province, category, service_type FROM grp_cell ORDER BY pc) n ON n.pc = t.pc
   WHERE t.grouping = 1
  UNION ALL
  SELECT 'NETWORK', '', n.category, n.service_type, t.median_accept_hours, t.p90_accept_hours
    FROM times_by_number t JOIN (SELECT DISTINCT ON (nc) nc, category, service_type FROM grp_cell ORDER BY nc) n ON n.nc = t.nc
   WHERE t.grouping = 3),
demand AS (
  SELECT c.level, c.region_code, c.category AS need_category, c.service_type, c.needs, c.open_needs, c.unmatched_needs,
         c.referrals_sent, c.accepted, c.declined, c.supply_declines, c.capacity_declines, c.expired,
         t.median_accept_hours, t.p90_accept_hours
    FROM counts c LEFT JOIN ref_times t USING (level, region_code, category, service_type)),
-- The (category, service type) pairs supply is counted for: those of the cell groups read (a superset of the cells
-- with demand; supply joins only to cells with demand below).
wanted AS MATERIALIZED (SELECT DISTINCT category AS need_category, service_type FROM grp_cell),
-- One row per service x province-or-regency x (category, service type) with demand, from gap_supply (kept by
-- triggers: each ACTIVE service taking referrals of an active organisation, its areas as regency or province keys).
svc_rows AS (
  SELECT g.area_key, g.province, g.category AS need_category, g.service_type, g.capacity_available, g.capacity_maximum,
         g.province_first, g.network_first
    FROM gap_supply g
   WHERE (g.category, g.service_type) IN (SELECT need_category, service_type FROM wanted)${scoped ? `
     AND (g.area_key = split_part($3::text, '.', 1) OR g.area_key = $3::text OR g.area_key LIKE $3::text || '.%')` : ''}),
supply_key AS (
  SELECT area_key, need_category, service_type, count(*) AS services, count(capacity_available) AS reporting,
         sum(capacity_available) AS available, sum(capacity_maximum) AS maximum
    FROM svc_rows GROUP BY 1, 2, 3),
-- A service counts once in a province and once in the network, however many of its areas lie there: its rows
-- marked first there (gap_supply.province_first, network_first).
supply_up AS (
  SELECT 'PROVINCE' AS level, province AS region_code, need_category, service_type, count(*) AS services,
         count(capacity_available) AS reporting, sum(capacity_available) AS available, sum(capacity_maximum) AS maximum
    FROM svc_rows WHERE province_first
   GROUP BY 2, 3, 4
  UNION ALL
  SELECT 'NETWORK', '', need_category, service_type, count(*), count(capacity_available), sum(capacity_available), sum(capacity_maximum)
    FROM svc_rows WHERE network_first
   GROUP BY 3, 4),
cell AS (
  SELECT d.*,
         coalesce(sr.services, 0) + coalesce(sp.services, 0) + coalesce(su.services, 0) AS covering_services,
         coalesce(sr.reporting, 0) + coalesce(sp.reporting, 0) + coalesce(su.reporting, 0) AS capacity_reporting,
         CASE WHEN coalesce(sr.reporting, 0) + coalesce(sp.reporting, 0) + coalesce(su.reporting, 0) > 0
              THEN coalesce(sr.available, 0) + coalesce(sp.available, 0) + coalesce(su.available, 0) END AS capacity_available,
         CASE WHEN sr.maximum IS NOT NULL OR sp.maximum IS NOT NULL OR su.maximum IS NOT NULL
              THEN coalesce(sr.maximum, 0) + coalesce(sp.maximum, 0) + coalesce(su.maximum, 0) END AS capacity_maximum,
         d.accepted + d.declined + d.expired AS decided
    FROM p, demand d
    LEFT JOIN supply_key sr ON d.level = 'REGENCY' AND sr.area_key = d.region_code
                           AND sr.need_category = d.need_category AND sr.service_type = d.service_type
    LEFT JOIN supply_key sp ON d.level = 'REGENCY' AND sp.area_key = split_part(d.region_code, '.', 1)
                           AND sp.need_category = d.need_category AND sp.service_type = d.service_type
    LEFT JOIN supply_up su ON su.level = d.level AND su.region_code = d.region_code
                          AND su.need_category = d.need_category AND su.service_type = d.service_type
   WHERE d.level = 'REGENCY' OR (d.level = 'PROVINCE' AND p.depth <= 1) OR (d.level = 'NETWORK' AND p.depth = 0)),
stored AS (
  INSERT INTO gap_snapshot_cell (run_id, level, region_code, need_category, service_type, needs, open_needs, unmatched_needs,
         referrals_sent, accepted, declined, supply_declines, capacity_declines, expired, decided, covering_services,
         capacity_reporting, capacity_available, capacity_maximum, acceptance_rate, median_accept_hours, p90_accept_hours,
         gap_level, gap_reason, level_rank)
  SELECT $1::uuid, cell.level, nullif(cell.region_code, ''), cell.need_category, cell.service_type, cell.needs, cell.open_needs,
         cell.unmatched_needs, cell.referrals_sent, cell.accepted, cell.declined, cell.supply_declines, cell.capacity_declines,
         cell.expired, cell.decided, cell.covering_services, cell.capacity_reporting, cell.capacity_available, cell.capacity_maximum,
         CASE WHEN cell.decided > 0 THEN round(cell.accepted::numeric / cell.decided, 4) END,
         round(cell.median_accept_hours::numeric, 2), round(cell.p90_accept_hours::numeric, 2),
         ${rule.level}, ${rule.reason}, ${rule.rank}
    FROM cell
  RETURNING 1)
SELECT (SELECT count(*) FROM stored)::int AS cells, (SELECT as_of FROM p) AS as_of`
}

// ---- runs ----------------------------------------------------------------------------------------------

export const RUN_COLUMNS = `id, region_code AS "regionCode", status, window_days AS "windowDays", requested_at AS "requestedAt",
  started_at AS "startedAt", finished_at AS "finishedAt", as_of AS "asOf", cell_count AS "cellCount", sql_ms AS "sqlMs", error`;

/** A new pending run of a scope, or nothing when one is already pending ($1 region or null, $2 window, $3 requester). */
export const INSERT_RUN_SQL = `
  INSERT INTO gap_analysis_run (region_code, window_days, requested_by) VALUES ($1, $2, $3)
  ON CONFLICT ((coalesce(region_code, ''))) WHERE status IN ('QUEUED', 'RUNNING') DO NOTHING
  RETURNING ${RUN_COLUMNS}`;

/**
 * Gives up the scope's pending run when it was requested more than $2 minutes ago: its job was lost (the worker
 * died mid-run, or Redis lost the job). The next request then starts a new run; a late job finds it FAILED.
 */
export const ABANDON_RUN_SQL = `
  UPDATE gap_analysis_run SET status = 'FAILED', finished_at = clock_timestamp(), error = 'abandoned: not finished in time'
   WHERE coalesce(region_code, '') = coalesce($1, '') AND status IN ('QUEUED', 'RUNNING')
     AND requested_at < clock_timestamp() - make_interval(mins => $2::int)`;

export const PENDING_RUN_SQL = `
  SELECT ${RUN_COLUMNS} FROM gap_analysis_run WHERE coalesce(region_code, '') = coalesce($1, '') AND status IN ('QUEUED', 'RUNNING')`;

export const RUN_BY_ID_SQL = `SELECT ${RUN_COLUMNS} FROM gap_analysis_run WHERE id = $1`;

/** The latest finished run whose scope covers the region $1 ('' = the whole network: only network runs). */
export const LATEST_RUN_SQL = `
  SELECT id FROM gap_analysis_run
   WHERE status = 'SUCCEEDED' AND (region_code IS NULL OR (region_code = $1 OR $1 LIKE region_code || '.%'))
   ORDER BY as_of DESC LIMIT 1`;

// ---- reads ---------------------------------------------------------------------------------------------

/** The columns of a cell as read (alias c, r = region, g = run). */
export const CELL_COLUMNS = `c.run_id AS "runId", g.as_of AS "asOf", c.level, c.region_code AS "regionCode", r.name AS "regionName",
  c.need_category AS "needCategory", c.service_type AS "serviceType", c.gap_level AS "gapLevel", c.gap_reason AS "gapReason",
  c.needs, c.open_needs AS "openNeeds", c.unmatched_needs AS "unmatchedNeeds", c.referrals_sent AS "referralsSent",
  c.accepted, c.declined, c.supply_declines AS "supplyDeclines", c.capacity_declines AS "capacityDeclines", c.expired, c.decided,
  c.covering_services AS "coveringServices", c.capacity_available AS "capacityAvailable", c.capacity_maximum AS "capacityMaximum",
  c.acceptance_rate::float8 AS "acceptanceRate", c.median_accept_hours::float8 AS "medianHoursToAccept",
  c.p90_accept_hours::float8 AS "p90HoursToAccept"`;

export interface CellFilter {
  runId: string;
  /** The readable region ('' = everything, network cells included). */
  scope: string;
  regionCode?: string | null;
  level?: string | null;
  needCategory?: string | null;
  serviceType?: string | null;
  gapLevels?: string[] | null;
}

/** FROM and WHERE of a run's cells under a filter, with its parameters (numbered from `first`). */
export function cellWhere(f: CellFilter, params: unknown[]): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [`c.run_id = ${p(f.runId)}::uuid`];
  const scope = p(f.scope);
  where.push(`(${scope} = '' OR c.region_code = ${scope} OR c.region_code LIKE ${scope} || '.%')`);
  if (f.regionCode) {
    const region = p(f.regionCode);
    where.push(`(c.region_code = ${region} OR c.region_code LIKE ${region} || '.%')`);
  }
  if (f.level) where.push(`c.level = ${p(f.level)}`);
  if (f.needCategory) where.push(`c.need_category = ${p(f.needCategory)}`);
  if (f.serviceType) where.push(`c.service_type = ${p(f.serviceType)}`);
  if (f.gapLevels?.length) where.push(`c.gap_level = ANY(${p(f.gapLevels)}::text[])`);
  return `FROM gap_snapshot_cell c JOIN gap_analysis_run g ON g.id = c.run_id LEFT JOIN region r ON r.code = c.region_code
   WHERE ${where.join(' AND ')}`;
}

/** Most severe first, then the most open needs; stable. */
export const CELL_ORDER = `ORDER BY c.level_rank DESC, c.open_needs DESC, c.needs DESC, c.level, c.region_code, c.need_category, c.service_type`;

/** One page of cells with the total: $… from cellWhere, then limit and offset. */
export function cellPageSql(f: CellFilter, limit: number, offset: number): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const from = cellWhere(f, params);
  params.push(limit, offset);
  return {
    sql: `SELECT ${CELL_COLUMNS}, count(*) OVER ()::int AS "totalCount" ${from} ${CELL_ORDER} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  };
}

/**
 * Every cell under a filter, for the CSV export: `select` is the SELECT list, over the cell (c), its run (g), its
 * region (r), and the names of its category (nc.name) and service type (st.name) in a language.
 */
export function cellExportSql(f: CellFilter, lang: 'id' | 'en', select: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const from = cellWhere(f, params);
  const name = lang === 'en' ? 'name_en' : 'name_id';
  const names = `LEFT JOIN (SELECT code, ${name} AS name FROM need_category) nc ON nc.code = c.need_category
    LEFT JOIN (SELECT code, ${name} AS name FROM service_type) st ON st.code = c.service_type WHERE`;
  return { sql: `SELECT ${select} ${from.replace('WHERE', names)} ${CELL_ORDER}`, params };
}

/**
 * The rows of network metrics per service (kind SERVICE) for the CSV export: `select` over the metrics row (m);
 * $1-$3 as metricsSql, ordered by organisation and service.
 */
export function serviceMetricsExportSql(select: string): string {
  return `SELECT ${select} FROM (${metricsSql(null, 'SERVICE')}) m ORDER BY m."organizationName", m."organizationId", m."serviceName", m."serviceId"`;
}

/** One region and category across finished runs that hold it, oldest first: $1 region, $2 category, $3 type or null, $4 last. */
export const TREND_SQL = `
  SELECT * FROM (
    SELECT ${CELL_COLUMNS}
      FROM gap_snapshot_cell c JOIN gap_analysis_run g ON g.id = c.run_id LEFT JOIN region r ON r.code = c.region_code
     WHERE c.region_code = $1 AND c.need_category = $2 AND ($3::text IS NULL OR c.service_type = $3) AND g.status = 'SUCCEEDED'
     ORDER BY g.as_of DESC, c.service_type LIMIT $4) t
  ORDER BY "asOf", "serviceType"`;

// ---- network metrics -----------------------------------------------------------------------------------

const reasonColumn = (reason: string) => `declined_${reason.toLowerCase()}`;
const outcomeColumn = (outcome: string) => `completed_${outcome.toLowerCase()}`;
export const DECLINE_COLUMNS = DECLINE_REASONS.map((reason) => ({ reason, column: reasonColumn(reason) }));
export const OUTCOME_COLUMNS = OUTCOMES.map((outcome) => ({ outcome, column: outcomeColumn(outcome) }));

/**
 * Referrals sent in [$1, $2) to clients of region $3 ('' = all), grouped by receiving organisation and service,
 * with the network's total (kind TOTAL, ORGANIZATION, SERVICE). `limit`: the busiest organisations and services
 * kept of each (null keeps all, ordered by organisation and service, for the CSV); `only`: one kind of row.
 *
 * Extension point, follow-up outcomes: when follow-ups are recorded (a table of follow-up tasks with their
 * outcome per referral), add a `follow_ups` CTE aggregating them per referral_id, join it to `refs` on r.id and
 * count its outcomes here beside completed_*; NetworkMetricsRow and the GraphQL type take the new columns.
 */
export function metricsSql(limit: number | null, only?: 'SERVICE'): string {
  const measures = `
    count(*)::int AS sent, count(*) FILTER (WHERE accepted)::int AS accepted,
    count(*) FILTER (WHERE status = 'DECLINED')::int AS declined,
    ${DECLINE_COLUMNS.map((d) => `count(*) FILTER (WHERE status = 'DECLINED' AND decline_reason = '${d.reason}')::int AS ${d.column}`).join(',\n    ')},
    count(*) FILTER (WHERE status = 'EXPIRED')::int AS expired,
    count(*) FILTER (WHERE status = 'SENT')::int AS pending,
    count(*) FILTER (WHERE status = 'COMPLETED')::int AS completed,
    ${OUTCOME_COLUMNS.map((o) => `count(*) FILTER (WHERE status = 'COMPLETED' AND outcome = '${o.outcome}')::int AS ${o.column}`).join(',\n    ')},
    (percentile_cont(0.5) WITHIN GROUP (ORDER BY accept_hours))::numeric AS median_hours,
    (percentile_cont(0.9) WITHIN GROUP (ORDER BY accept_hours))::numeric AS p90_hours`;
  const grouped = `
    SELECT CASE GROUPING(to_organization_id, service_id) WHEN 0 THEN 'SERVICE' WHEN 1 THEN 'ORGANIZATION' ELSE 'TOTAL' END AS kind,
           to_organization_id, service_id, ${measures}
      FROM refs GROUP BY GROUPING SETS ((), (to_organization_id), (to_organization_id, service_id))`;
  const kept = limit === null
    ? `SELECT * FROM grouped${only ? ` WHERE kind = '${only}'` : ''}`
    : `SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY kind ORDER BY sent DESC, to_organization_id, service_id) AS n FROM grouped) x
        WHERE n <= ${Math.trunc(limit)}`;
  return `
  WITH refs AS (
    SELECT r.to_organization_id, r.service_id, r.status, r.decline_reason, r.outcome, ${ACCEPTED} AS accepted, ${ACCEPT_HOURS} AS accept_hours
      FROM referral r JOIN client c ON c.id = r.client_id
     WHERE r.sent_at >= $1 AND r.sent_at < $2 AND ${within('c.regency_code', '$3::text')}),
  grouped AS (${grouped}),
  kept AS (${kept})
  SELECT k.kind, k.to_organization_id AS "organizationId", o.name AS "organizationName", k.service_id AS "serviceId",
         s.name AS "serviceName", k.sent, k.accepted, k.declined, ${DECLINE_COLUMNS.map((d) => `k.${d.column}`).join(', ')},
         k.expired, k.pending, k.completed, ${OUTCOME_COLUMNS.map((o) => `k.${o.column}`).join(', ')},
         CASE WHEN k.accepted + k.declined + k.expired > 0 THEN round(k.accepted::numeric / (k.accepted + k.declined + k.expired), 4)::float8 END AS "acceptanceRate",
         round(k.median_hours, 2)::float8 AS "medianHoursToAccept", round(k.p90_hours, 2)::float8 AS "p90HoursToAccept"
    FROM kept k
    LEFT JOIN organization o ON o.id = k.to_organization_id
    LEFT JOIN service s ON s.id = k.service_id
   ORDER BY CASE k.kind WHEN 'TOTAL' THEN 0 WHEN 'ORGANIZATION' THEN 1 ELSE 2 END,
            ${limit === null ? 'o.name, k.to_organization_id, s.name, k.service_id' : 'k.sent DESC, k.to_organization_id, k.service_id'}`;
}
