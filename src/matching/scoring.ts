/**
 * The matching engine: pure functions over plain data, no Nest, no database.
 * Hard eligibility decides who may be referred; a weighted soft score ranks the eligible; reasons explain both.
 */
import { regionAncestry } from '../taxonomy/region-code';

export const CRITERIA = [
  'CATEGORY_NOT_SERVED',
  'OUTSIDE_SERVICE_AREA',
  'BELOW_MINIMUM_AGE',
  'ABOVE_MAXIMUM_AGE',
  'SEX_NOT_SERVED',
  'SERVICE_TYPE_NOT_OFFERED',
  'NOT_ACTIVE',
  'NOT_ACCEPTING_REFERRALS',
] as const;
export type Criterion = (typeof CRITERIA)[number];

export interface MatchProfile {
  category: string;
  age: number | null;
  sex: 'F' | 'M' | null;
  regionCode: string | null;
  languages: string[];
  /** What help is needed: a service must offer one of these (SERVICE_TYPE_NOT_OFFERED); empty asks for none. */
  serviceTypes: string[];
  /** An EMERGENCY need: services open now rank before all others (CandidateRow.openNow). */
  emergency?: boolean;
}

export interface CandidateRow {
  serviceId: string;
  status: string;
  acceptsReferrals: boolean;
  needCategories: string[];
  serviceTypes: string[];
  areaCodes: string[];
  minimumAge: number | null;
  maximumAge: number | null;
  sex: 'F' | 'M' | null;
  free: boolean;
  languages: string[];
  capacityAvailable: number | null;
  capacityWaitlist: boolean;
  distanceKm: number | null;
  answered: number;
  accepted: number;
  medianAcceptMinutes: number | null;
  declinedClientBefore: boolean;
  /**
   * One of the service's locations is open now by its weekly schedule, in the location's time zone (a location
   * open 00:00-24:00 every day is always open). Read only for an emergency; false otherwise.
   */
  openNow: boolean;
}

export interface Weights {
  distance: number;
  capacity: number;
  acceptance: number;
  speed: number;
  language: number;
  cost: number;
}

export type Reason =
  | { code: 'COVERS_AREA'; via: string; exact: boolean }
  | { code: 'DISTANCE'; km: number }
  | { code: 'DISTANCE_UNKNOWN' }
  | { code: 'CAPACITY_AVAILABLE'; available: number }
  | { code: 'CAPACITY_UNKNOWN' }
  | { code: 'WAITLIST' }
  | { code: 'FULL' }
  | { code: 'ACCEPTANCE'; rate: number; answered: number; medianHours: number | null }
  | { code: 'NO_HISTORY' }
  | { code: 'LANGUAGE_MATCH'; languages: string[] }
  | { code: 'LANGUAGE_MISMATCH' }
  | { code: 'FREE' }
  | { code: 'PAID' }
  | { code: 'DECLINED_BEFORE' }
  | { code: 'OPEN_NOW' }
  | { code: 'NOT_OPEN_NOW' }
  | { code: 'FAILED'; criterion: Criterion };

export interface ScoreComponent {
  name: keyof Weights | 'declinedBefore';
  value: number;
  weight: number;
}

export interface RankedCandidate {
  row: CandidateRow;
  score: number;
  components: ScoreComponent[];
  reasons: Reason[];
}

export interface ExcludedCandidateResult {
  row: CandidateRow;
  failed: Criterion[];
  reasons: Reason[];
}

/** Prior for acceptance: two accepted and two declined imagined referrals, so no history scores 0.5. */
const PRIOR_ACCEPTED = 2;
const PRIOR_ANSWERED = 4;
const DECLINED_BEFORE_PENALTY = 0.25;

/** The client's place and its ancestors, province first; null without a place. rankMatches takes it once per match. */
export function placeAncestry(p: MatchProfile): string[] | null {
  return p.regionCode ? regionAncestry(p.regionCode) : null;
}

