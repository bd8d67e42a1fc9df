import { CandidateRow, MatchProfile, rankMatches, scoreCandidate, failedCriteria, Weights } from '../../src/matching/scoring';
import { localeOf, requestLocale } from '../../src/common/locale';
import { criterionLabel, describeReason, reasonCode } from '../../src/matching/reasons';

const W: Weights = { distance: 0.3, capacity: 0.25, acceptance: 0.15, speed: 0.1, language: 0.1, cost: 0.1 };
const OPTS = { maxDistanceKm: 25, maxExcluded: 10, limit: 20 };
const profile: MatchProfile = { category: 'ANAK_KORBAN_KEKERASAN', age: 12, sex: 'F', regionCode: '32.77.01.1001', languages: ['su'], serviceTypes: [] };

function row(id: string, over: Partial<CandidateRow> = {}): CandidateRow {
  return {
    serviceId: id, status: 'ACTIVE', acceptsReferrals: true, needCategories: ['ANAK_KORBAN_KEKERASAN'], serviceTypes: ['KONSELING'],
    areaCodes: ['32.77'], minimumAge: null, maximumAge: null, sex: null, free: true, languages: ['id', 'su'],
    capacityAvailable: 5, capacityWaitlist: false, distanceKm: 2, answered: 0, accepted: 0, medianAcceptMinutes: null,
    declinedClientBefore: false, openNow: false, ...over,
  };
}

describe('hard eligibility', () => {
  it.each([
    ['CATEGORY_NOT_SERVED', { needCategories: ['LANSIA_TERLANTAR'] }],
    ['OUTSIDE_SERVICE_AREA', { areaCodes: ['32.73'] }],
    ['BELOW_MINIMUM_AGE', { minimumAge: 13 }],
    ['ABOVE_MAXIMUM_AGE', { maximumAge: 11 }],
    ['SEX_NOT_SERVED', { sex: 'M' as const }],
    ['NOT_ACTIVE', { status: 'TEMPORARILY_CLOSED' }],
    ['NOT_ACCEPTING_REFERRALS', { acceptsReferrals: false }],
  ])('names %s as the one failed criterion', (criterion, over) => {
    expect(failedCriteria(profile, row('s', over as Partial<CandidateRow>))).toEqual([criterion]);
  });

  it('covers a village through its province (ancestor rule), and age bounds are inclusive', () => {
    expect(failedCriteria(profile, row('s', { areaCodes: ['32'], minimumAge: 12, maximumAge: 12 }))).toEqual([]);
  });

  it('checks requested service types: a service must offer one of them', () => {
    expect(failedCriteria({ ...profile, serviceTypes: ['VISUM'] }, row('s'))).toEqual(['SERVICE_TYPE_NOT_OFFERED']);
    expect(failedCriteria({ ...profile, serviceTypes: ['VISUM', 'KONSELING'] }, row('s'))).toEqual([]);
    expect(failedCriteria({ ...profile, serviceTypes: ['VISUM'] }, row('s', { sex: 'M' }))).toEqual(['SEX_NOT_SERVED', 'SERVICE_TYPE_NOT_OFFERED']);
  });
});

