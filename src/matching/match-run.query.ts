/**
 * The statement after ranking: records the run (every run, also one that found nothing), marks the need with its
 * result count, and reads the services the case manager will see in full (service, organisation, and the location
 * a candidate would be met at), all in one round trip.
 *
 * The run log may lose its last few milliseconds in a crash, so its commit does not wait for the WAL flush:
 * `set_config(..., true)` applies to this statement's own transaction, and is read when it commits.
 */
import { selectedColumns, SelectedFields, TEXT_ARRAY_ALIASES } from '../directory/directory-columns';
import { parseTextArray } from './text-array';

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
 * the API parsed three times the bytes (60 KB against 20 KB for 30 services). Those few columns come as plain
 * columns, one row per shown service: building JSON of them cost the database 0.30-0.33 ms, plain rows
 * 0.19-0.20 ms, and node-postgres parses the rows in no more time than JSON.parse took (tmp A/B, 30 services).
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
    SELECT run.id AS "runId", d.*
      FROM run CROSS JOIN relaxed
      LEFT JOIN LATERAL (
        SELECT ${[columns.service, columns.organization, columns.location].filter(Boolean).join(', ')}
          FROM shown
          JOIN service s ON s.id = shown.service_id
          JOIN organization o ON o.id = s.organization_id
          LEFT JOIN location l ON l.id = shown.location_id
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
 * The run id and the shown services' rows (none when the run showed none: one row, without a service), their
 * text[] columns parsed (they come as text, TEXT_ARRAY_ALIASES).
 */
export function shownServices<T extends { id: string | null }>(rows: ({ runId: string } & T)[]): { runId: string; shown: T[] } {
  const shown: T[] = [];
  for (const row of rows) {
    if (row.id === null) continue;
    const columns = row as unknown as Record<string, unknown>;
    for (const alias of TEXT_ARRAY_ALIASES) {
      const text = columns[alias];
      if (typeof text === 'string') columns[alias] = parseTextArray(text);
    }
    shown.push(row);
  }
  return { runId: rows[0].runId, shown };
}
