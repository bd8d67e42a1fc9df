export interface ItemScore {
  code: string;
  score: number;
}

export interface AssessmentComparison {
  baselineTotal: number;
  total: number;
  totalDelta: number;
  items: { code: string; baseline: number | null; current: number | null; delta: number | null }[];
}

/** Change of a reassessment against the baseline on the same instrument, per item and in total. */
export function compareWithBaseline(baseline: ItemScore[], current: ItemScore[]): AssessmentComparison {
  const base = new Map(baseline.map((i) => [i.code, i.score]));
  const now = new Map(current.map((i) => [i.code, i.score]));
  const codes = [...new Set([...base.keys(), ...now.keys()])];
  const total = (items: ItemScore[]) => items.reduce((s, i) => s + i.score, 0);
  return {
    baselineTotal: total(baseline),
    total: total(current),
    totalDelta: round(total(current) - total(baseline)),
    items: codes.map((code) => {
      const b = base.get(code) ?? null;
      const c = now.get(code) ?? null;
      return { code, baseline: b, current: c, delta: b === null || c === null ? null : round(c - b) };
    }),
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