describe('soft score and ranking', () => {
  it('ranks a full service below one with capacity, a waiting list between them', () => {
    const { candidates } = rankMatches(profile, [
      row('full', { capacityAvailable: 0 }), row('room', { capacityAvailable: 2 }), row('wait', { capacityAvailable: 0, capacityWaitlist: true }),
    ], W, OPTS);
    expect(candidates.map((c) => c.row.serviceId)).toEqual(['room', 'wait', 'full']);
  });

  it('prefers nearer, free, same-language services, and penalises a past decline of this client', () => {
    const base = scoreCandidate(profile, row('a'), W, 25).score;
    expect(scoreCandidate(profile, row('b', { distanceKm: 20 }), W, 25).score).toBeLessThan(base);
    expect(scoreCandidate(profile, row('c', { free: false }), W, 25).score).toBeLessThan(base);
    expect(scoreCandidate(profile, row('d', { languages: ['id'] }), W, 25).score).toBeLessThan(base);
    expect(scoreCandidate(profile, row('e', { declinedClientBefore: true }), W, 25).score).toBeCloseTo(base - 0.25, 4);
  });

  it('uses a neutral prior without history and rewards a good record', () => {
    const none = scoreCandidate(profile, row('a'), W, 25);
    expect(none.components.find((c) => c.name === 'acceptance')!.value).toBe(0.5);
    expect(none.components.find((c) => c.name === 'speed')!.value).toBe(0.5);
    const good = scoreCandidate(profile, row('b', { answered: 20, accepted: 19, medianAcceptMinutes: 60 }), W, 25);
    const bad = scoreCandidate(profile, row('c', { answered: 20, accepted: 4, medianAcceptMinutes: 3000 }), W, 25);
    expect(good.score).toBeGreaterThan(none.score);
    expect(bad.score).toBeLessThan(none.score);
  });

  it('breaks ties deterministically by distance, then id', () => {
    const rows = [row('b'), row('a'), row('c', { distanceKm: 1.99 })];
    const scoresEqual = { ...W, distance: 0 };
    const ids = rankMatches(profile, rows, scoresEqual, OPTS).candidates.map((c) => c.row.serviceId);
    expect(ids).toEqual(['c', 'a', 'b']);
    expect(rankMatches(profile, [...rows].reverse(), scoresEqual, OPTS).candidates.map((c) => c.row.serviceId)).toEqual(ids);
  });

  it('ranks services open now first for an emergency, and says so; otherwise opening does not count', () => {
    const rows = [row('closed-near', { distanceKm: 0.5 }), row('open-far', { distanceKm: 20, openNow: true, capacityAvailable: null })];
    expect(rankMatches(profile, rows, W, OPTS).candidates.map((c) => c.row.serviceId)).toEqual(['closed-near', 'open-far']);
    const emergency = rankMatches({ ...profile, emergency: true }, rows, W, OPTS).candidates;
    expect(emergency.map((c) => c.row.serviceId)).toEqual(['open-far', 'closed-near']);
    expect(emergency[0].reasons[0]).toEqual({ code: 'OPEN_NOW' });
    expect(emergency[1].reasons[0]).toEqual({ code: 'NOT_OPEN_NOW' });
    expect(scoreCandidate(profile, rows[1], W, 25).reasons.map((r) => r.code)).not.toContain('OPEN_NOW');
  });

  it('bounds the excluded list, fewest failures first', () => {
    const rows = [row('two', { status: 'INACTIVE', acceptsReferrals: false }), row('one', { sex: 'M' }), row('ok')];
    const r = rankMatches(profile, rows, W, { ...OPTS, maxExcluded: 1 });
    expect(r.candidates.map((c) => c.row.serviceId)).toEqual(['ok']);
    expect(r.excluded.map((e) => [e.row.serviceId, e.failed])).toEqual([['one', ['SEX_NOT_SERVED']]]);
  });
});

describe('reasons in words', () => {
  it('speaks Indonesian by default and English when Accept-Language prefers it', () => {
    expect(localeOf('id-ID,id;q=0.9,en;q=0.8')).toBe('id');
    expect(localeOf('en-GB')).toBe('en');
    expect(localeOf('en;q=0.5, id;q=0.8')).toBe('id');
    expect(localeOf('fr-FR, en;q=0.7')).toBe('en');
    expect(localeOf('fr-FR')).toBe('id');
    expect(localeOf('in')).toBe('id');
    expect(localeOf('en;q=0')).toBe('id');
    expect(localeOf(undefined)).toBe('id');
    expect(requestLocale({ headers: { 'accept-language': 'en-US,en;q=0.9' } })).toBe('en');
    expect(requestLocale({ headers: {} })).toBe('id');
    expect(describeReason({ code: 'DISTANCE', km: 2.5 }, 'id')).toBe('Jarak 2,5 km');
    expect(describeReason({ code: 'DISTANCE', km: 2.5 }, 'en')).toBe('2.5 km away');
    expect(describeReason({ code: 'FAILED', criterion: 'OUTSIDE_SERVICE_AREA' }, 'id')).toBe('tempat klien di luar wilayah layanan');
  });

  it('keeps codes stable whatever the language', () => {
    expect(reasonCode({ code: 'FAILED', criterion: 'SERVICE_TYPE_NOT_OFFERED' })).toBe('SERVICE_TYPE_NOT_OFFERED');
    expect(reasonCode({ code: 'OPEN_NOW' })).toBe('OPEN_NOW');
    expect(criterionLabel('SERVICE_TYPE_NOT_OFFERED', 'id')).toBe('tidak menyediakan jenis layanan yang diminta');
    expect(criterionLabel('SERVICE_TYPE_NOT_OFFERED', 'en')).toBe('does not offer the requested service type');
    expect(describeReason({ code: 'OPEN_NOW' }, 'id')).toMatch(/^Buka sekarang/);
    expect(describeReason({ code: 'OPEN_NOW' }, 'en')).toMatch(/^Open now/);
  });
});
