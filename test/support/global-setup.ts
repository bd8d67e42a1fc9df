import 'reflect-metadata';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { applyTestEnv, TEST_RUNTIME_ROLE, testDatabaseUrl } from './test-env';

const HINT =
  'The tests need PostgreSQL and Redis. Start them (e.g. `docker compose up -d postgres redis`) or point ' +
  'DATABASE_URL and REDIS_URL at running servers.';

/** Fails at once when Postgres or Redis is unreachable; creates and migrates a fresh test database. */
export default async function globalSetup(): Promise<void> {
  applyTestEnv();
  const url = new URL(testDatabaseUrl());
  const dbName = url.pathname.slice(1);
  const admin = new URL(url.toString());
  admin.pathname = '/postgres';

  const pg = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await pg.connect();
  } catch (err) {
    throw new Error(`PostgreSQL unreachable at ${admin.host}: ${(err as Error).message}\n${HINT}`);
  }
  const redis = new IORedis(process.env.REDIS_URL!, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    await pg.end();
    throw new Error(`Redis unreachable at ${process.env.REDIS_URL}: ${(err as Error).message}\n${HINT}`);
  } finally {
    redis.disconnect();
  }

  if (!/^[a-z0-9_]+$/.test(dbName)) throw new Error(`Unsafe test database name ${dbName}`);
  await pg.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await pg.query(`CREATE DATABASE ${dbName}`);
  await pg.end();

  const ds = new DataSource(dataSourceOptions(url.toString()));
  await ds.initialize();
  await ds.runMigrations();
  await ensureRuntimeLogin(ds);
  await ds.destroy();
}

/**
 * The login role the API and worker use in the tests, a member of the runtime role the migrations created.
 * Roles belong to the cluster, so several suites may race to create it: a duplicate is fine.
 */
async function ensureRuntimeLogin(ds: DataSource): Promise<void> {
  await ds.query(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${TEST_RUNTIME_ROLE}') THEN
        BEGIN
          CREATE ROLE ${TEST_RUNTIME_ROLE} LOGIN PASSWORD '${TEST_RUNTIME_ROLE}' IN ROLE rujuk_app;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
          NULL;
        END;
      END IF;
    END $$`);
}
