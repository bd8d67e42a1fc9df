/**
 * Where the synthetic directory's organisations are: every regency (kabupaten/kota) of idn-area-data, weighted
 * so that the network is denser where people are, with an approximate centre for each.
 *
 * idn-area-data has no coordinates for regencies. Approximations that are good enough for a benchmark:
 * - each province has a hand-written centre and spread (degrees) below;
 * - a regency with offshore islands in idn-area-data's islands.csv is centred between its islands' mean and the
 *   province centre; any other regency sits at a deterministic offset from the province centre within the spread.
 * Weights: number of districts, x2.5 for a city (Kota), x1.8 on Java: a rough stand-in for population.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';

interface ProvinceGeo {
  lat: number;
  lon: number;
  spread: number;
  timeZone: 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';
  /** A regional language some services offer beside Indonesian (ISO 639). */
  language?: string;
}

const WIB = 'Asia/Jakarta' as const;
const WITA = 'Asia/Makassar' as const;
const WIT = 'Asia/Jayapura' as const;

export const PROVINCES: Record<string, ProvinceGeo> = {
  '11': { lat: 4.36, lon: 96.94, spread: 1.2, timeZone: WIB, language: 'ace' },
  '12': { lat: 2.19, lon: 99.38, spread: 1.3, timeZone: WIB, language: 'btk' },
  '13': { lat: -0.74, lon: 100.8, spread: 1.0, timeZone: WIB, language: 'min' },
  '14': { lat: 0.29, lon: 101.71, spread: 1.2, timeZone: WIB, language: 'ms' },
  '15': { lat: -1.61, lon: 103.61, spread: 1.0, timeZone: WIB, language: 'ms' },
  '16': { lat: -3.32, lon: 104.91, spread: 1.2, timeZone: WIB, language: 'ms' },
  '17': { lat: -3.79, lon: 102.26, spread: 0.8, timeZone: WIB },
  '18': { lat: -4.56, lon: 105.41, spread: 0.9, timeZone: WIB, language: 'ljp' },
  '19': { lat: -2.74, lon: 106.44, spread: 0.8, timeZone: WIB, language: 'ms' },
  '21': { lat: 1.0, lon: 104.5, spread: 1.0, timeZone: WIB, language: 'ms' },
  '31': { lat: -6.21, lon: 106.85, spread: 0.12, timeZone: WIB },
  '32': { lat: -6.9, lon: 107.6, spread: 0.8, timeZone: WIB, language: 'su' },
  '33': { lat: -7.15, lon: 110.14, spread: 0.9, timeZone: WIB, language: 'jv' },
  '34': { lat: -7.8, lon: 110.36, spread: 0.25, timeZone: WIB, language: 'jv' },
  '35': { lat: -7.54, lon: 112.24, spread: 1.2, timeZone: WIB, language: 'jv' },
  '36': { lat: -6.41, lon: 106.06, spread: 0.4, timeZone: WIB, language: 'su' },
  '51': { lat: -8.41, lon: 115.19, spread: 0.3, timeZone: WITA, language: 'ban' },
  '52': { lat: -8.65, lon: 117.36, spread: 0.9, timeZone: WITA, language: 'sas' },
  '53': { lat: -8.66, lon: 121.08, spread: 1.5, timeZone: WITA },
  '61': { lat: -0.28, lon: 111.48, spread: 1.5, timeZone: WIB },
  '62': { lat: -1.68, lon: 113.38, spread: 1.5, timeZone: WIB },
  '63': { lat: -3.09, lon: 115.28, spread: 0.8, timeZone: WITA, language: 'bjn' },
  '64': { lat: 0.54, lon: 116.42, spread: 1.5, timeZone: WITA },
  '65': { lat: 3.07, lon: 116.04, spread: 0.8, timeZone: WITA },
  '71': { lat: 0.62, lon: 123.98, spread: 0.8, timeZone: WITA },
  '72': { lat: -1.43, lon: 121.45, spread: 1.3, timeZone: WITA },
  '73': { lat: -3.67, lon: 119.97, spread: 1.2, timeZone: WITA, language: 'bug' },
  '74': { lat: -4.14, lon: 122.17, spread: 1.0, timeZone: WITA },
  '75': { lat: 0.7, lon: 122.45, spread: 0.5, timeZone: WITA },
  '76': { lat: -2.84, lon: 119.23, spread: 0.6, timeZone: WITA },
  '81': { lat: -3.24, lon: 130.15, spread: 1.5, timeZone: WIT },
  '82': { lat: 1.57, lon: 127.81, spread: 1.0, timeZone: WIT },
  '91': { lat: -2.5, lon: 138.5, spread: 1.5, timeZone: WIT },
  '92': { lat: -1.34, lon: 133.17, spread: 1.0, timeZone: WIT },
  '93': { lat: -7.0, lon: 139.5, spread: 1.0, timeZone: WIT },
  '94': { lat: -3.9, lon: 136.5, spread: 1.0, timeZone: WIT },
  '95': { lat: -4.1, lon: 138.9, spread: 0.8, timeZone: WIT },
  '96': { lat: -1.1, lon: 131.9, spread: 0.9, timeZone: WIT },
};

