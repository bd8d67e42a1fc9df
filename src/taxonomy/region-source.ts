import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';

export type RegionLevel = 'PROVINCE' | 'REGENCY' | 'DISTRICT' | 'VILLAGE';

export interface RegionRow {
  code: string;
  level: RegionLevel;
  parentCode: string | null;
  name: string;
}

/** The idn-area-data package's own CSV files (official Kemendagri codes, ODbL). */
function packageCsv(file: string): Record<string, string>[] {
  const dir = join(dirname(require.resolve('idn-area-data/package.json')), 'data');
  const parsed = Papa.parse<Record<string, string>>(readFileSync(join(dir, file), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
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
export function loadRegions(): RegionRow[] {
  const rows: RegionRow[] = [];
  for (const r of packageCsv('provinces.csv')) rows.push({ code: r.code, level: 'PROVINCE', parentCode: null, name: tidyName(r.name) });
  for (const r of packageCsv('regencies.csv')) rows.push({ code: r.code, level: 'REGENCY', parentCode: r.province_code, name: tidyName(r.name) });
  for (const r of packageCsv('districts.csv')) rows.push({ code: r.code, level: 'DISTRICT', parentCode: r.regency_code, name: tidyName(r.name) });
  for (const r of packageCsv('villages.csv')) rows.push({ code: r.code, level: 'VILLAGE', parentCode: r.district_code, name: tidyName(r.name) });
  return rows;
}

export function idnAreaDataVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('idn-area-data/package.json'), 'utf8')) as { version: string }).version;
}
