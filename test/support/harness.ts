import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../src/bootstrap';
import { APP_CONFIG, AppConfig } from '../../src/config/app-config';
import { REDIS } from '../../src/redis/redis.module';
import { AuthService } from '../../src/identity/auth.service';
import type { Role } from '../../src/common/viewer';

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, any>; path?: (string | number)[] }[];
}

export interface TestApp {
  app: INestApplication;
  url: string;
  db: DataSource;
  close(): Promise<void>;
}

/** Tables that hold test data (reference taxonomies stay). Later modules add theirs here. */
const DATA_TABLES = [
  'follow_up_event', 'follow_up',
  'gap_snapshot_cell', 'gap_analysis_run',
  'referral_event', 'referral_link', 'referral',
  'match_run', 'consent', 'goal', 'assessment', 'need', 'case_note', 'case_event', 'client_case', 'household_member', 'client',
  'service_referral_stats',
  'user_notification', 'notification_delivery', 'organization_webhook', 'outbox_message',
  'directory_import_issue', 'directory_import',
  'schedule', 'service_at_location', 'location', 'service', 'user_account', 'organization'];

/** Boots the real API (Postgres, Redis, GraphQL over HTTP) on a free port and clears data from earlier files. */
export async function startApp(): Promise<TestApp> {
  const app = await createApiApp({ logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const db = app.get<DataSource>(getDataSourceToken());
  await resetData(db);
  await resetRateLimits(app.get<Redis>(REDIS), app.get<AppConfig>(APP_CONFIG).redis.prefix);
  return { app, url: `http://127.0.0.1:${address.port}`, db, close: () => app.close() };
}

/** Empties the data tables, as the owner: the runtime role the API connects as may not TRUNCATE. */
export async function resetData(_db?: DataSource): Promise<void> {
  await asOwner(async (owner) => {
    const { rows: existing } = await owner.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1)`,
      [DATA_TABLES],
    );
    if (existing.length) await owner.query(`TRUNCATE ${existing.map((t) => t.tablename).join(', ')} CASCADE`);
  });
}

/** Runs `work` on a connection as the owner of the tables (TEST_DATABASE_URL), for what the runtime role may not do. */
export async function asOwner<T>(work: (owner: Client) => Promise<T>): Promise<T> {
  const owner = new Client({ connectionString: process.env.DATABASE_OWNER_URL ?? process.env.TEST_DATABASE_URL });
  await owner.connect();
  try {
    return await work(owner);
  } finally {
    await owner.end();
  }
}

/**
 * Rate-limit counters (login failures per account and address, per-user quotas) left by earlier files: every
 * test logs in from 127.0.0.1, so failures in one file must not block logins in the next.
 */
export async function resetRateLimits(redis: Redis, prefix: string): Promise<void> {
  // SCAN, not KEYS: a shared Redis may hold many keys (KEYS over 350k of them blocked it for 260 ms).
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:rl:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/**
 * One GraphQL request over HTTP, as a client would send it. It asks for English (`accept-language: en`) so
 * tests can read messages in the language they are written in; pass `{ 'accept-language': ... }` to ask for
 * another, or `{ 'accept-language': '' }` to send none (the API's default, Indonesian).
 */
export async function gql<T = Record<string, any>>(
  t: { url: string },
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  headers: Record<string, string> = {},
): Promise<GqlResponse<T>> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: Object.fromEntries(Object.entries({
      'content-type': 'application/json', 'accept-language': 'en', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers,
    }).filter(([, value]) => value !== '')),
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GqlResponse<T>;
  return { ...body, status: res.status };
}

/** The data of a response that must have succeeded; fails the test with the errors otherwise. */
export async function ok<T = Record<string, any>>(p: Promise<GqlResponse<T>>): Promise<T> {
  const r = await p;
  if (r.errors?.length || !r.data) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data;
}

/** The first error's code of a response that must have failed. */
export async function errorOf(p: Promise<GqlResponse>): Promise<{ code: string; field?: string; message: string }> {
  const r = await p;
  if (!r.errors?.length) throw new Error(`Expected an error, got ${JSON.stringify(r.data)}`);
  const e = r.errors[0];
  return { code: e.extensions?.code, field: e.extensions?.field, message: e.message };
}

let seq = 0;

/** Creates a user directly in the database and signs in over HTTP. */
export async function userWithToken(
  t: TestApp,
  role: Role,
  opts: { organizationId?: string | null; regionScope?: string | null; password?: string } = {},
): Promise<{ id: string; email: string; token: string; password: string }> {
  seq += 1;
  const email = `${role.toLowerCase()}-${seq}-${Date.now()}@test.rujuk`;
  const password = opts.password ?? `pw-${seq}-correct-horse`;
  const [row] = await t.db.query(
    `INSERT INTO user_account (email, name, password_hash, role, organization_id, region_scope)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [email, `${role} ${seq}`, await AuthService.hashPassword(password), role, opts.organizationId ?? null, opts.regionScope ?? null],
  );
  const data = await ok<{ login: { token: string } }>(
    gql(t, `mutation($i: LoginInput!) { login(input: $i) { token } }`, { i: { email, password } }),
  );
  return { id: row.id, email, token: data.login.token, password };
}

/** A located directory location of `organizationId` in village 32.77.01.1001 (Kota Cimahi), created over GraphQL; its id. */
export async function locatedLocation(t: TestApp, token: string, organizationId: string, name: string, latitude: number, longitude: number): Promise<string> {
  const d = await ok(gql(t, `mutation($i: CreateLocationInput!) { createLocation(input: $i) { id } }`, { i: {
    organizationId, name, regionCode: '32.77.01.1001', latitude, longitude,
  } }, token));
  return d.createLocation.id as string;
}
