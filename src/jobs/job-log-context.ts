import type { PinoLogger } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';
import { runWithRequestContext } from '../common/request-context';

export interface JobLogBindings {
  requestId: string | null;
  job: string;
  jobId: string | undefined;
}

/**
 * Runs one job's handler under its request id: every log line written meanwhile through Nest's Logger (which
 * nestjs-pino serves from this AsyncLocalStorage, as it does per HTTP request) carries `requestId`, `job` and
 * `jobId`; and `currentRequest()` answers the request id, so outbox rows, jobs and audit rows the handler writes
 * carry it on.
 */
export function runInJobContext<T>(base: PinoLogger | undefined, bindings: JobLogBindings, fn: () => T): T {
  // The process's root pino logger: outside a request (always, in the worker) PinoLogger answers it.
  const root = base?.logger;
  const inRequest = () => runWithRequestContext({ requestId: bindings.requestId, clientAddress: null }, fn);
  if (!root) return inRequest();
  const fields = bindings.requestId ? bindings : { job: bindings.job, jobId: bindings.jobId };
  return storage.run(new Store(root.child(fields)), inRequest);
}
