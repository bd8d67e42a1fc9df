import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Importing the directory from files (HSDS, spreadsheets):
 * - services and locations keep the identifiers of the source records they came from, as organisations already
 *   did (`[{scheme, identifier}]`), so a second import of the same file finds what the first created; the three
 *   are looked up by their `scheme|identifier` keys, a batch at a time (`identifier_keys(identifiers) && $1`), through
 *   a GIN index on that expression;
 * - a service whose file labels map to no PMKS category or service type is kept as an inactive draft with the
 *   labels it had (`unmapped_labels`), listed for coordinators to classify;
 * - each import (dry run or applied) is a `directory_import` row with its counts, and its row report in
 *   `directory_import_issue`.
 */
export class DirectoryImport1795400017000 implements MigrationInterface {
  name = 'DirectoryImport1795400017000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service ADD COLUMN identifiers jsonb NOT NULL DEFAULT '[]', ADD COLUMN unmapped_labels text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE location ADD COLUMN identifiers jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`
      CREATE FUNCTION identifier_keys(ids jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg((e->>'scheme') || '|' || (e->>'identifier')), '{}') FROM jsonb_array_elements(ids) e
      $$`);
    await q.query(`CREATE INDEX organization_identifier_keys_idx ON organization USING gin (identifier_keys(identifiers))`);
    await q.query(`CREATE INDEX service_identifier_keys_idx ON service USING gin (identifier_keys(identifiers))`);
    await q.query(`CREATE INDEX location_identifier_keys_idx ON location USING gin (identifier_keys(identifiers))`);
    await q.query(`CREATE INDEX service_unclassified_idx ON service (created_at, id) WHERE need_categories = '{}' OR unmapped_labels <> '{}'`);
    await q.query(`
      CREATE TABLE directory_import (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        status text NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
        format text NOT NULL,
        dry_run boolean NOT NULL,
        file_name text,
        file_path text,
        file_bytes bigint,
        requested_by uuid REFERENCES user_account(id),
        requested_role text,
        requested_organization_id uuid,
        region_scope text,
        rows_read int NOT NULL DEFAULT 0,
        created int NOT NULL DEFAULT 0,
        updated int NOT NULL DEFAULT 0,
        unchanged int NOT NULL DEFAULT 0,
        rejected int NOT NULL DEFAULT 0,
        issue_count int NOT NULL DEFAULT 0,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX directory_import_requested_idx ON directory_import (requested_by, created_at)`);
    await q.query(`
      CREATE TABLE directory_import_issue (
        import_id uuid NOT NULL REFERENCES directory_import(id) ON DELETE CASCADE,
        seq int NOT NULL,
        line int NOT NULL,
        field text NOT NULL,
        rule text NOT NULL,
        value text,
        PRIMARY KEY (import_id, seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE directory_import_issue`);
    await q.query(`DROP TABLE directory_import`);
    await q.query(`DROP INDEX service_unclassified_idx`);
    await q.query(`DROP INDEX location_identifier_keys_idx`);
    await q.query(`DROP INDEX service_identifier_keys_idx`);
    await q.query(`DROP INDEX organization_identifier_keys_idx`);
    await q.query(`DROP FUNCTION identifier_keys(jsonb)`);
    await q.query(`ALTER TABLE location DROP COLUMN identifiers`);
    await q.query(`ALTER TABLE service DROP COLUMN identifiers, DROP COLUMN unmapped_labels`);
  }
}
