/**
 * What application code asks of tracing, whether or not it is on. OpenTelemetry is loaded by
 * src/observability/tracing.ts only when a collector is configured; it then hands its implementation here
 * (`useTracing`). Until then (and always when tracing is off) these answer null and run the function as is: this
 * file imports nothing from OpenTelemetry, so a process without a collector never loads it.
 */

/** The link from one piece of work to the span that caused it: a W3C `traceparent` header value. */
export type Traceparent = string;

export interface JobSpan {
  /** The job's name (`notifications.dispatch`), the span's name. */
  name: string;
  queue: string;
  jobId: string | undefined;
  attempt: number;
  /**
   * The spans that caused the job (the request that wrote its outbox row; several for a batch of rows): the
   * first is the parent, all are linked.
   */
  causes: Traceparent[];
}

export interface Tracing {
  /** The `traceparent` of the span now active (its sampled flag included), or null when none is. */
  traceparent(): Traceparent | null;
  /** Runs `fn` as one job's consumer span (see JobSpan); its database and Redis calls are its children. */
  inJobSpan<T>(job: JobSpan, fn: () => Promise<T>): Promise<T>;
}

let active: Tracing | null = null;

/** Called once by the tracing loader after the SDK started. */
export function useTracing(tracing: Tracing): void {
  active = tracing;
}

/** The W3C traceparent of the active span, for the outbox row being written; null when tracing is off. */
export function currentTraceparent(): Traceparent | null {
  return active ? active.traceparent() : null;
}

/** Runs a job's handler in its span when tracing is on; else just runs it. */
export function inJobSpan<T>(job: JobSpan, fn: () => Promise<T>): Promise<T> {
  return active ? active.inJobSpan(job, fn) : fn();
}
