import { runWithRequestContext } from '../common/request-context';

export interface JobLogBindings {
  requestId: string | null;
  job: string;
  jobId: string | undefined;
}

/**
 * Runs one job's handler under its request id: every log line written meanwhile (the root logger adds the
 * context's fields, common/logging.ts) carries `requestId`, `job` and `jobId`; and `currentRequest()` answers
 * the request id, so outbox rows, jobs and audit rows the handler writes carry it on.
 */
export function runInJobContext<T>(bindings: JobLogBindings, fn: () => T): T {
  const fields = bindings.requestId ? bindings : { job: bindings.job, jobId: bindings.jobId };
  return runWithRequestContext({ requestId: bindings.requestId, clientAddress: null, logFields: () => ({ ...fields }) }, fn);
}
