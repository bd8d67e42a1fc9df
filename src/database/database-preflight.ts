import { Client } from 'pg';
import pino from 'pino';
import type { AppConfig } from '../config/app-config';
import { redactedUrl } from '../common/redacted-url';

/** Why PostgreSQL could not be used, in words an operator acts on. */
export function describeDatabaseFailure(err: unknown, url: string): { problem: string; hint: string } {
  const e = err as { code?: string; message?: string };
  const u = new URL(url);
  const where = `${u.hostname}:${u.port || '5432'}`;
  switch (e.code) {
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
      return { problem: 'host unreachable', hint: `nothing accepts connections at ${where}: is PostgreSQL running there?` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { problem: 'host unknown', hint: `the host name ${u.hostname} does not resolve` };
    case '3D000':
      return { problem: 'database missing', hint: `the server at ${where} has no database ${u.pathname.slice(1)}: create it (createdb)` };
    case '28P01':
    case '28000':
      return { problem: 'authentication failed', hint: `the server at ${where} refused the user ${decodeURIComponent(u.username)}` };
    case '57P03':
      return { problem: 'server starting', hint: `the server at ${where} is not yet accepting connections` };
    default:
      return { problem: 'connection failed', hint: e.code ? `PostgreSQL error ${e.code}` : 'see the error code' };
  }
}

/**
 * Before the application starts: waits for PostgreSQL at DATABASE_URL, logging one JSON line per attempt that
 * names DATABASE_URL (without its password) and says whether the host, the database or the login is the
 * problem; exits after the last attempt. (TypeORM's own retries would log stack traces with no such hint.)
 */
export async function waitForDatabase(config: AppConfig, name: string, attempts = 10): Promise<void> {
  const log = pino({ name, level: config.log.level });
  const url = config.database.url;
  for (let attempt = 1; ; attempt++) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      const { problem, hint } = describeDatabaseFailure(err, url);
      const last = attempt >= attempts;
      log[last ? 'fatal' : 'error'](
        { databaseUrl: redactedUrl(url), problem, code: (err as { code?: string }).code, attempt, of: attempts },
        `PostgreSQL unavailable (DATABASE_URL): ${hint}${last ? '; giving up' : '; retrying'}`,
      );
      if (last) process.exit(1);
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000 * 2 ** (attempt - 1), 5_000)));
    }
  }
}
