import { MigrationInterface, QueryRunner } from 'typeorm';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';
import taxonomy from './data/1795400000100-taxonomy.json';

/**
 * The catalogues as this migration loaded them (a frozen copy: migrations import no application code), and the
 * regions from the pinned idn-area-data package's own CSV files (official Kemendagri codes, ODbL).
 */
const pmks = { categories: taxonomy.categories };
const serviceTypes = taxonomy;

type RegionLevel = 'PROVINCE' | 'REGENCY' | 'DISTRICT' | 'VILLAGE';

function packageCsv(file: string): Record<string, string>[] {
  const dir = join(dirname(require.resolve('idn-area-data/package.json')), 'data');
  const parsed = Papa.parse<Record<string, string>>(readFileSync(join(dir, file), 'utf8'), { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`idn-area-data ${file}: ${parsed.errors[0].message}`);
  return parsed.data;
}

/** Title-cases the upper-case names some releases ship ("KOTA CIMAHI" -> "Kota Cimahi"). */
function tidyName(name: string): string {
  const trimmed = name.trim();
  if (trimmed !== trimmed.toUpperCase()) return trimmed;
  return trimmed.toLowerCase().replace(/(^|[\s(/-])(\p{L})/gu, (_, p: string, c: string) => p + c.toUpperCase());
}

/** All Indonesian regions, parents before children. */
function loadRegions(): { code: string; level: RegionLevel; parentCode: string | null; name: string }[] {
  const rows: { code: string; level: RegionLevel; parentCode: string | null; name: string }[] = [];
  for (const r of packageCsv('provinces.csv')) rows.push({ code: r.code, level: 'PROVINCE', parentCode: null, name: tidyName(r.name) });
  for (const r of packageCsv('regencies.csv')) rows.push({ code: r.code, level: 'REGENCY', parentCode: r.province_code, name: tidyName(r.name) });
  for (const r of packageCsv('districts.csv')) rows.push({ code: r.code, level: 'DISTRICT', parentCode: r.regency_code, name: tidyName(r.name) });
  for (const r of packageCsv('villages.csv')) rows.push({ code: r.code, level: 'VILLAGE', parentCode: r.district_code, name: tidyName(r.name) });
  return rows;
}

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
