import type { FollowUpsConfig } from '../../src/config/app-config';
import {
  attendanceDue, checkRecord, contactPlan, dedupeKey, escalationCutoff, flagsUnreachable, followUpWork, isAskedPartner, isCaseSide, nextProviderCheckDue,
  planForReferral, ReferralForFollowUp, reopensNeed, staleCutoff,
} from '../../src/follow-ups/follow-up-policy';
import type { Viewer } from '../../src/common/viewer';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const cfg: FollowUpsConfig = {
  attendanceAfterAppointmentHours: 24, attendanceWithoutAppointmentDays: 3, providerCheckEveryDays: 14, outcomeCheckAfterDays: 30,
  staleCaseAfterDays: 30, escalationGraceHours: 48, batchSize: 500, batchWaitMs: 20,
};
const t0 = new Date('2026-12-01T03:00:00Z');
const ref = (over: Partial<ReferralForFollowUp> = {}): ReferralForFollowUp => ({
  id: 'r1', status: 'ACCEPTED', statusReason: null, appointmentAt: null, answeredAt: t0, closedAt: null, startedAt: null, caseClosed: false,
  baselineInstrument: null, ...over,
});

describe('follow-up scheduling', () => {
  it('accepted: an attendance check on the appointment + 24 h, or the acceptance + 3 days without one', () => {
    const appointment = new Date(t0.getTime() + 5 * DAY);
    expect(planForReferral(ref({ appointmentAt: appointment }), cfg)).toEqual({
      create: [{ referralId: 'r1', kind: 'ATTENDANCE_CHECK', contactTarget: 'CLIENT', sequence: 1, dueAt: new Date(appointment.getTime() + DAY), reassessmentInstrument: null }],
      cancel: null,
    });
    expect(attendanceDue({ appointmentAt: null, answeredAt: t0 }, cfg)).toEqual(new Date(t0.getTime() + 3 * DAY));
  });

  it('in progress: the first provider check 14 days after the start, the next 14 days after each', () => {
    const plan = planForReferral(ref({ status: 'IN_PROGRESS', startedAt: t0 }), cfg);
    expect(plan.create).toEqual([expect.objectContaining({ kind: 'PROVIDER_CHECK', contactTarget: 'PROVIDER', dueAt: new Date(t0.getTime() + 14 * DAY) })]);
    expect(nextProviderCheckDue(plan.create[0].dueAt, cfg)).toEqual(new Date(t0.getTime() + 28 * DAY));
  });

  it('completed: the outcome check at +30 days on the baseline instrument; pending checks cancelled', () => {
    const plan = planForReferral(ref({ status: 'COMPLETED', closedAt: t0, baselineInstrument: 'PMKS-RISK' }), cfg);
    expect(plan.create).toEqual([expect.objectContaining({ kind: 'OUTCOME_CHECK', dueAt: new Date(t0.getTime() + 30 * DAY), reassessmentInstrument: 'PMKS-RISK' })]);
    expect(plan.cancel).toEqual({ kinds: ['ATTENDANCE_CHECK', 'PROVIDER_CHECK'], reason: 'referral completed' });
  });

  it('cancelled, redirected, declined, expired, failed: everything pending cancelled; a closed case schedules nothing', () => {
    expect(planForReferral(ref({ status: 'CANCELLED', statusReason: 'redirected: closer' }), cfg).cancel).toEqual({ kinds: 'ALL', reason: 'referral redirected' });
    expect(planForReferral(ref({ status: 'CANCELLED', statusReason: 'no longer needed' }), cfg).cancel?.reason).toBe('referral cancelled');
    for (const status of ['DECLINED', 'EXPIRED', 'FAILED']) expect(planForReferral(ref({ status }), cfg)).toEqual({ create: [], cancel: { kinds: 'ALL', reason: `referral ${status.toLowerCase()}` } });
    expect(planForReferral(ref({ caseClosed: true }), cfg)).toEqual({ create: [], cancel: { kinds: 'ALL', reason: 'case closed' } });
    expect(planForReferral(ref({ status: 'ON_HOLD' }), cfg)).toEqual({ create: [], cancel: null });
  });

  it('in a batch of transitions: accepted, started and completed referrals are reconciled, those closed without service cancelled, the rest left alone', () => {
    const t = (referralId: string, action: string, fromStatus: string, status: string, statusReason: string | null = null) =>
      ({ referralId, action, fromStatus, status, statusReason }) as Parameters<typeof followUpWork>[0][number];
    expect(followUpWork([
      t('a', 'accept', 'SENT', 'ACCEPTED'), t('b', 'start', 'ACCEPTED', 'IN_PROGRESS'), t('c', 'complete', 'IN_PROGRESS', 'COMPLETED'),
      t('d', 'expire', 'SENT', 'EXPIRED'), t('e', 'decline', 'SENT', 'DECLINED'), t('f', 'cancel', 'ACCEPTED', 'CANCELLED', 'redirected: closer'),
      t('g', 'fail', 'IN_PROGRESS', 'FAILED'), t('h', 'send', 'DRAFT', 'SENT'), t('i', 'hold', 'IN_PROGRESS', 'ON_HOLD'),
    ])).toEqual({
      reconcile: ['a', 'b', 'c'],
      cancelUnserved: [
        { referralId: 'd', status: 'EXPIRED', statusReason: null }, { referralId: 'e', status: 'DECLINED', statusReason: null },
        { referralId: 'f', status: 'CANCELLED', statusReason: 'redirected: closer' }, { referralId: 'g', status: 'FAILED', statusReason: null },
      ],
    });
    expect(followUpWork([t('h', 'send', 'DRAFT', 'SENT')])).toEqual({ reconcile: [], cancelUnserved: [] });
  });

  it('keys tasks by kind, owner and sequence; cut-offs for escalation and staleness come from config', () => {
    expect(dedupeKey('PROVIDER_CHECK', 'r1', 2)).toBe('PROVIDER_CHECK:r1:2');
    expect(escalationCutoff(t0, cfg)).toEqual(new Date(t0.getTime() - 48 * HOUR));
    expect(staleCutoff(t0, cfg)).toEqual(new Date(t0.getTime() - 30 * DAY));
  });
});

