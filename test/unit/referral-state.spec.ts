import { fhirTaskStatus, needStatusAfter, REFERRAL_STATUSES, ReferralAction, ReferralStatus, transition } from '../../src/referrals/referral-state';

/** The lifecycle table, written out: every (from, action) pair not listed here must be refused. */
const ALLOWED: [ReferralStatus, ReferralAction, ReferralStatus, 'SENDER' | 'RECEIVER' | 'SYSTEM'][] = [
  ['DRAFT', 'send', 'SENT', 'SENDER'],
  ['SENT', 'accept', 'ACCEPTED', 'RECEIVER'],
  ['SENT', 'decline', 'DECLINED', 'RECEIVER'],
  ['SENT', 'expire', 'EXPIRED', 'SYSTEM'],
  ['ACCEPTED', 'start', 'IN_PROGRESS', 'RECEIVER'],
  ['ON_HOLD', 'start', 'IN_PROGRESS', 'RECEIVER'],
  ['IN_PROGRESS', 'hold', 'ON_HOLD', 'RECEIVER'],
  ['IN_PROGRESS', 'complete', 'COMPLETED', 'RECEIVER'],
  ['IN_PROGRESS', 'fail', 'FAILED', 'RECEIVER'],
  ...(['DRAFT', 'SENT', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'] as const).map((s) => [s, 'cancel', 'CANCELLED', 'SENDER'] as [ReferralStatus, ReferralAction, ReferralStatus, 'SENDER']),
];
const ACTIONS: ReferralAction[] = ['send', 'accept', 'decline', 'expire', 'start', 'hold', 'complete', 'fail', 'cancel'];
const FULL = { declineReason: 'NO_CAPACITY' as const, reason: 'because', outcome: 'NEED_MET' as const };

describe('referral state machine', () => {
  it.each(ALLOWED)('%s --%s--> %s by %s', (from, action, to, actor) => {
    expect(transition(from, action, actor, FULL)).toEqual({ ok: true, to });
  });

  it('refuses every other (status, action) pair with INVALID_TRANSITION', () => {
    let refused = 0;
    for (const from of REFERRAL_STATUSES) {
      for (const action of ACTIONS) {
        if (ALLOWED.some(([f, a]) => f === from && a === action)) continue;
        for (const actor of ['SENDER', 'RECEIVER', 'SYSTEM'] as const) {
          expect(transition(from, action, actor, FULL)).toMatchObject({ ok: false, error: 'INVALID_TRANSITION' });
          refused++;
        }
      }
    }
    expect(refused).toBe((REFERRAL_STATUSES.length * ACTIONS.length - ALLOWED.length) * 3);
  });

  it('refuses the wrong side, and lets the system send (a re-route) and cancel (a case closed by force) only', () => {
    expect(transition('SENT', 'accept', 'SENDER', FULL)).toMatchObject({ ok: false, error: 'WRONG_ACTOR' });
    expect(transition('SENT', 'cancel', 'RECEIVER', FULL)).toMatchObject({ ok: false, error: 'WRONG_ACTOR' });
    expect(transition('SENT', 'expire', 'SENDER', FULL)).toMatchObject({ ok: false, error: 'WRONG_ACTOR' });
    expect(transition('DRAFT', 'send', 'SYSTEM')).toEqual({ ok: true, to: 'SENT' });
    for (const from of ['DRAFT', 'SENT', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'] as const) {
      expect(transition(from, 'cancel', 'SYSTEM', { reason: 'case closed' })).toEqual({ ok: true, to: 'CANCELLED' });
    }
    for (const action of ['accept', 'decline', 'start', 'hold', 'complete', 'fail'] as const) {
      expect(transition('SENT', action, 'SYSTEM', FULL)).toMatchObject({ ok: false });
    }
  });

  it('requires a reason code to decline, a reason to cancel, hold or fail, an outcome to complete', () => {
    expect(transition('SENT', 'decline', 'RECEIVER')).toMatchObject({ error: 'MISSING_INPUT', field: 'declineReason' });
    expect(transition('SENT', 'cancel', 'SENDER', { reason: '  ' })).toMatchObject({ error: 'MISSING_INPUT', field: 'reason' });
    expect(transition('IN_PROGRESS', 'hold', 'RECEIVER')).toMatchObject({ field: 'reason' });
    expect(transition('IN_PROGRESS', 'fail', 'RECEIVER')).toMatchObject({ field: 'reason' });
    expect(transition('IN_PROGRESS', 'complete', 'RECEIVER')).toMatchObject({ field: 'outcome' });
  });

  it('moves the need and maps to FHIR Task statuses', () => {
    expect(needStatusAfter('SENT', null)).toBe('REFERRED');
    expect(needStatusAfter('IN_PROGRESS', null)).toBe('BEING_SERVED');
    expect(needStatusAfter('COMPLETED', 'NEED_MET')).toBe('MET');
    expect(needStatusAfter('COMPLETED', 'NOT_MET')).toBe('NOT_MET');
    expect(needStatusAfter('COMPLETED', 'PARTIALLY_MET')).toBe('OPEN');
    expect(needStatusAfter('EXPIRED', null)).toBe('OPEN');
    expect(needStatusAfter('ACCEPTED', null)).toBeNull();
    expect(fhirTaskStatus('SENT')).toBe('requested');
    expect(fhirTaskStatus('DECLINED')).toBe('rejected');
    expect(fhirTaskStatus('EXPIRED')).toBe('failed');
    expect(fhirTaskStatus('IN_PROGRESS')).toBe('in-progress');
  });
});
