import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * gap_supply marks, for each service, category and service type, its first row in each province (`province_first`)
 * and its first row of all (`network_first`), the area keys in byte order. A service covering two regencies of one
 * province has two rows there but counts once in the province's supply, and once in the network's: gap analysis
 * counted it by DISTINCT over all rows of a run (two hash aggregations of ~70,000 rows at national scale, about a
 * tenth of the statement); it now sums the marked rows. The marks are set where the rows are written, by
 * gap_supply_refresh, which writes all of a service's rows at once.
 *
 * Frozen: a later change of the rule replaces these functions in a new migration.
 */
export class GapSupplyFirstRows1795400033000 implements MigrationInterface {
  name = 'GapSupplyFirstRows1795400033000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE gap_supply
        ADD COLUMN province text COLLATE "C" GENERATED ALWAYS AS (split_part(area_key, '.', 1)) STORED,
        ADD COLUMN province_first boolean NOT NULL DEFAULT false,
        ADD COLUMN network_first boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE OR REPLACE FUNCTION gap_supply_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;
        DELETE FROM gap_supply WHERE service_id = ANY(ids);
        INSERT INTO gap_supply (service_id, area_key, category, service_type, capacity_available, capacity_maximum,
                                province_first, network_first)
        SELECT r.id, r.area_key, r.cat, r.typ, r.capacity_available, r.capacity_maximum,
               row_number() OVER (PARTITION BY r.id, r.cat, r.typ, split_part(r.area_key, '.', 1) ORDER BY r.area_key) = 1,
               row_number() OVER (PARTITION BY r.id, r.cat, r.typ ORDER BY r.area_key) = 1
          FROM (
            SELECT DISTINCT s.id,
                   (CASE WHEN strpos(a, '.') = 0 THEN a ELSE split_part(a, '.', 1) || '.' || split_part(a, '.', 2) END) COLLATE "C" AS area_key,
                   cat COLLATE "C" AS cat, typ COLLATE "C" AS typ, s.capacity_available, s.capacity_maximum
              FROM unnest(ids) AS i(id)
              JOIN service s ON s.id = i.id
              JOIN organization o ON o.id = s.organization_id
              CROSS JOIN LATERAL unnest(s.area_codes) AS a
              CROSS JOIN LATERAL unnest(s.need_categories) AS cat
              CROSS JOIN LATERAL unnest(s.service_types) AS typ
             WHERE s.status = 'ACTIVE' AND s.accepts_referrals AND o.active
               AND (strpos(a, '.') = 0 OR NOT split_part(a, '.', 1) = ANY(s.area_codes))) r;
      END $$`);
    await q.query(`SELECT gap_supply_rebuild()`);
    await q.query(`ANALYZE gap_supply`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION gap_supply_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
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
    await q.query(`ALTER TABLE gap_supply DROP COLUMN network_first, DROP COLUMN province_first, DROP COLUMN province`);
  }
}
