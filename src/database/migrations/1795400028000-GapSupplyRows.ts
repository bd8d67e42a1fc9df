import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * gap_supply: what each service offers to gap analysis, one row per service x area key x need category x service
 * type, for ACTIVE services that take referrals, of an active organisation. The area key is the regency an area
 * lies in (a district or village counts under its regency), or the province when the area is a whole province;
 * an area inside a province the service covers whole adds nothing. With the capacity the service reports.
 *
 * Kept by statement-level triggers on service and organization (set-based: an import writing a batch of services
 * refreshes their rows in one statement), so the analysis reads these rows instead of unnesting every service's
 * areas, categories and types on every run. `gap_supply_rebuild()` recomputes the table.
 *
 * Frozen: a later change of the rule replaces these functions in a new migration.
 */
export class GapSupplyRows1795400028000 implements MigrationInterface {
  name = 'GapSupplyRows1795400028000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gap_supply (
        service_id uuid NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        area_key text COLLATE "C" NOT NULL,
        category text COLLATE "C" NOT NULL,
        service_type text COLLATE "C" NOT NULL,
        capacity_available integer,
        capacity_maximum integer,
        PRIMARY KEY (service_id, area_key, category, service_type)
      )`);
    await q.query(`CREATE INDEX gap_supply_area_idx ON gap_supply (area_key)`);

    // The rows of some services, as they are now (set-based, driven by the ids: a statement that changed no service
    // costs nothing, and a batch reads its services by primary key; none for a service that offers nothing).
    await q.query(`
      CREATE FUNCTION gap_supply_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;
        DELETE FROM gap_supply WHERE service_id = ANY(ids);
        INSERT INTO gap_supply (service_id, area_key, category, service_type, capacity_available, capacity_maximum)
        SELECT DISTINCT s.id,
               (CASE WHEN strpos(a, '.') = 0 THEN a ELSE split_part(a, '.', 1) || '.' || split_part(a, '.', 2) END) COLLATE "C",
               cat COLLATE "C", typ COLLATE "C", s.capacity_available, s.capacity_maximum
          FROM unnest(ids) AS i(id)
          JOIN service s ON s.id = i.id
          JOIN organization o ON o.id = s.organization_id
          CROSS JOIN LATERAL unnest(s.area_codes) AS a
          CROSS JOIN LATERAL unnest(s.need_categories) AS cat
          CROSS JOIN LATERAL unnest(s.service_types) AS typ
         WHERE s.status = 'ACTIVE' AND s.accepts_referrals AND o.active
           AND (strpos(a, '.') = 0 OR NOT split_part(a, '.', 1) = ANY(s.area_codes));
      END $$`);
    await q.query(`
      CREATE FUNCTION gap_supply_services_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM gap_supply_refresh(ARRAY(SELECT id FROM new_rows));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION gap_supply_services_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE changed uuid[];
      BEGIN
        SELECT array_agg(n.id) INTO changed FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE (n.status, n.accepts_referrals, n.organization_id, n.area_codes, n.need_categories, n.service_types,
                n.capacity_available, n.capacity_maximum)
               IS DISTINCT FROM
               (o.status, o.accepts_referrals, o.organization_id, o.area_codes, o.need_categories, o.service_types,
                o.capacity_available, o.capacity_maximum);
        IF changed IS NOT NULL THEN PERFORM gap_supply_refresh(changed); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER gap_supply_services_inserted AFTER INSERT ON service
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gap_supply_services_inserted()`);
    await q.query(`
      CREATE TRIGGER gap_supply_services_updated AFTER UPDATE ON service
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gap_supply_services_updated()`);
    await q.query(`
      CREATE FUNCTION gap_supply_organizations_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE changed uuid[];
      BEGIN
        SELECT array_agg(s.id) INTO changed FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN service s ON s.organization_id = n.id
         WHERE n.active IS DISTINCT FROM o.active;
        IF changed IS NOT NULL THEN PERFORM gap_supply_refresh(changed); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER gap_supply_organizations_updated AFTER UPDATE ON organization
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gap_supply_organizations_updated()`);
    await q.query(`
      CREATE FUNCTION gap_supply_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM gap_supply_refresh(ARRAY(SELECT id FROM service));
        RETURN (SELECT count(*) FROM gap_supply);
      END $$`);
    await q.query(`SELECT gap_supply_rebuild()`);
    await q.query(`ANALYZE gap_supply`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION gap_supply_rebuild()`);
    await q.query(`DROP TRIGGER gap_supply_organizations_updated ON organization`);
    await q.query(`DROP FUNCTION gap_supply_organizations_updated()`);
    await q.query(`DROP TRIGGER gap_supply_services_updated ON service`);
    await q.query(`DROP TRIGGER gap_supply_services_inserted ON service`);
    await q.query(`DROP FUNCTION gap_supply_services_updated()`);
    await q.query(`DROP FUNCTION gap_supply_services_inserted()`);
    await q.query(`DROP FUNCTION gap_supply_refresh(uuid[])`);
    await q.query(`DROP TABLE gap_supply`);
  }
}
