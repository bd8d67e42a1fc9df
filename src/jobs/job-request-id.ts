import { requestContextOf } from '../common/request-context';

/**
 * One request id from the click to the job: the id of the HTTP request (X-Request-Id) that caused a job rides in
 * the job's data under this field, beside the payload (handlers ignore it), and the worker runs the job, and logs
 * every line of it, under that id. A job made from several requests (a dispatch of notifications written by
 * several transactions) carries their ids joined by commas, at most MAX_IDS of them.
 */
export const REQUEST_ID_FIELD = 'requestId';

const MAX_IDS = 10;

/** The request id a job's data carries, or null. */
export function requestIdOfJob(data: unknown): string | null {
  const value = data && typeof data === 'object' ? (data as Record<string, unknown>)[REQUEST_ID_FIELD] : undefined;
  return typeof value === 'string' && value ? value : null;
}

/** The request ids of several sources as one field value: distinct, in order, at most MAX_IDS; null when none. */
export function joinRequestIds(ids: readonly (string | null | undefined)[]): string | null {
  const distinct = [...new Set(ids.filter((id): id is string => !!id))];
  return distinct.length ? distinct.slice(0, MAX_IDS).join(',') : null;
}

/**
 * The request id an outbox message or a job carries: the id of the request its `cause` belongs to (an HTTP
 * request, or an actor of one: requestContextOf), read from the cause so that it does not depend on the request
 * context's store; when the cause has none (a job acts), the id of the job now running, which a job queuing
 * another passes on; else null.
 */
export function requestIdOf(cause?: unknown): string | null {
  return requestContextOf(cause)?.requestId ?? null;
}

/** `data` with a request id; unchanged when there is none or it already carries one. */
export function withRequestId<T>(data: T, requestId: string | null): T {
  if (!requestId || !data || typeof data !== 'object' || Array.isArray(data) || requestIdOfJob(data)) return data;
  return { ...data, [REQUEST_ID_FIELD]: requestId };
}
