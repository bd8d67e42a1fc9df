import { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns of a service the candidate statement reads (candidate.query.ts), with their types as on service. */
const COLUMNS: [string, string][] = [
  ['status', 'text NOT NULL'], ['accepts_referrals', 'boolean NOT NULL'], ['need_categories', 'text[] NOT NULL'],
  ['service_types', 'text[] NOT NULL'], ['area_codes', 'text[] NOT NULL'], ['minimum_age', 'integer'], ['maximum_age', 'integer'],
  ['sex', 'character(1)'], ['free', 'boolean NOT NULL'], ['languages', 'text[] NOT NULL'], ['capacity_available', 'integer'],
  ['capacity_waitlist', 'boolean NOT NULL'], ['point_location_ids', 'uuid[] NOT NULL'], ['point_earths', 'earth[] NOT NULL'],
  ['coverage_keys', 'text[] NOT NULL'], ['organization_active', 'boolean NOT NULL'],
];
const NAMES = COLUMNS.map(([c]) => c).join(', ');

/**
 * The candidate statement reads a narrow copy of the service columns it uses, kept by triggers, instead of
 * the service rows themselves: a busy city's 200-370 candidates are one service row each on as many heap pages,
 * and a service row (~1.4 KB: descriptions, search vector and trigrams) had to be walked to its last columns
 * (point_earths, organization_active) for each. The copy is ~430 bytes a row (43 MB at 100k services, against
 * 152 MB), so it also stays in shared buffers. Same column names, so the statement only reads another table.
 * On rujuk_bench, the same 2,000 bench profiles: 0.70 -> 0.58 ms of backend CPU per execution, the same rows.
 *
 * A row is written with its service (statement trigger on insert, with the inserted rows) and rewritten when
 * one of its columns changes, whichever statement or trigger changed it: the WHEN compares the values, since
 * organization_active and the point columns are set by other triggers (a column list would miss a BEFORE
 * trigger's change). Deleted with the service (ON DELETE CASCADE). The cost: one more row written when one of
 * these columns changes (capacity updates included). A column the statement starts reading must be added here.
 */
export class ServiceMatchRows1795400009300 implements MigrationInterface {
  name = 'ServiceMatchRows1795400009300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_match_row (
        id uuid PRIMARY KEY REFERENCES service (id) ON DELETE CASCADE,
        ${COLUMNS.map(([c, type]) => `${c} ${type}`).join(',\n        ')}
      )`);
    await q.query(`
      CREATE FUNCTION service_match_rows_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO service_match_row (id, ${NAMES}) SELECT id, ${NAMES} FROM new_services;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER service_match_rows_insert AFTER INSERT ON service
      REFERENCING NEW TABLE AS new_services FOR EACH STATEMENT EXECUTE FUNCTION service_match_rows_insert()`);
    await q.query(`
      CREATE FUNCTION service_match_rows_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE service_match_row SET (${NAMES}) = (${COLUMNS.map(([c]) => `NEW.${c}`).join(', ')}) WHERE id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER service_match_rows_update AFTER UPDATE ON service
      FOR EACH ROW WHEN ((${COLUMNS.map(([c]) => `OLD.${c}`).join(', ')}) IS DISTINCT FROM (${COLUMNS.map(([c]) => `NEW.${c}`).join(', ')}))
      EXECUTE FUNCTION service_match_rows_update()`);
    await q.query(`INSERT INTO service_match_row (id, ${NAMES}) SELECT id, ${NAMES} FROM service`);
    await q.query(`CREATE INDEX service_match_row_coverage_keys_idx ON service_match_row USING gin (coverage_keys) WITH (fastupdate = off)`);
    await q.query(`ANALYZE service_match_row`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER service_match_rows_update ON service`);
    await q.query(`DROP FUNCTION service_match_rows_update()`);
    await q.query(`DROP TRIGGER service_match_rows_insert ON service`);
    await q.query(`DROP FUNCTION service_match_rows_insert()`);
    await q.query(`DROP TABLE service_match_row`);
  }
}
