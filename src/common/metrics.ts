import { Counter, Histogram, register } from 'prom-client';

/**
 * The metrics that features record as things happen, in prom-client's default registry (served at /metrics by
 * the API and at WORKER_METRICS_PORT by the worker; docs/operations.md lists every series). Labels are bounded:
 * operation names are root fields of the schema (or `other`), codes are error codes, routes are the
 * application's routes (or `other`). Gauges read at scrape time live with their sources (src/observability/).
 */
function once<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequestDuration = once('rujuk_http_request_duration_seconds', () => new Histogram({
  name: 'rujuk_http_request_duration_seconds',
  help: 'HTTP requests by method, route and status class (2xx, 4xx, 5xx)',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: SECONDS,
}));

export const graphqlOperationDuration = once('rujuk_graphql_operation_duration_seconds', () => new Histogram({
  name: 'rujuk_graphql_operation_duration_seconds',
  help: 'GraphQL operations by kind and root field (an operation of several root fields is named by its first)',
  labelNames: ['type', 'operation'] as const,
  buckets: SECONDS,
}));

export const graphqlErrors = once('rujuk_graphql_errors_total', () => new Counter({
  name: 'rujuk_graphql_errors_total',
  help: 'Errors in GraphQL responses by extensions.code and operation',
  labelNames: ['code', 'operation'] as const,
}));

export const jobDuration = once('rujuk_job_duration_seconds', () => new Histogram({
  name: 'rujuk_job_duration_seconds',
  help: 'Jobs run by the worker, by queue, job name and outcome (completed, failed)',
  labelNames: ['queue', 'job', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
}));

export const referralExpiryLateness = once('rujuk_referral_expiry_lateness_seconds', () => new Histogram({
  name: 'rujuk_referral_expiry_lateness_seconds',
  help: 'How long after its acceptance deadline each referral was expired (observed by the worker at commit)',
  buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 300, 900, 3600],
}));

export const reconcilerRepairs = once('rujuk_reconciler_repairs_total', () => new Counter({
  name: 'rujuk_reconciler_repairs_total',
  help: 'Timers the reconciler found missing in the queues and re-created or applied, by kind',
  labelNames: ['kind'] as const,
}));

/** Error codes as labels: the application's codes (upper snake case), anything else as OTHER. */
export function errorCodeLabel(code: unknown): string {
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,39}$/.test(code) ? code : 'OTHER';
}

/** An HTTP status as its class: 2xx, 3xx, 4xx, 5xx. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
