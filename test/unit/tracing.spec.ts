import { currentTraceparent, inJobSpan } from '../../src/common/tracing';
import { joinTraceparents, traceparentsOfJob, withTraceContext } from '../../src/jobs/job-trace-context';
import { dispatchGroups, dispatchJobId, dispatchJobOf, jobsOf, NOTIFICATIONS_PER_DISPATCH } from '../../src/outbox/outbox-publisher';
import type { OutboxRow } from '../../src/outbox/outbox.types';
import { tracingRequested } from '../../src/observability/tracing';

const tp = (n: number) => `00-${String(n).padStart(32, '0')}-${String(n).padStart(16, '0')}-01`;

function row(i: number, over: Partial<OutboxRow> = {}): OutboxRow {
  return {
    id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, kind: 'NOTIFICATION', topic: 'referral.new',
    payload: { recipient: { organizationId: 'o1' }, template: 'referral.new', data: { referralId: 'r1' } },
    jobId: null, runAt: null, attempts: 0, createdAt: new Date('2026-01-01T00:00:00Z'), requestId: `req-${i}`, traceContext: tp(i), ...over,
  };
}

describe('tracing is on only where a collector is configured', () => {
  it('reads the standard variables', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
  });

  it('without the SDK, application code gets no traceparent and jobs run as they are', async () => {
    expect(currentTraceparent()).toBeNull();
    await expect(inJobSpan({ name: 'outbox.prune', queue: 'outbox', jobId: 'j', attempt: 1, causes: [tp(1)] }, async () => 42)).resolves.toBe(42);
    expect(withTraceContext({ a: 1 })).toEqual({ a: 1 });
  });
});

describe('trace context in job data', () => {
  it('carries the given traceparent, keeps one already there, joins several (distinct, at most 10)', () => {
    expect(withTraceContext({ referralId: 'r' }, tp(1))).toEqual({ referralId: 'r', traceparent: tp(1) });
    expect(withTraceContext({ traceparent: tp(1) }, tp(2))).toEqual({ traceparent: tp(1) });
    expect(withTraceContext({ a: 1 }, null)).toEqual({ a: 1 });
    expect(joinTraceparents([tp(1), null, tp(1), tp(2)])).toBe(`${tp(1)},${tp(2)}`);
    expect(joinTraceparents(Array.from({ length: 12 }, (_, i) => tp(i + 1)))!.split(',')).toHaveLength(10);
    expect(joinTraceparents([null, undefined])).toBeNull();
    expect(traceparentsOfJob({ traceparent: `${tp(1)},${tp(2)}` })).toEqual([tp(1), tp(2)]);
    expect(traceparentsOfJob({})).toEqual([]);
  });

  it('the relay passes each row\'s on: a JOB row\'s into its job, a dispatch\'s rows\' joined', () => {
    const job = row(9, { kind: 'JOB', topic: 'referrals.sla-expire', payload: { referralId: 'r', version: 1 }, jobId: 'x' });
    const jobs = jobsOf([job, row(1), row(2, { traceContext: null })], new Date());
    expect(jobs[0].data).toEqual({ referralId: 'r', version: 1, requestId: 'req-9', traceparent: tp(9) });
    expect(jobs[1]).toMatchObject({ name: 'notifications.dispatch', data: { requestId: 'req-1,req-2', traceparent: tp(1) } });
  });

  it('a dispatch job is the same whoever makes it: the relay, or the reconciler from the rows it noted', () => {
    const rows = Array.from({ length: NOTIFICATIONS_PER_DISPATCH + 1 }, (_, i) => row(i + 1));
    const groups = dispatchGroups(rows);
    expect(groups.map((g) => g.length)).toEqual([NOTIFICATIONS_PER_DISPATCH, 1]);
    const relayed = jobsOf(rows, new Date());
    expect(relayed.map((j) => j.jobId)).toEqual(groups.map(dispatchJobId));
    expect(dispatchJobOf([...groups[0]].reverse()).jobId).toBe(relayed[0].jobId);
    expect(dispatchJobOf(groups[1])).toEqual(relayed[1]);
  });
});
