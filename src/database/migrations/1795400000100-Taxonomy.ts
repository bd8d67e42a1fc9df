import { MigrationInterface, QueryRunner } from 'typeorm';
import pmks from '../../taxonomy/data/pmks-categories.json';
import serviceTypes from '../../taxonomy/data/service-types.json';
import { loadRegions } from '../../taxonomy/region-source';

/** Reference taxonomies: PMKS need categories, service types and functions, partner kinds, fields, regions. */
export class Taxonomy1795400000100 implements MigrationInterface {
  name = 'Taxonomy1795400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE need_category (
        code text PRIMARY KEY,
        position int NOT NULL,
        name_id text NOT NULL,
        name_en text NOT NULL,
        min_age int,
        max_age int,
        sex char(1) CHECK (sex IN ('F', 'M')),
        unmarried boolean NOT NULL DEFAULT false,
        applies_to text NOT NULL DEFAULT 'person',
        criteria jsonb NOT NULL DEFAULT '[]'
      )`);
    await q.query(`CREATE TABLE service_function (code text PRIMARY KEY, name_en text NOT NULL)`);
    await q.query(`
      CREATE TABLE service_type (
        code text PRIMARY KEY,
        name_id text NOT NULL,
        name_en text NOT NULL,
        function_code text NOT NULL REFERENCES service_function(code)
      )`);
    await q.query(`CREATE TABLE practice_field (code text PRIMARY KEY, name_id text NOT NULL, name_en text NOT NULL)`);
    await q.query(`CREATE TABLE partner_kind (code text PRIMARY KEY, name_en text NOT NULL)`);
    await q.query(`
      CREATE TABLE region (
        code varchar(13) PRIMARY KEY,
        level text NOT NULL CHECK (level IN ('PROVINCE', 'REGENCY', 'DISTRICT', 'VILLAGE')),
        parent_code varchar(13) REFERENCES region(code),
        name text NOT NULL
      )`);

    const cats = pmks.categories as {
      no: number; code: string; id: string; en: string; age: [number | null, number | null];
      sex?: string; unmarried?: boolean; applies_to?: string; criteria: string[];
    }[];
    await q.query(
      `INSERT INTO need_category (code, position, name_id, name_en, min_age, max_age, sex, unmarried, applies_to, criteria)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(code text, position int, name_id text, name_en text,
         min_age int, max_age int, sex char(1), unmarried boolean, applies_to text, criteria jsonb)`,
      [JSON.stringify(cats.map((c) => ({
        code: c.code, position: c.no, name_id: c.id, name_en: c.en, min_age: c.age[0], max_age: c.age[1],
        sex: c.sex ?? null, unmarried: c.unmarried ?? false, applies_to: c.applies_to ?? 'person', criteria: c.criteria,
      })))],
    );
    await q.query(`INSERT INTO service_function SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(code text, en text)`, [
      JSON.stringify(serviceTypes.functions),
    ]);
    await q.query(
      `INSERT INTO service_type SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(code text, id text, en text, function text)`,
      [JSON.stringify(serviceTypes.serviceTypes)],
    );
    await q.query(`INSERT INTO practice_field SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(code text, id text, en text)`, [
      JSON.stringify(serviceTypes.fields),
    ]);
    await q.query(`INSERT INTO partner_kind SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(code text, en text)`, [
      JSON.stringify(serviceTypes.partnerKinds),
    ]);

    const regions = loadRegions();
    const CHUNK = 20_000;
    for (let i = 0; i < regions.length; i += CHUNK) {
      const part = regions.slice(i, i + CHUNK);
      await q.query(
        `INSERT INTO region (code, level, parent_code, name)
         SELECT * FROM unnest($1::varchar[], $2::text[], $3::varchar[], $4::text[])`,
        [part.map((r) => r.code), part.map((r) => r.level), part.map((r) => r.parentCode), part.map((r) => r.name)],
      );
    }
    await q.query(`CREATE INDEX region_parent_idx ON region (parent_code, name)`);
    await q.query(`CREATE INDEX region_level_idx ON region (level, name)`);
    await q.query(`CREATE INDEX region_name_trgm_idx ON region USING gin (name gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE region`);
    await q.query(`DROP TABLE partner_kind`);
    await q.query(`DROP TABLE practice_field`);
    await q.query(`DROP TABLE service_type`);
    await q.query(`DROP TABLE service_function`);
    await q.query(`DROP TABLE need_category`);
  }
}
