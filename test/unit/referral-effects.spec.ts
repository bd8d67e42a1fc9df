import { messagesAfter } from '../../src/referrals/referral-effects';
import type { ReferralAction } from '../../src/referrals/referral-state';

/** Which outbox messages each referral transition causes (referral-effects.ts): pure, no database. */
describe('referral effects', () => {
  const sentAt = new Date('2026-12-01T00:00:00Z');
  const base = {
    id: 'r1', version: 2, status: 'SENT' as const, urgency: 'ROUTINE' as 'ROUTINE' | 'URGENT' | 'EMERGENCY', fromUserId: 'cm1', fromOrganizationId: 'lk3',
    toOrganizationId: 'rs', caseId: 'c1', sentAt, acceptBy: new Date('2026-12-04T00:00:00Z'),
  };
  const summary = (action: ReferralAction, over: Partial<typeof base> = {}) =>
    messagesAfter({ ...base, ...over }, action).map((m) =>
      m.kind === 'job' ? `job ${m.name} ${m.runAt?.toISOString()}` : m.kind === 'timer' ? `timer ${m.set} ${m.member} ${m.runAt.toISOString()}` : m.kind === 'notification' ? `notify ${m.payload.template} ${JSON.stringify(m.payload.recipient)}` : `event ${[m.channel].flat().length}`);

  it('a send schedules the referral\'s deadline timer at the half-time reminder, tells the receiver and the case manager', () => {
    expect(summary('send')).toEqual([
      'timer referral-deadlines r1 2026-12-02T12:00:00.000Z',
      'notify referral.new {"organizationId":"rs"}',
      'notify referral.sent {"userId":"cm1"}',
      'event 4',
    ]);
  });

  it('answers and progress tell the case manager; a cancel tells the receiver', () => {
    expect(summary('accept')).toEqual(['notify referral.accepted {"userId":"cm1"}', 'event 4']);
    expect(summary('decline')).toEqual(['notify referral.declined {"userId":"cm1"}', 'event 4']);
    expect(summary('complete')).toEqual(['notify referral.completed {"userId":"cm1"}', 'event 4']);
    expect(summary('cancel')).toEqual(['notify referral.cancelled {"organizationId":"rs"}', 'event 4']);
  });

  it('an EMERGENCY expiry also tells the sending organisation\'s supervisors; a ROUTINE one does not', () => {
    expect(summary('expire', { urgency: 'EMERGENCY' })).toEqual([
      'notify referral.expired {"userId":"cm1"}',
      'notify referral.expired {"organizationId":"lk3","role":"SUPERVISOR"}',
      'event 4',
    ]);
    expect(summary('expire')).toEqual(['notify referral.expired {"userId":"cm1"}', 'event 4']);
  });

  it('deduplicates by referral and version: the same transition twice gives the same keys, the next version new ones', () => {
    const keys = (v: number) => messagesAfter({ ...base, version: v }, 'accept').map((m) => (m.kind === 'job' ? m.jobId : m.dedupeKey));
    expect(keys(3)).toEqual(keys(3));
    expect(keys(3)).not.toEqual(keys(4));
  });

  it('the event reaches one channel less when sender and receiver are the same organisation', () => {
    expect(summary('accept', { toOrganizationId: 'lk3' })).toContain('event 3');
  });
});
