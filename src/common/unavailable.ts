/**
 * Telling an outage from a fault: errors that mean PostgreSQL (or another dependency's connection) cannot be
 * reached right now, so the caller should try again shortly, not report a bug.
 */

/** How long a client is told to wait before trying again when PostgreSQL is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The English text (catalogue key in messages.ts) of the SERVICE_UNAVAILABLE answer during a database outage. */
export const DATABASE_UNAVAILABLE_MESSAGE = 'The service is temporarily unavailable (its database cannot be reached); try again shortly';

/** Socket-level failures of a connection (the driver's `code`). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/**
 * SQLSTATEs of an unavailable server: class 08 (connection exception), 57P01 admin shutdown, 57P02 crash
 * shutdown, 57P03 cannot connect now (starting up, shutting down, in recovery), 53300 too many connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What node-postgres and its pool say when a connection died or could not be had in time (they carry no code). */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Client has encountered a connection error and is not queryable/,
  /Client was closed and is not queryable/,
  /Cannot use a pool after calling end on the pool/,
  /the database system is (starting up|shutting down|in recovery|not yet accepting connections)/,
  // TypeORM, for the next query of a transaction whose connection died under it (it releases the connection).
  /Database connection provided by a query runner was already released/,
  /Query runner already released\. Cannot run queries anymore/,
];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/**
 * True when `err` (or what it wraps: TypeORM's `driverError`, a `cause`, an AggregateError's errors) says the
 * database connection is refused, lost or cannot be had: a refused or reset socket, an administrator's or a
 * crash's shutdown, a server starting up or in recovery, too many connections, a pool timeout.
 */
export function isConnectionUnavailable(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 4) return false;
  const e = err as ErrorLike;
  if (typeof e.code === 'string') {
    if (SOCKET_CODES.has(e.code) || UNAVAILABLE_SQLSTATES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code)) return true;
  }
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(e.message as string))) return true;
  if (e.driverError && isConnectionUnavailable(e.driverError, depth + 1)) return true;
  if (e.cause && isConnectionUnavailable(e.cause, depth + 1)) return true;
  if (Array.isArray(e.errors)) return e.errors.some((x) => isConnectionUnavailable(x, depth + 1));
  return false;
}
