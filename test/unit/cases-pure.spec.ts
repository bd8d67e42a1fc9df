import { compareWithBaseline } from '../../src/cases/assessment-delta';
import { ageOn, categoryMismatch, categoryMismatchOf, estimatedBirthDate } from '../../src/cases/age';
import { closureInputRefusal, closureRefusal, REOPEN_STAGE } from '../../src/cases/case-closure';
import { allowedStages, canMoveCase } from '../../src/cases/case-stage';
import { canReadClient, canRegisterClient } from '../../src/cases/case.policy';
import type { Viewer } from '../../src/common/viewer';
import { FieldCipher } from '../../src/cases/field-cipher';
import { maskNik, nikProblem } from '../../src/cases/nik';

describe('age and PMKS bounds', () => {
  const at = new Date('2026-11-23T10:00:00Z');
  it('counts birthdays', () => {
    expect(ageOn('2008-11-23', at)).toBe(18);
    expect(ageOn('2008-11-24', at)).toBe(17);
    expect(ageOn(estimatedBirthDate(30, at), at)).toBe(30);
  });
  it('uses [min, max): 18 is out of a child category, 17 is in, 5 is in, 4 is out', () => {
    const child = { code: 'ANAK_TERLANTAR', minAge: 5, maxAge: 18, sex: null };
    expect(categoryMismatch(child, 17, 'M')).toBeNull();
    expect(categoryMismatch(child, 5, 'M')).toBeNull();
    expect(categoryMismatch(child, 18, 'M')).toMatch(/below age 18/);
    expect(categoryMismatch(child, 4, 'M')).toMatch(/from age 5/);
    expect(categoryMismatch(child, 30, 'F')).toMatch(/client is 30/);
  });
  it('checks sex-specific categories', () => {
    expect(categoryMismatch({ code: 'WANITA_KORBAN_KEKERASAN', minAge: 18, maxAge: 60, sex: 'F' }, 30, 'M')).toMatch(/women only/);
  });
  it('names the bound that fails, and leaves an unknown age or sex (an ad-hoc profile) unchecked', () => {
    const women = { code: 'WANITA_KORBAN_KEKERASAN', minAge: 18, maxAge: 60, sex: 'F' };
    expect(categoryMismatchOf(women, 30, 'M')).toEqual({ on: 'sex', message: expect.stringMatching(/women only/) });
    expect(categoryMismatchOf(women, 12, null)).toEqual({ on: 'age', message: expect.stringMatching(/from age 18/) });
    expect(categoryMismatchOf(women, null, null)).toBeNull();
    expect(categoryMismatchOf(women, null, 'F')).toBeNull();
  });
});

describe('who reaches a client', () => {
  const viewer = (role: Viewer['role'], organizationId: string | null, regionScope: string | null = null): Viewer =>
    ({ id: `u-${role}`, email: `${role}@x`, role, organizationId, regionScope });
  const livingInCimahi = { organizationId: 'lk3-bandung', regionCode: '32.77.01.1001' };

  it("keeps the registering organisation's case managers and supervisors in reach, whatever their region scope", () => {
    expect(canReadClient(viewer('CASE_MANAGER', 'lk3-bandung', '32.73'), livingInCimahi)).toBe(true);
    expect(canReadClient(viewer('SUPERVISOR', 'lk3-bandung', '32.73'), livingInCimahi)).toBe(true);
  });

  it('keeps everyone else out: other organisations, partner staff, coordinators and admins', () => {
    expect(canReadClient(viewer('CASE_MANAGER', 'lk3-cimahi', '32.77'), livingInCimahi)).toBe(false);
    expect(canReadClient(viewer('PARTNER_STAFF', 'lk3-bandung'), livingInCimahi)).toBe(false);
    expect(canReadClient(viewer('COORDINATOR', 'dinsos', '32'), livingInCimahi)).toBe(false);
    expect(canReadClient(viewer('ADMIN', null), livingInCimahi)).toBe(false);
    expect(canRegisterClient(viewer('CASE_MANAGER', null))).toBe(false);
  });
});

