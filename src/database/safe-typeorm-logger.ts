import { Logger } from '@nestjs/common';
import type { Logger as OrmLogger } from 'typeorm';
import { safeErrorLog } from '../common/error-log';

const logger = new Logger('Database');

/**
 * TypeORM's logger, writing through the application's JSON logs. A failed query is logged as its SQLSTATE,
 * constraint and table (and the request id the log line carries), never with its SQL text or parameters,
 * which can hold a client's personal data. Constraint violations (class 23) are expected (they become
 * CONFLICT or BAD_USER_INPUT) and log at debug.
 */
export class SafeTypeOrmLogger implements OrmLogger {
  logQuery(): void {}
  logQuerySlow(time: number): void {
    logger.warn({ ms: time }, 'slow query');
  }
  logQueryError(error: string | Error): void {
    const e = typeof error === 'string' ? { type: 'QueryError', sqlState: undefined } : safeErrorLog(error);
    if (e.sqlState?.startsWith('23')) logger.debug(e, 'query refused by a constraint');
    else logger.warn(e, 'query failed');
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    logger.log(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') logger.warn(String(message));
  }
}
