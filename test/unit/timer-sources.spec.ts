import { JOBS, JobName, SCHEDULES, TimerKind } from '../../src/jobs/job-registry';
import { TimerSource } from '../../src/jobs/timer-source.decorator';
import { pairTimerSources, reconciledKinds, TimerSources } from '../../src/jobs/timer-sources';
import { OutboxService } from '../../src/outbox/outbox.service';
import { DeliveryTimers } from '../../src/notifications/delivery-timers';
import { GapRunTimers } from '../../src/gaps/gap-run-timers';
import { DirectoryImportTimers } from '../../src/interop/import/directory-import-timers';
import { NotificationDispatches } from '../../src/outbox/notification-dispatches';
import { ClosedCaseReferralTimers, ReferralDeadlineTimers } from '../../src/referrals/jobs/referral-timers';
import { CaseClosedFollowUpTimers } from '../../src/follow-ups/jobs/case-closed-timers';

function sourceFor(name: string) {
  @TimerSource(name as TimerKind)
  class S {
    pending() {
      return Promise.resolve([]);
    }
  }
  Object.defineProperty(S, 'name', { value: `Source_${name}` });
  return { instance: new S(), type: S };
}

const timers = reconciledKinds();
const kinds = (s: TimerSources) => [...s.jobs.keys(), ...[...s.sets.keys()].map((n) => `timers:${n}`)].sort();

describe('the worker pairs every timer job with exactly one reconciler source', () => {
  const all = () => timers.map(sourceFor);

  it('knows the timers Redis can lose: referral deadlines (a timer set), dispatches and deliveries of notifications, queued gap runs and imports, a closed case\'s cancellations', () => {
    expect(timers.sort()).toEqual([
      'directory.import', 'followups.case-closed', 'gaps.analyse', 'notifications.deliver', 'notifications.dispatch', 'referrals.cancel-for-closed-case',
      'timers:referral-deadlines',
    ]);
  });

  it('accepts one source per timer job', () => {
    expect(kinds(pairTimerSources(all()))).toEqual([...timers].sort());
  });

  it('refuses to start when a timer job has no source, naming it', () => {
    expect(() => pairTimerSources(all().slice(1))).toThrow(`Worker cannot start: timer job "${timers[0]}" has no reconciler source (@TimerSource)`);
  });

  it('refuses two sources for one timer, a source for a job that is not a reconciled timer, and one for an unknown job', () => {
    expect(() => pairTimerSources([...all(), sourceFor(timers[0])])).toThrow(/has 2 reconciler sources/);
    expect(() => pairTimerSources([...all(), sourceFor('followups.due-scan')])).toThrow(/"followups.due-scan", which is scheduled, not reconciled/);
    expect(() => pairTimerSources([...all(), sourceFor('no.such-job')])).toThrow(/unknown job "no.such-job"/);
    expect(() => pairTimerSources([...all(), sourceFor('timers:no-such-set')])).toThrow(/unknown timer set "timers:no-such-set"/);
    expect(() => pairTimerSources(all().filter((s) => s.type.name !== 'Source_timers:referral-deadlines'))).toThrow(/timer set "referral-deadlines" has no reconciler source/);
  });

  it('the sources the worker registers cover every timer', () => {
    const real = [
      ReferralDeadlineTimers, ClosedCaseReferralTimers, CaseClosedFollowUpTimers, GapRunTimers, DeliveryTimers, NotificationDispatches, DirectoryImportTimers,
    ].map((type) => ({ instance: {}, type }));
    expect(kinds(pairTimerSources(real))).toEqual([...timers].sort());
  });

  it('every scheduled job has a schedule the reconciler can upsert again', () => {
    for (const name of Object.keys(JOBS) as JobName[]) {
      if (JOBS[name].recovery === 'scheduled') expect(SCHEDULES.some((s) => s.job === name)).toBe(true);
    }
  });

  it('the outbox refuses a delayed job that no reconciler would rebuild', async () => {
    const outbox = new OutboxService();
    const tx = { queryRunner: { isTransactionActive: true }, query: jest.fn().mockResolvedValue([]) };
    await expect(
      outbox.add(tx as never, { kind: 'job', name: 'followups.referrals-changed', payload: { referrals: [] }, jobId: 'x', runAt: new Date(Date.now() + 60_000) }),
    ).rejects.toThrow(/not a reconciled timer/);
  });
});