describe('case stages', () => {
  it('moves forward, allows re-planning from monitoring; a closed case moves only by reopening, to ASSESSMENT', () => {
    expect(canMoveCase('INTAKE', 'ASSESSMENT')).toBe(true);
    expect(canMoveCase('INTAKE', 'INTERVENTION')).toBe(false);
    expect(canMoveCase('MONITORING', 'PLANNING')).toBe(true);
    expect(canMoveCase('PLANNING', 'CLOSED')).toBe(true);
    expect(allowedStages('CLOSED')).toEqual([]);
    expect(REOPEN_STAGE).toBe('ASSESSMENT');
  });
});

describe('case closure', () => {
  const open = [{ id: 'r1', status: 'SENT', serviceName: 'Rumah Aman' }, { id: 'r2', status: 'IN_PROGRESS', serviceName: 'Konseling' }];
  it('closes with a reason code when no referral is open; OTHER needs a note', () => {
    expect(closureRefusal({ reason: 'GOALS_MET' }, [])).toBeNull();
    expect(closureRefusal({ reason: 'OTHER', note: '  ' }, [])).toMatchObject({ field: 'input.note' });
    expect(closureRefusal({ reason: 'OTHER', note: 'Klien menikah dan pindah' }, [])).toBeNull();
  });
  it('refuses while referrals are open, naming them, unless forced with a note', () => {
    const refused = closureRefusal({ reason: 'MOVED' }, open);
    expect(refused).toMatchObject({ field: 'input.force', openReferralIds: ['r1', 'r2'] });
    expect(refused!.rule).toContain('2 open referrals: r1 (SENT, Rumah Aman); r2 (IN_PROGRESS, Konseling)');
    expect(closureRefusal({ reason: 'MOVED', force: true }, open)).toMatchObject({ field: 'input.note' });
    expect(closureInputRefusal({ reason: 'MOVED', force: true })).toMatchObject({ field: 'input.note' });
    expect(closureRefusal({ reason: 'MOVED', force: true, note: 'Pindah ke Medan' }, open)).toBeNull();
  });
});

describe('assessment deltas', () => {
  it('compares per item and in total against the baseline', () => {
    const c = compareWithBaseline(
      [{ code: 'safety', score: 2 }, { code: 'income', score: 1 }, { code: 'old', score: 3 }],
      [{ code: 'safety', score: 4 }, { code: 'income', score: 1 }, { code: 'new', score: 2 }],
    );
    expect(c.totalDelta).toBe(1);
    expect(c.items).toEqual([
      { code: 'safety', baseline: 2, current: 4, delta: 2 },
      { code: 'income', baseline: 1, current: 1, delta: 0 },
      { code: 'old', baseline: 3, current: null, delta: null },
      { code: 'new', baseline: null, current: 2, delta: null },
    ]);
  });
});

describe('NIK', () => {
  it('validates shape and the embedded birth date', () => {
    expect(nikProblem('3277014107900001')).toBeNull(); // day 41 = a woman born on the 1st
    expect(nikProblem('327701410790001')).toMatch(/16 digits/);
    expect(nikProblem('3277013213900001')).toMatch(/impossible birth date/);
    expect(nikProblem('0977011207900001')).toMatch(/province/);
  });
  it('encrypts with authentication, hashes with a key, and masks', () => {
    const a = new FieldCipher(Buffer.alloc(32, 1));
    const b = new FieldCipher(Buffer.alloc(32, 2));
    const token = a.encrypt('3277014107900001');
    expect(token).not.toContain('3277014107900001');
    expect(a.decrypt(token)).toBe('3277014107900001');
    expect(() => b.decrypt(token)).toThrow();
    expect(a.lookupHash('3277014107900001')).toBe(a.lookupHash('3277014107900001'));
    expect(a.lookupHash('3277014107900001')).not.toBe(b.lookupHash('3277014107900001'));
    expect(maskNik('3277014107900001')).toBe('************0001');
  });
});
