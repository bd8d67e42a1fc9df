import { categoriesFor, ConsentScope, covers, sharingDecision } from '../../src/cases/consent-scope';

const target = { referralId: 'r1', caseId: 'c1', toOrganizationId: 'o1' };
const consent = (over: Partial<ConsentScope> = {}): ConsentScope => ({
  id: 'k1', caseId: null, referralId: null, recipientOrganizationIds: [], categories: ['IDENTITY', 'NEEDS_SUMMARY'], ...over,
});

describe('consent scope', () => {
  it('covers any recipient when none is named, and only the named ones otherwise', () => {
    expect(covers(consent(), target)).toBe(true);
    expect(covers(consent({ recipientOrganizationIds: ['o1', 'o2'] }), target)).toBe(true);
    expect(covers(consent({ recipientOrganizationIds: ['o2'] }), target)).toBe(false);
  });

  it('limits a consent naming a case or a referral to it', () => {
    expect(covers(consent({ caseId: 'c2' }), target)).toBe(false);
    expect(covers(consent({ referralId: 'r1' }), target)).toBe(true);
    expect(covers(consent({ referralId: 'r1' }), { ...target, referralId: null })).toBe(false);
    expect(covers(consent({ referralId: 'r2' }), target)).toBe(false);
  });

  it('shares the union of the covering consents\' categories', () => {
    const inForce = [consent(), consent({ id: 'k2', categories: ['CONTACT'], recipientOrganizationIds: ['o1'] }), consent({ id: 'k3', categories: ['HEALTH'], recipientOrganizationIds: ['o9'] })];
    expect(categoriesFor(inForce, target)).toEqual(['CONTACT', 'IDENTITY', 'NEEDS_SUMMARY']);
    expect(sharingDecision(inForce, target)).toEqual({ ok: true, mode: 'CONSENT', categories: ['CONTACT', 'IDENTITY', 'NEEDS_SUMMARY'], consentIds: ['k1', 'k2'], reason: null });
  });

  it('says what is missing: no consent at all, or none covering the recipient', () => {
    expect(sharingDecision([], target)).toEqual({ ok: false, missing: 'NO_CONSENT' });
    expect(sharingDecision([consent({ recipientOrganizationIds: ['o2'] })], target)).toEqual({ ok: false, missing: 'NOT_COVERED' });
  });

  it('sends without identifying data when chosen, never sharing IDENTITY or CONTACT', () => {
    expect(sharingDecision([], target, { reason: 'darurat' })).toEqual({ ok: true, mode: 'WITHOUT_IDENTIFYING_DATA', categories: [], consentIds: [], reason: 'darurat' });
    expect(sharingDecision([consent({ categories: ['IDENTITY', 'CONTACT', 'NEEDS_SUMMARY'] })], target, { reason: 'darurat' }))
      .toMatchObject({ mode: 'WITHOUT_IDENTIFYING_DATA', categories: ['NEEDS_SUMMARY'] });
  });
});