describe('safe contact', () => {
  it('never a call or a message to a number marked unsafe; the note says how instead', () => {
    const plan = contactPlan({ contactPreference: 'PHONE', safeContact: true, safeContactNote: 'Lewat kakaknya', hasPhone: true });
    expect(plan.allowed).not.toContain('PHONE');
    expect(plan.allowed).not.toContain('SMS');
    expect(plan.advice).toContain('Lewat kakaknya');
    expect(contactPlan({ contactPreference: 'VISIT', safeContact: true, safeContactNote: null, hasPhone: true }).suggested).toBe('VISIT');
  });

  it('otherwise follows the preference, and a missing number means a visit', () => {
    expect(contactPlan({ contactPreference: 'WHATSAPP', safeContact: false, safeContactNote: null, hasPhone: true }).suggested).toBe('SMS');
    expect(contactPlan({ contactPreference: 'PHONE', safeContact: false, safeContactNote: null, hasPhone: false })).toMatchObject({ suggested: 'VISIT', allowed: ['VISIT', 'OFFICE', 'EMAIL'] });
    expect(contactPlan({ contactPreference: 'NONE', safeContact: false, safeContactNote: null, hasPhone: true }).suggested).toBe('OFFICE');
  });
});

describe('answers', () => {
  const task = { status: 'PENDING' as const, kind: 'ATTENDANCE_CHECK' as const, contactTarget: 'CLIENT' as const };
  const safe = contactPlan({ contactPreference: 'PHONE', safeContact: true, safeContactNote: null, hasPhone: true });

  it('refuses a forbidden channel, a result that does not fit, a reached contact without result, a closed task', () => {
    expect(checkRecord(task, { channel: 'SMS', reached: false }, 'CASE_MANAGER', safe)?.field).toBe('input.channel');
    expect(checkRecord(task, { channel: 'VISIT', reached: true, result: 'SERVICE_RECEIVED' }, 'CASE_MANAGER', safe)?.field).toBe('input.result');
    expect(checkRecord(task, { channel: 'VISIT', reached: true }, 'CASE_MANAGER', safe)?.field).toBe('input.result');
    expect(checkRecord(task, { channel: 'VISIT', reached: false, result: 'ATTENDED' }, 'CASE_MANAGER', safe)?.field).toBe('input.result');
    expect(checkRecord({ ...task, status: 'DONE' }, { channel: 'VISIT', reached: true, result: 'ATTENDED' }, 'CASE_MANAGER', safe)?.field).toBe('input.followUpId');
    expect(checkRecord(task, { channel: 'VISIT', reached: true, result: 'ATTENDED' }, 'CASE_MANAGER', safe)).toBeNull();
  });

  it('the partner answers in Rujuk, reached; the case side never claims to be the partner', () => {
    const check = { status: 'PENDING' as const, kind: 'PROVIDER_CHECK' as const, contactTarget: 'PROVIDER' as const };
    expect(checkRecord(check, { channel: 'PARTNER_IN_RUJUK', reached: true, result: 'SERVICE_RECEIVED' }, 'PARTNER', null)).toBeNull();
    expect(checkRecord(check, { channel: 'PHONE', reached: true, result: 'SERVICE_RECEIVED' }, 'PARTNER', null)?.field).toBe('input.channel');
    expect(checkRecord(check, { channel: 'PARTNER_IN_RUJUK', reached: false }, 'PARTNER', null)?.field).toBe('input.reached');
    expect(checkRecord(check, { channel: 'PARTNER_IN_RUJUK', reached: true, result: 'SERVICE_RECEIVED' }, 'CASE_MANAGER', null)?.field).toBe('input.channel');
  });

  it('NOT_ATTENDED and SERVICE_NOT_RECEIVED reopen the need; three unreached in a row flag the case', () => {
    expect(['NOT_ATTENDED', 'SERVICE_NOT_RECEIVED', 'ATTENDED', 'NEED_NOT_MET'].map((r) => reopensNeed(r as never))).toEqual([true, true, false, false]);
    expect(flagsUnreachable([false, false, false])).toBe(true);
    expect(flagsUnreachable([false, false])).toBe(false);
    expect(flagsUnreachable([false, true, false])).toBe(false);
  });
});

describe('access', () => {
  const v = (role: Viewer['role'], organizationId: string | null): Viewer => ({ id: 'u', email: 'e', role, organizationId, regionScope: null });
  const check = { organizationId: 'lk3', providerOrganizationId: 'rs', kind: 'PROVIDER_CHECK' as const };

  it('the case organisation’s case managers and supervisors; partner staff only their own provider checks', () => {
    expect(isCaseSide(v('CASE_MANAGER', 'lk3'), check)).toBe(true);
    expect(isCaseSide(v('SUPERVISOR', 'lk3'), check)).toBe(true);
    expect(isCaseSide(v('CASE_MANAGER', 'rs'), check)).toBe(false);
    expect(isCaseSide(v('COORDINATOR', 'lk3'), check)).toBe(false);
    expect(isAskedPartner(v('PARTNER_STAFF', 'rs'), check)).toBe(true);
    expect(isAskedPartner(v('PARTNER_STAFF', 'rs'), { ...check, kind: 'ATTENDANCE_CHECK' })).toBe(false);
    expect(isAskedPartner(v('PARTNER_STAFF', 'other'), check)).toBe(false);
  });
});