/** The hard criteria a service fails for this profile, in a fixed order. Empty means eligible. */
export function failedCriteria(p: MatchProfile, s: CandidateRow, ancestry = placeAncestry(p)): Criterion[] {
  const failed: Criterion[] = [];
  if (!s.needCategories.includes(p.category)) failed.push('CATEGORY_NOT_SERVED');
  if (ancestry && !coveringArea(ancestry, s.areaCodes)) failed.push('OUTSIDE_SERVICE_AREA');
  if (p.age !== null && s.minimumAge !== null && p.age < s.minimumAge) failed.push('BELOW_MINIMUM_AGE');
  if (p.age !== null && s.maximumAge !== null && p.age > s.maximumAge) failed.push('ABOVE_MAXIMUM_AGE');
  if (p.sex && s.sex && p.sex !== s.sex) failed.push('SEX_NOT_SERVED');
  if (p.serviceTypes.length && !p.serviceTypes.some((t) => s.serviceTypes.includes(t))) failed.push('SERVICE_TYPE_NOT_OFFERED');
  if (s.status !== 'ACTIVE') failed.push('NOT_ACTIVE');
  if (!s.acceptsReferrals) failed.push('NOT_ACCEPTING_REFERRALS');
  return failed;
}

/** The most specific area code of the service that covers the place (given as placeAncestry: itself or an ancestor). */
function coveringArea(ancestry: string[], areaCodes: string[]): string | null {
  for (let i = ancestry.length - 1; i >= 0; i--) if (areaCodes.includes(ancestry[i])) return ancestry[i];
  return null;
}

function capacityComponent(s: CandidateRow): { value: number; reason: Reason } {
  if (s.capacityAvailable === null) return { value: 0.6, reason: { code: 'CAPACITY_UNKNOWN' } };
  if (s.capacityAvailable > 0) return { value: 1, reason: { code: 'CAPACITY_AVAILABLE', available: s.capacityAvailable } };
  if (s.capacityWaitlist) return { value: 0.3, reason: { code: 'WAITLIST' } };
  return { value: 0, reason: { code: 'FULL' } };
}

/** The soft score of an eligible service in [0, 1] (less a penalty), with its components and reasons. */
export function scoreCandidate(p: MatchProfile, s: CandidateRow, w: Weights, maxDistanceKm: number, ancestry = placeAncestry(p)): RankedCandidate {
  const reasons: Reason[] = [];
  if (p.emergency) reasons.push({ code: s.openNow ? 'OPEN_NOW' : 'NOT_OPEN_NOW' });
  if (ancestry) {
    const via = coveringArea(ancestry, s.areaCodes);
    if (via) reasons.push({ code: 'COVERS_AREA', via, exact: via === p.regionCode });
  }
  let distance = 0.5;
  if (s.distanceKm === null) reasons.push({ code: 'DISTANCE_UNKNOWN' });
  else {
    distance = Math.max(0, 1 - s.distanceKm / maxDistanceKm);
    reasons.push({ code: 'DISTANCE', km: Math.round(s.distanceKm * 10) / 10 });
  }
  const cap = capacityComponent(s);
  reasons.push(cap.reason);
  const acceptance = (s.accepted + PRIOR_ACCEPTED) / (s.answered + PRIOR_ANSWERED);
  let speed = 0.5;
  if (s.answered > 0 && s.medianAcceptMinutes !== null) {
    const observed = 1 / (1 + s.medianAcceptMinutes / (24 * 60));
    const trust = s.answered / (s.answered + 3);
    speed = trust * observed + (1 - trust) * 0.5;
    reasons.push({
      code: 'ACCEPTANCE', rate: Math.round((s.accepted / s.answered) * 100) / 100, answered: s.answered,
      medianHours: Math.round((s.medianAcceptMinutes / 60) * 10) / 10,
    });
  } else if (s.answered > 0) {
    reasons.push({ code: 'ACCEPTANCE', rate: Math.round((s.accepted / s.answered) * 100) / 100, answered: s.answered, medianHours: null });
  } else {
    reasons.push({ code: 'NO_HISTORY' });
  }
  let language = 1;
  if (p.languages.length) {
    const shared = p.languages.filter((l) => s.languages.includes(l));
    language = shared.length ? 1 : 0;
    reasons.push(shared.length ? { code: 'LANGUAGE_MATCH', languages: shared } : { code: 'LANGUAGE_MISMATCH' });
  }
  const cost = s.free ? 1 : 0;
  reasons.push(s.free ? { code: 'FREE' } : { code: 'PAID' });

  const components: ScoreComponent[] = [
    { name: 'distance', value: distance, weight: w.distance },
    { name: 'capacity', value: cap.value, weight: w.capacity },
    { name: 'acceptance', value: acceptance, weight: w.acceptance },
    { name: 'speed', value: speed, weight: w.speed },
    { name: 'language', value: language, weight: w.language },
    { name: 'cost', value: cost, weight: w.cost },
  ];
  const totalWeight = components.reduce((sum, c) => sum + c.weight, 0) || 1;
  let score = components.reduce((sum, c) => sum + c.value * c.weight, 0) / totalWeight;
  if (s.declinedClientBefore) {
    components.push({ name: 'declinedBefore', value: -DECLINED_BEFORE_PENALTY, weight: 1 });
    score -= DECLINED_BEFORE_PENALTY;
    reasons.push({ code: 'DECLINED_BEFORE' });
  }
  return { row: s, score: Math.round(score * 10_000) / 10_000, components: components.map(roundComponent), reasons };
}

