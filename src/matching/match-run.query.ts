/**
 * The statement after ranking: records the run (every run, also one that found nothing), marks the need with its
 * result count, and reads the services the case manager will see in full (service, organisation, and the location
 * a candidate would be met at), all in one round trip.
 *
 * The run log may lose its last few milliseconds in a crash, so its commit does not wait for the WAL flush:
 * `set_config(..., true)` applies to this statement's own transaction, and is read when it commits.
 */
import { selectedColumns, SelectedFields } from '../directory/directory-columns';

export interface MatchRunRecord {
  actorId: string;
  needId: string | null;
  category: string;
  regionCode: string | null;
  filters: Record<string, unknown>;
  candidateIds: string[];
  excludedIds: string[];
}

/** A service to show, and the location to show it at (none for a near miss). */
export interface ShownService {
  serviceId: string;
  locationId: string | null;
}

/**
 * `fields`: the GraphQL fields the request selects of the shown services, their organisations and locations
 * (matching.fields.ts); only their columns are read (directory-columns.ts). The full rows as JSON cost the
 * database 0.62 ms per match against 0.31-0.34 ms for the dozen columns a case manager's screen asks for, and
 * the API parsed three times the bytes (60 KB against 20 KB for 30 services).
 */
export function buildMatchRunStatement(run: MatchRunRecord, shown: ShownService[], fields: SelectedFields): { sql: string; params: unknown[] } {
  const columns = selectedColumns(fields);
  const sql = `
    WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)),
    run AS (
      INSERT INTO match_run (actor_id, need_id, need_category, region_code, filters, candidate_ids, excluded_ids, result_count)
      VALUES ($1, $2, $3, $4, $5::jsonb, $6::uuid[], $7::uuid[], cardinality($6::uuid[])) RETURNING id),
    touched AS (UPDATE need SET last_match_result_count = cardinality($6::uuid[]), last_matched_at = now() WHERE id = $2),
    shown AS (SELECT * FROM unnest($8::uuid[], $9::uuid[]) AS x(service_id, location_id))
    SELECT run.id AS "runId", to_json(d) AS shown
      FROM run CROSS JOIN relaxed
      LEFT JOIN LATERAL (
        SELECT ${[columns.service, columns.organization].filter(Boolean).join(', ')}, to_json(loc) AS location
          FROM shown
          JOIN service s ON s.id = shown.service_id
          JOIN organization o ON o.id = s.organization_id
          LEFT JOIN LATERAL (SELECT ${columns.location} FROM location l WHERE l.id = shown.location_id) loc ON true
      ) d ON true`;
  return {
    sql,
    params: [
      run.actorId, run.needId, run.category, run.regionCode, JSON.stringify(run.filters), run.candidateIds, run.excludedIds,
      shown.map((s) => s.serviceId), shown.map((s) => s.locationId),
    ],
  };
}

/**
 * The timestamps of a shown service and its organisation (those of their columns the statement read), which JSON
 * carries as text. A shown service comes as one JSON value: node-postgres turned each of its ~45 columns into a
 * property of a row object in dictionary mode, parsed each timestamp and array on its own (~1 ms per match).
 */
const TIMESTAMPS = ['capacityUpdatedAt', 'verifiedAt', 'staleSince', 'createdAt', 'updatedAt', 'org_createdAt', 'org_updatedAt'] as const;

/** The run id and the shown services (as the statement's `shown` column), their timestamps as Dates. */
export function shownServices<T>(rows: { runId: string; shown: Record<string, unknown> | null }[]): { runId: string; shown: T[] } {
  const shown: T[] = [];
  for (const row of rows) {
    if (!row.shown) continue;
    for (const key of TIMESTAMPS) {
      const value = row.shown[key];
      if (typeof value === 'string') row.shown[key] = new Date(value);
    }
    shown.push(row.shown as T);
  }
  return { runId: rows[0].runId, shown };
}
