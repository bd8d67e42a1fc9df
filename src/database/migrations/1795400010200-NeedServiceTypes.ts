import { MigrationInterface, QueryRunner } from 'typeorm';
import defaults from './data/1795400010200-default-service-types.json';

/**
 * What help a need asks for: `need.service_types` (codes of service_type), chosen at intake, and the default
 * service types of each PMKS category (`need_category.default_service_types`) that a need takes unless the
 * case manager chooses others. Existing needs take their category's defaults.
 */
export class NeedServiceTypes1795400010200 implements MigrationInterface {
  name = 'NeedServiceTypes1795400010200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE need_category ADD COLUMN default_service_types text[] NOT NULL DEFAULT '{}'`);
    await q.query(
      `UPDATE need_category c SET default_service_types = d.types
         FROM jsonb_each($1::jsonb) AS e(code, value)
         CROSS JOIN LATERAL (SELECT array_agg(t ORDER BY n) AS types FROM jsonb_array_elements_text(e.value) WITH ORDINALITY AS x(t, n)) d
        WHERE c.code = e.code`,
      [JSON.stringify(defaults.defaults)],
    );
    await q.query(`ALTER TABLE need ADD COLUMN service_types text[] NOT NULL DEFAULT '{}'`);
    await q.query(`UPDATE need n SET service_types = c.default_service_types FROM need_category c WHERE c.code = n.category`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE need DROP COLUMN service_types`);
    await q.query(`ALTER TABLE need_category DROP COLUMN default_service_types`);
  }
}
