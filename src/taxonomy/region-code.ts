/** The levels of Indonesia's administrative hierarchy. */
export type RegionLevel = 'PROVINCE' | 'REGENCY' | 'DISTRICT' | 'VILLAGE';

const LEVELS: RegionLevel[] = ['PROVINCE', 'REGENCY', 'DISTRICT', 'VILLAGE'];
const CODE = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

/** Whether a string has the shape of an official region code (32, 32.77, 32.77.01, 32.77.01.1001). */
export function isRegionCodeShape(code: string): boolean {
  return CODE.test(code);
}

/** The level a code's shape implies. */
export function regionLevelOf(code: string): RegionLevel {
  return LEVELS[code.split('.').length - 1];
}

/** The code itself and every ancestor, province first: 32.77.01.1001 -> [32, 32.77, 32.77.01, 32.77.01.1001]. */
export function regionAncestry(code: string): string[] {
  const parts = code.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** The regency (kabupaten/kota) a code lies in, or null for a province. */
export function regencyOf(code: string): string | null {
  const parts = code.split('.');
  return parts.length >= 2 ? parts.slice(0, 2).join('.') : null;
}
