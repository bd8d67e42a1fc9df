/**
 * Where the tests find PostgreSQL and Redis: DATABASE_URL / REDIS_URL (defaults on localhost, e.g. from
 * `docker compose up -d postgres redis`). The tests use their own database, `<name>_test` next to the one
 * DATABASE_URL names (as its owner: a role that may create databases and roles), and their own Redis key
 * prefix, so they never touch development data.
 */
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rujuk';

export function testDatabaseUrl(): string {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const url = new URL(base);
  const name = url.pathname.replace(/^\//, '') || 'rujuk';
  url.pathname = `/${name.endsWith('_test') ? name : `${name}_test`}`;
  return url.toString();
}

/**
 * The login role the tests' API and worker connect as: a member of the runtime role `rujuk_app` (created by the
 * migrations), so the whole suite runs with the privileges production has. Global setup creates it when absent.
 */
export const TEST_RUNTIME_ROLE = 'rujuk_app_test';

/** The test database as the runtime role sees it (TEST_DATABASE_URL is the owner's). */
export function testRuntimeUrl(): string {
  const url = new URL(testDatabaseUrl());
  url.username = TEST_RUNTIME_ROLE;
  url.password = TEST_RUNTIME_ROLE;
  return url.toString();
}

export function applyTestEnv(): void {
  process.env.NODE_ENV = 'test';
  process.env.TEST_DATABASE_URL = testDatabaseUrl();
  process.env.DATABASE_OWNER_URL = process.env.TEST_DATABASE_URL;
  process.env.DATABASE_URL = testRuntimeUrl();
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  process.env.REDIS_PREFIX = process.env.TEST_REDIS_PREFIX ?? '{rujuk-test}';
  process.env.JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';
  process.env.RUN_MIGRATIONS = 'false';
  process.env.LOG_LEVEL ??= 'silent';
  delete process.env.ADMIN_EMAIL;
  delete process.env.ADMIN_PASSWORD;
}

applyTestEnv();