const roundComponent = (c: ScoreComponent): ScoreComponent => ({ ...c, value: Math.round(c.value * 10_000) / 10_000 });

/**
 * Best first; for an emergency, services open now before all others; ties by distance (unknown last), then by
 * service id, so the same input always ranks the same.
 */
export function compareRanked(a: RankedCandidate, b: RankedCandidate, emergency = false): number {
  if (emergency && a.row.openNow !== b.row.openNow) return a.row.openNow ? -1 : 1;
  if (b.score !== a.score) return b.score - a.score;
  const da = a.row.distanceKm ?? Number.POSITIVE_INFINITY;
  const db = b.row.distanceKm ?? Number.POSITIVE_INFINITY;
  if (da !== db) return da - db;
  return a.row.serviceId < b.row.serviceId ? -1 : a.row.serviceId > b.row.serviceId ? 1 : 0;
}

/** Splits rows into ranked eligible candidates and the nearest misses (fewest failed criteria first). */
export function rankMatches(
  p: MatchProfile,
  rows: CandidateRow[],
  w: Weights,
  opts: { maxDistanceKm: number; maxExcluded: number; limit: number },
): { candidates: RankedCandidate[]; excluded: ExcludedCandidateResult[] } {
  const candidates: RankedCandidate[] = [];
  const excluded: ExcludedCandidateResult[] = [];
  const ancestry = placeAncestry(p);
  for (const row of rows) {
    const failed = failedCriteria(p, row, ancestry);
    if (failed.length === 0) candidates.push(scoreCandidate(p, row, w, opts.maxDistanceKm, ancestry));
    else excluded.push({ row, failed, reasons: failed.map((criterion) => ({ code: 'FAILED', criterion })) });
  }
  candidates.sort((a, b) => compareRanked(a, b, p.emergency === true));
  excluded.sort(
    (a, b) =>
      a.failed.length - b.failed.length ||
      (a.row.distanceKm ?? Infinity) - (b.row.distanceKm ?? Infinity) ||
      (a.row.serviceId < b.row.serviceId ? -1 : 1),
  );
  return { candidates: candidates.slice(0, opts.limit), excluded: excluded.slice(0, opts.maxExcluded) };
}

/** The match profile of a registered client for a need: its category and the service types it asks for. */
export function profileOfClient(
  client: { birthDate: string; sex: 'F' | 'M'; regionCode: string; languages: string[] },
  need: { category: string; serviceTypes: string[] },
  age: number,
  emergency = false,
): MatchProfile {
  return { category: need.category, age, sex: client.sex, regionCode: client.regionCode, languages: client.languages, serviceTypes: need.serviceTypes, emergency };
}
