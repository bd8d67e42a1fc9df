/**
 * What may be logged of an error: never SQL parameters or values from a database message (they can hold a
 * client's name, phone or NIK). A database error is logged as its SQLSTATE, constraint and table only.
 */
export interface SafeErrorLog {
  type: string;
  sqlState?: string;
  constraint?: string;
  table?: string;
  message?: string;
  stack?: string;
}

interface DriverErrorLike {
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
  driverError?: DriverErrorLike;
}

/** True for errors raised by PostgreSQL or the driver (TypeORM's QueryFailedError wraps them). */
function databaseError(err: unknown): DriverErrorLike | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as DriverErrorLike & { name?: string };
  if (e.driverError) return e.driverError;
  if (e.name === 'QueryFailedError' || (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && 'severity' in e)) return e;
  return undefined;
}

export function safeErrorLog(err: unknown): SafeErrorLog {
  const db = databaseError(err);
  const type = (err as Error)?.name ?? typeof err;
  if (db) {
    return {
      type,
      sqlState: typeof db.code === 'string' ? db.code : undefined,
      constraint: typeof db.constraint === 'string' ? db.constraint : undefined,
      table: typeof db.table === 'string' ? db.table : undefined,
    };
  }
  if (err instanceof Error) return { type, message: err.message, stack: err.stack };
  return { type, message: String(err) };
}
