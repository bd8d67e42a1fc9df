/**
 * The ad-hoc profiles the matching benchmark sends: a need category that the directory's templates serve, a
 * client of an age and sex that fits the category's PMKS bounds, living in a village of a regency drawn with
 * the directory's weights, at a point near the regency centre, speaking Indonesian and sometimes the province's
 * regional language. Fixed seed, so every run sends the same sequence.
 */
import type { Client } from 'pg';
import { SexEnum, type Sex } from '../src/directory/directory.types';
import { placeIn, prng, regencySampler } from './request-pool';
import { SERVICE_TEMPLATES } from './service-templates';

export interface MatchRequest {
  needCategory: string;
  /** The category's default service types: what the API matches an ad-hoc profile for when the input names none. */
  serviceTypes: string[];
  profile: { regionCode: string; latitude: number; longitude: number; age: number; sex: Sex; languages: string[] };
}

/** An age in the category's bounds ([min, max) as addNeed checks them), or a plausible one when it has none. */
function ageFor(bounds: { min_age: number | null; max_age: number | null }, rnd: () => number): number {
  const lo = bounds.min_age ?? (bounds.max_age !== null ? 0 : rnd() < 0.15 ? 6 : 18);
  const hi = bounds.max_age ?? Math.min(90, Math.max(lo + 25, 65));
  return lo + Math.floor(rnd() * (hi - lo));
}

export async function buildMatchPool(pg: Client, size: number, seed = 20260202): Promise<MatchRequest[]> {
  const rnd = prng(seed);
  const pickRegency = await regencySampler(pg, rnd);
  const { rows } = await pg.query<{ code: string; min_age: number | null; max_age: number | null; sex: 'F' | 'M' | null; default_service_types: string[] }>(
    `SELECT code, min_age, max_age, sex, default_service_types FROM need_category`,
  );
  const categories = new Map(rows.map((r) => [r.code, r]));
  const pool: MatchRequest[] = [];
  for (let i = 0; i < size; i++) {
    const tpl = SERVICE_TEMPLATES[Math.floor(rnd() * SERVICE_TEMPLATES.length)];
    const code = tpl.cats[Math.floor(rnd() * tpl.cats.length)];
    const category = categories.get(code);
    if (!category) throw new Error(`bench template category ${code} is not a PMKS category`);
    const reg = pickRegency();
    const { regionCode, latitude, longitude } = placeIn(reg, rnd);
    const sexCode = category.sex ?? (rnd() < 0.55 ? 'F' : 'M');
    const l = rnd();
    const languages = reg.language && l < 0.25 ? ['id', reg.language] : reg.language && l < 0.3 ? [reg.language] : ['id'];
    pool.push({
      needCategory: code, serviceTypes: category.default_service_types,
      profile: { regionCode, latitude, longitude, age: ageFor(category, rnd), sex: sexCode === 'F' ? SexEnum.FEMALE : SexEnum.MALE, languages },
    });
  }
  return pool;
}
