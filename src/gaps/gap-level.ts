/**
 * The gap level of a cell (region x need category x service type), as a table of data: the first rule whose
 * every comparison holds gives the level and the reason. The same table is evaluated here (gapLevelOf, unit-tested)
 * and rendered into the snapshot statement (gapLevelSql), so the rule exists once. docs/gaps.md explains it.
 */

export const GAP_LEVELS = ['NONE', 'LOW', 'HIGH', 'CRITICAL'] as const;
export type GapLevel = (typeof GAP_LEVELS)[number];

export const GAP_REASONS = ['NO_COVERING_SERVICE', 'NO_CAPACITY', 'SUPPLY_REFUSALS', 'NO_MATCH', 'SOME_UNMET', 'MET'] as const;
export type GapReason = (typeof GAP_REASONS)[number];

/** Sorting weight: CRITICAL first. */
export const LEVEL_RANK: Record<GapLevel, number> = { NONE: 0, LOW: 1, HIGH: 2, CRITICAL: 3 };

/** The figures of a cell the rule reads (the snapshot's columns, in camelCase). */
export interface GapFigures {
  /** Needs of the cell: open at the run, or opened within the window. */
  needs: number;
  /** Of those, the ones whose last match found no eligible service. */
  unmatchedNeeds: number;
  /** Referrals sent in the window that were accepted, declined or expired. */
  decided: number;
  /** Declined for a supply reason (no capacity, not eligible, outside the area, service not offered). */
  supplyDeclines: number;
  /** Expired unanswered. */
  expired: number;
  /** Active services taking referrals whose area covers the region, for the category and service type. */
  coveringServices: number;
  /** Of those, the ones that report their available capacity. */
  capacityReporting: number;
  /** Their available capacity, summed (0 when none reports). */
  capacityAvailable: number;
}
export type GapField = keyof GapFigures;

/** `sum of coefficient x field` compared with a number. */
export interface Comparison {
  sum: Partial<Record<GapField, number>>;
  op: '>' | '=';
  value: number;
}

export interface GapRule {
  level: GapLevel;
  reason: GapReason;
  /** Every comparison must hold; an empty list always holds. */
  when: Comparison[];
}

const gt = (sum: Comparison['sum'], value = 0): Comparison => ({ sum, op: '>', value });
const eq = (sum: Comparison['sum'], value = 0): Comparison => ({ sum, op: '=', value });

/** In order; the first that holds wins. */
export const GAP_RULES: readonly GapRule[] = [
  // Demand and nobody who could serve it: no active service taking referrals covers the region.
  { level: 'CRITICAL', reason: 'NO_COVERING_SERVICE', when: [gt({ needs: 1 }), eq({ coveringServices: 1 })] },
  // Services cover the region but every one reports no room.
  {
    level: 'HIGH', reason: 'NO_CAPACITY',
    when: [gt({ needs: 1 }), gt({ coveringServices: 1 }), eq({ capacityReporting: 1, coveringServices: -1 }), eq({ capacityAvailable: 1 })],
  },
  // Supply refusals dominate: declines for supply reasons and expiries are more than half of the decided referrals.
  {
    level: 'HIGH', reason: 'SUPPLY_REFUSALS',
    when: [gt({ supplyDeclines: 1, expired: 1 }), gt({ supplyDeclines: 2, expired: 2, decided: -1 })],
  },
  // Most needs found no eligible service at their last match.
  { level: 'HIGH', reason: 'NO_MATCH', when: [gt({ unmatchedNeeds: 1 }), gt({ unmatchedNeeds: 2, needs: -1 })] },
  // Some demand went unmet.
  { level: 'LOW', reason: 'SOME_UNMET', when: [gt({ unmatchedNeeds: 1, supplyDeclines: 1, expired: 1 })] },
  { level: 'NONE', reason: 'MET', when: [] },
];

function holds(c: Comparison, f: GapFigures): boolean {
  let total = 0;
  for (const [field, coefficient] of Object.entries(c.sum) as [GapField, number][]) total += coefficient * f[field];
  return c.op === '>' ? total > c.value : total === c.value;
}

/** The level and reason of a cell's figures. */
export function gapLevelOf(f: GapFigures): { level: GapLevel; reason: GapReason } {
  const rule = GAP_RULES.find((r) => r.when.every((c) => holds(c, f)));
  // The last rule has no condition, so one always holds.
  return { level: rule!.level, reason: rule!.reason };
}

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function comparisonSql(c: Comparison, column: (field: GapField) => string): string {
  const terms = (Object.entries(c.sum) as [GapField, number][]).map(([field, k]) => `${k} * ${column(field)}`);
  return `(${terms.join(' + ')}) ${c.op} ${c.value}`;
}

/**
 * SQL expressions giving the level, the reason and the rank of a row whose columns are the snake_case names
 * of GapFigures, qualified by `alias` (nulls count as 0).
 */
export function gapLevelSql(alias: string): { level: string; reason: string; rank: string } {
  const column = (field: GapField) => `coalesce(${alias}.${snake(field)}, 0)`;
  const when = (r: GapRule) => (r.when.length ? r.when.map((c) => comparisonSql(c, column)).join(' AND ') : 'true');
  const caseOf = (value: (r: GapRule) => string | number) =>
    `CASE ${GAP_RULES.map((r) => `WHEN ${when(r)} THEN ${value(r)}`).join(' ')} END`;
  return {
    level: caseOf((r) => `'${r.level}'`),
    reason: caseOf((r) => `'${r.reason}'`),
    rank: caseOf((r) => LEVEL_RANK[r.level]),
  };
}
