import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The matcher's bounded near misses read from a narrow side table kept by triggers, in service id order, instead
 * of gathering whole sets and sorting them (docs/performance.md, matching: 86% of the candidate statement's
 * buffers in a busy city were the near misses: 561 organisation lookups, and about 1,000 service rows read to
 * keep 10). One row per key a service is found by:
 * - `a|<area code>` for each area it covers ("the area covered, not the category");
 * - `o|<province or regency of its organisation>|<category>` for each category it serves ("the category served by
 *   an organisation of the client's regency, outside the area").
 * Each row carries the service's categories and areas, so the test of a near miss is answered from the index
 * (service_match_key_pkey INCLUDE) and the walk in id order stops at the bound.
 */
export class ServiceMatchKeys1795400009100 implements MigrationInterface {
  name = 'ServiceMatchKeys1795400009100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_match_key (
        key text NOT NULL,
        service_id uuid NOT NULL REFERENCES service (id) ON DELETE CASCADE,
        need_categories text[] NOT NULL,
        area_codes text[] NOT NULL,
        PRIMARY KEY (key, service_id) INCLUDE (need_categories, area_codes)
      )`);
    await q.query(`CREATE INDEX service_match_key_service_idx ON service_match_key (service_id)`);
    await q.query(`
      CREATE FUNCTION service_match_keys_of(s service, organization_region text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
        SELECT 'a|' || a FROM unnest(s.area_codes) a
        UNION
        SELECT 'o|' || r || '|' || c
          FROM unnest(s.need_categories) c,
               unnest(ARRAY[split_part(organization_region, '.', 1),
                            CASE WHEN organization_region LIKE '%.%'
                                 THEN split_part(organization_region, '.', 1) || '.' || split_part(organization_region, '.', 2) END]) r
         WHERE r IS NOT NULL
      $$`);
    await q.query(`
      CREATE FUNCTION service_match_keys_refresh(service_ids uuid[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM service_match_key WHERE service_id = ANY(service_ids);
        INSERT INTO service_match_key (key, service_id, need_categories, area_codes)
        SELECT k.key, s.id, s.need_categories, s.area_codes
          FROM service s JOIN organization o ON o.id = s.organization_id
          CROSS JOIN LATERAL service_match_keys_of(s, o.region_code) AS k(key)
         WHERE s.id = ANY(service_ids)
      $$`);
    await q.query(`
      CREATE FUNCTION service_match_keys_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM service_match_keys_refresh(ARRAY(SELECT id FROM new_services));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER service_match_keys_insert AFTER INSERT ON service
      REFERENCING NEW TABLE AS new_services FOR EACH STATEMENT EXECUTE FUNCTION service_match_keys_insert()`);
    await q.query(`
      CREATE FUNCTION service_match_keys_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM service_match_keys_refresh(ARRAY[NEW.id]);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER service_match_keys_update AFTER UPDATE OF need_categories, area_codes, organization_id ON service
      FOR EACH ROW WHEN ((OLD.need_categories, OLD.area_codes, OLD.organization_id) IS DISTINCT FROM (NEW.need_categories, NEW.area_codes, NEW.organization_id))
      EXECUTE FUNCTION service_match_keys_update()`);
    await q.query(`
      CREATE FUNCTION organization_match_keys_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM service_match_keys_refresh(ARRAY(SELECT id FROM service WHERE organization_id = NEW.id));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER organization_match_keys_update AFTER UPDATE OF region_code ON organization
      FOR EACH ROW WHEN (OLD.region_code IS DISTINCT FROM NEW.region_code) EXECUTE FUNCTION organization_match_keys_update()`);
    // Filled in key order, so a walk of one key reads neighbouring rows.
    await q.query(`
      INSERT INTO service_match_key (key, service_id, need_categories, area_codes)
      SELECT k.key, s.id, s.need_categories, s.area_codes
        FROM service s JOIN organization o ON o.id = s.organization_id
        CROSS JOIN LATERAL service_match_keys_of(s, o.region_code) AS k(key)
       ORDER BY 1, 2`);
    await q.query(`ANALYZE service_match_key`);
    // Only the near misses it served used this index (20 MB at 100k services).
    await q.query(`DROP INDEX service_organization_match_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX service_organization_match_idx ON service (organization_id) INCLUDE (id, need_categories, coverage_keys)`);
    await q.query(`DROP TRIGGER organization_match_keys_update ON organization`);
    await q.query(`DROP FUNCTION organization_match_keys_update()`);
    await q.query(`DROP TRIGGER service_match_keys_update ON service`);
    await q.query(`DROP FUNCTION service_match_keys_update()`);
    await q.query(`DROP TRIGGER service_match_keys_insert ON service`);
    await q.query(`DROP FUNCTION service_match_keys_insert()`);
    await q.query(`DROP FUNCTION service_match_keys_refresh(uuid[])`);
    await q.query(`DROP FUNCTION service_match_keys_of(service, text)`);
    await q.query(`DROP TABLE service_match_key`);
  }
}