export interface BenchRegency {
  code: string;
  provinceCode: string;
  name: string;
  weight: number;
  latitude: number;
  longitude: number;
  /** How far (degrees) locations scatter around the centre: a city is small, a kabupaten is not. */
  spread: number;
  timeZone: string;
  language: string | null;
}

function csv(file: string): Record<string, string>[] {
  const dir = join(dirname(require.resolve('idn-area-data/package.json')), 'data');
  return Papa.parse<Record<string, string>>(readFileSync(join(dir, file), 'utf8'), { header: true, skipEmptyLines: true }).data;
}

/** `03°19'03.44" N 097°07'41.73" E` -> [3.3176, 97.1282]. */
export function parseDms(text: string): [number, number] | null {
  const m = /(\d+)°(\d+)'([\d.]+)"\s*([NS])\s+(\d+)°(\d+)'([\d.]+)"\s*([EW])/.exec(text);
  if (!m) return null;
  const deg = (d: string, mi: string, s: string, hemi: string) => (Number(d) + Number(mi) / 60 + Number(s) / 3600) * (hemi === 'S' || hemi === 'W' ? -1 : 1);
  return [deg(m[1], m[2], m[3], m[4]), deg(m[5], m[6], m[7], m[8])];
}

/** A stable pseudo-random number in [0, 1) from a string (FNV-1a). */
function unit(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
}

export function loadRegencies(): BenchRegency[] {
  const districtCount = new Map<string, number>();
  for (const d of csv('districts.csv')) districtCount.set(d.regency_code, (districtCount.get(d.regency_code) ?? 0) + 1);
  const islands = new Map<string, [number, number][]>();
  for (const i of csv('islands.csv')) {
    const p = parseDms(i.coordinate ?? '');
    if (!p) continue;
    const list = islands.get(i.regency_code) ?? [];
    list.push(p);
    islands.set(i.regency_code, list);
  }
  return csv('regencies.csv').map((r) => {
    const prov = PROVINCES[r.province_code];
    if (!prov) throw new Error(`bench geography: no centre for province ${r.province_code}`);
    const city = /^KOTA /i.test(r.name);
    let lat: number;
    let lon: number;
    const own = islands.get(r.code);
    const mean = own && [own.reduce((a, p) => a + p[0], 0) / own.length, own.reduce((a, p) => a + p[1], 0) / own.length];
    if (mean && Math.hypot(mean[0] - prov.lat, mean[1] - prov.lon) < prov.spread * 2.5) {
      lat = mean[0] * 0.7 + prov.lat * 0.3;
      lon = mean[1] * 0.7 + prov.lon * 0.3;
    } else {
      const angle = unit(`${r.code}:a`) * 2 * Math.PI;
      const dist = Math.sqrt(unit(`${r.code}:d`)) * prov.spread;
      lat = prov.lat + Math.sin(angle) * dist;
      lon = prov.lon + Math.cos(angle) * dist;
    }
    const java = ['31', '32', '33', '34', '35', '36'].includes(r.province_code);
    return {
      code: r.code,
      provinceCode: r.province_code,
      name: r.name.toLowerCase().replace(/(^|[\s(/-])(\p{L})/gu, (_, p: string, c: string) => p + c.toUpperCase()),
      weight: (districtCount.get(r.code) ?? 1) * (city ? 2.5 : 1) * (java ? 1.8 : 1),
      latitude: Math.round(lat * 1e5) / 1e5,
      longitude: Math.round(lon * 1e5) / 1e5,
      spread: city ? 0.05 : 0.18,
      timeZone: prov.timeZone,
      language: prov.language ?? null,
    };
  });
}
