import { currentTraceparent } from '../common/tracing';

/**
 * The trace a job belongs to, when tracing is on: the W3C `traceparent` of the span that caused it (the request
 * whose transaction wrote its outbox row, or the job that queued it) rides in the job's data under this field,
 * beside the payload and the request id (handlers ignore it), and the worker runs the job in a span parented to it
 * (src/common/tracing.ts). A job made from several rows (a dispatch of notifications) carries theirs joined by
 * commas, at most MAX_CAUSES: the first is the parent, all are linked.
 */
export const TRACE_FIELD = 'traceparent';

const MAX_CAUSES = 10;

/** The traceparents a job's data carries (none when tracing was off where it was queued). */
export function traceparentsOfJob(data: unknown): string[] {
  const value = data && typeof data === 'object' ? (data as Record<string, unknown>)[TRACE_FIELD] : undefined;
  return typeof value === 'string' && value ? value.split(',') : [];
}

/** Several sources' traceparents as one field value: distinct, in order, at most MAX_CAUSES; null when none. */
export function joinTraceparents(values: readonly (string | null | undefined)[]): string | null {
  const distinct = [...new Set(values.filter((v): v is string => !!v && !v.includes(',')))];
  return distinct.length ? distinct.slice(0, MAX_CAUSES).join(',') : null;
}

/**
 * `data` with a trace: the given traceparent(s), else the active span's (a job queued while a request or a job
 * runs); unchanged when there is none or it already carries one.
 */
export function withTraceContext<T>(data: T, traceparent: string | null = currentTraceparent()): T {
  if (!traceparent || !data || typeof data !== 'object' || Array.isArray(data) || traceparentsOfJob(data).length) return data;
  return { ...data, [TRACE_FIELD]: traceparent };
}
