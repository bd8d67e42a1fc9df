/**
 * The searches the benchmark sends: what a case manager somewhere in Indonesia would ask. Each request has
 * text + need categories + a village (regionCode) + a point near the regency centre with a radius, drawn from the
 * same weighted geography and service templates the synthetic directory was built from, with a fixed seed so
 * every run sends the same sequence.
 */
import type { Client } from 'pg';
import { SERVICE_TEMPLATES } from './service-templates';

/** The searchServices operation both the search benchmark and the framework-parts benchmark send. */
export const SEARCH_QUERY = `query Search($f: ServiceSearchFilter, $first: Int) {
  searchServices(filter: $f, first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name needCategories serviceTypes distanceKm free acceptsReferrals hasCapacity
                   capacity { available maximum unit } organization { id name } } }
  }
}`;

export interface SearchFilter {
  text: string;
  needCategories: string[];
  regionCode: string;
  near: { latitude: number; longitude: number; radiusKm: number };
}

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What people type: the template's key words, sometimes with a typo ("konselng"). */
function queryText(templateName: string, rnd: () => number): string {
  const words = templateName.toLowerCase().split(/\s+/).filter((w) => w.length > 3 && !['dan', 'bagi', 'dengan'].includes(w));
  const start = Math.floor(rnd() * words.length);
  let text = words.slice(start, start + (rnd() < 0.6 ? 1 : 2)).join(' ');
  if (rnd() < 0.15 && text.length > 5) {
    const i = 1 + Math.floor(rnd() * (text.length - 2));
    text = text.slice(0, i) + text.slice(i + 1);
  }
  return text;
}

export interface PoolRegency {
  weight: number;
  latitude: number;
  longitude: number;
  spread: number;
  village_codes: string[];
  language: string | null;
}

/** Draws regencies with the synthetic directory's weights (denser where people are), from a seeded PRNG. */
export async function regencySampler(pg: Client, rnd: () => number): Promise<() => PoolRegency> {
  const { rows } = await pg.query<PoolRegency>(
    `SELECT weight, latitude, longitude, spread, village_codes, language FROM bench_regency ORDER BY idx`,
  );
  const total = rows.reduce((a, r) => a + r.weight, 0);
  return () => {
    let x = rnd() * total;
    for (const r of rows) if ((x -= r.weight) < 0) return r;
    return rows[rows.length - 1];
  };
}

/** A village of the regency and a point near its centre (how far locations scatter), rounded to 1e-5 degrees. */
export function placeIn(reg: PoolRegency, rnd: () => number): { regionCode: string; latitude: number; longitude: number } {
  const jitter = () => (rnd() + rnd() - 1) * reg.spread;
  return {
    regionCode: reg.village_codes[Math.floor(rnd() * reg.village_codes.length)],
    latitude: Math.round((reg.latitude + jitter()) * 1e5) / 1e5,
    longitude: Math.round((reg.longitude + jitter()) * 1e5) / 1e5,
  };
}

export async function buildRequestPool(pg: Client, size: number, seed = 20260101): Promise<SearchFilter[]> {
  const rnd = prng(seed);
  const pickRegency = await regencySampler(pg, rnd);
  const radii = [5, 10, 10, 15, 25];
  const pool: SearchFilter[] = [];
  for (let i = 0; i < size; i++) {
    const reg = pickRegency();
    const tpl = SERVICE_TEMPLATES[Math.floor(rnd() * SERVICE_TEMPLATES.length)];
    const cats = [tpl.cats[Math.floor(rnd() * tpl.cats.length)]];
    if (rnd() < 0.3) {
      const other = SERVICE_TEMPLATES[Math.floor(rnd() * SERVICE_TEMPLATES.length)].cats[0];
      if (!cats.includes(other)) cats.push(other);
    }
    // Drawn in this order so the pool is the same sequence as before placeIn() was shared.
    const text = queryText(tpl.name, rnd);
    const { regionCode, latitude, longitude } = placeIn(reg, rnd);
    pool.push({
      text,
      needCategories: cats,
      regionCode,
      near: { latitude, longitude, radiusKm: radii[Math.floor(rnd() * radii.length)] },
    });
  }
  return pool;
}
