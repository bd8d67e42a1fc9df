import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';

/**
 * The entities and the migrated schema agree. Migrations are hand-written SQL (they carry triggers, partial and
 * GIN indexes, checks that entities do not describe), so this is a schema diff of what the application relies
 * on: every entity column exists in its table with the same type family and nullability, and every NOT NULL
 * column without a default is mapped (an insert through the entity would otherwise fail).
 */
describe('entities and the migrated schema', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
    await ds.initialize();
  });
  afterAll(() => ds.destroy());

  /** information_schema's data_type (udt_name for arrays) in the words TypeORM uses for a column type. */
  function family(t: string): string {
    const x = t.toLowerCase().replace(/^_/, '').replace(/\[\]$/, '');
    if (/^(int|int4|integer|smallint|int2|bigint|int8)$/.test(x)) return 'int';
    if (/^(text|varchar|character varying|char|character|bpchar|citext)$/.test(x)) return 'text';
    if (/^(timestamptz|timestamp with time zone|timestamp|timestamp without time zone)$/.test(x)) return 'timestamp';
    if (/^(float8|double precision|float4|real|numeric|decimal)$/.test(x)) return 'number';
    if (/^(time|time without time zone)$/.test(x)) return 'time';
    if (/^(bool|boolean)$/.test(x)) return 'boolean';
    if (/^(json|jsonb)$/.test(x)) return 'json';
    return x;
  }

  it('every entity column exists with its type and nullability; every required column is mapped', async () => {
    const problems: string[] = [];
    for (const meta of ds.entityMetadatas) {
      const rows: { column_name: string; data_type: string; udt_name: string; is_nullable: string; column_default: string | null; is_generated: string; is_identity: string }[] =
        await ds.query(
          `SELECT column_name, data_type, udt_name, is_nullable, column_default, is_generated, is_identity
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
          [meta.tableName],
        );
      if (!rows.length) {
        problems.push(`${meta.tableName}: table missing`);
        continue;
      }
      const byName = new Map(rows.map((r) => [r.column_name, r]));
      for (const col of meta.columns) {
        const row = byName.get(col.databaseName);
        if (!row) {
          problems.push(`${meta.tableName}.${col.databaseName}: column missing`);
          continue;
        }
        const dbType = row.data_type === 'ARRAY' ? row.udt_name : row.data_type === 'USER-DEFINED' ? row.udt_name : row.data_type;
        const entityType = typeof col.type === 'string' ? col.type : ds.driver.normalizeType(col);
        if (family(entityType) !== family(dbType) && !(col.isArray && row.data_type === 'ARRAY' && family(entityType) === family(row.udt_name))) {
          problems.push(`${meta.tableName}.${col.databaseName}: entity ${entityType}, table ${dbType}`);
        }
        if ((col.isArray || false) !== (row.data_type === 'ARRAY')) problems.push(`${meta.tableName}.${col.databaseName}: array mismatch`);
        if (!col.isNullable && row.is_nullable === 'YES' && !col.isPrimary) {
          problems.push(`${meta.tableName}.${col.databaseName}: NOT NULL in the entity, nullable in the table`);
        }
        if (col.isNullable && row.is_nullable === 'NO') problems.push(`${meta.tableName}.${col.databaseName}: nullable in the entity, NOT NULL in the table`);
      }
      const mapped = new Set(meta.columns.map((c) => c.databaseName));
      for (const r of rows) {
        if (mapped.has(r.column_name)) continue;
        if (r.is_nullable === 'NO' && r.column_default === null && r.is_generated === 'NEVER' && r.is_identity === 'NO') {
          problems.push(`${meta.tableName}.${r.column_name}: NOT NULL without a default, not mapped by the entity`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(ds.entityMetadatas.length).toBeGreaterThan(10);
  });
});
