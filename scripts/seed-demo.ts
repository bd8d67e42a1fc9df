/**
 * Loads the made-up Cimahi/Bandung referral network (scripts/demo-network) and one demo user per role.
 *
 *   npm run seed:demo         (ts-node, development)
 *   npm run seed:demo:prod    (compiled: node dist/scripts/seed-demo.js; the compose `seed` service)
 *
 * Every organisation, location and service goes through the directory's own services (and the same
 * class-validator rules as a GraphQL input), so the demo data obeys every rule real data does.
 * Idempotent: organisations are recognised by their `rujuk-demo` identifier, locations and services by
 * name within their organisation, users by e-mail; a second run creates nothing and changes nothing.
 * It never runs migrations (the API does, on start) and refuses to run against an unmigrated database.
 */
import 'reflect-metadata';
import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { runWithRequestContext } from '../src/common/request-context';
import { createValidationPipe } from '../src/common/validation';
import { APP_CONFIG, AppConfig, configOrExit } from '../src/config/app-config';
import { CreateLocationInput, CreateOrganizationInput, CreateServiceInput } from '../src/directory/dto/directory.inputs';
import { LocationsService } from '../src/directory/locations.service';
import { OrganizationsService } from '../src/directory/organizations.service';
import { ServiceRecordsService } from '../src/directory/service-records.service';
import { AuthService } from '../src/identity/auth.service';
import type { Viewer } from '../src/common/viewer';
import { JobQueue } from '../src/jobs/job-queue';
import { SeedModule } from '../src/seed/seed.module';
import { DEMO_ADMIN_EMAIL, DEMO_IDENTIFIER_SCHEME, DEMO_NETWORK, DEMO_PASSWORD, DEMO_USERS } from './demo-network/network';
import type { DemoOrganization } from './demo-network/types';

export interface DemoLogin {
  email: string;
  role: string;
  organization: string | null;
  /** The password the account is created with ('(ADMIN_PASSWORD)' for the configured admin). */
  password: string;
  /** Whether this run created the account (if it existed, its password is whatever it was set to). */
  created: boolean;
}

export interface SeedSummary {
  organizations: { created: number; existing: number };
  locations: { created: number; existing: number };
  services: { created: number; existing: number };
  /** Services created with a verification date older than the staleness window. */
  staleOnCreate: number;
  logins: DemoLogin[];
}

const validationPipe = createValidationPipe();

/** The same class-validator rules a GraphQL input meets (the pipe throws BAD_USER_INPUT naming the field). */
async function validated<T extends object>(metatype: Type<T>, value: object, what: string): Promise<T> {
  try {
    return (await validationPipe.transform(value, { type: 'body', metatype })) as T;
  } catch (err) {
    throw new Error(`demo data invalid at ${what}: ${(err as Error).message} ${JSON.stringify((err as { extensions?: unknown }).extensions ?? {})}`);
  }
}

async function assertMigrated(db: DataSource): Promise<void> {
  const [{ ready }] = await db.query(
    `SELECT to_regclass('public.organization') IS NOT NULL AND to_regclass('public.region') IS NOT NULL AS ready`,
  );
  const regions = ready ? Number((await db.query(`SELECT count(*) AS n FROM region WHERE code LIKE '32.77%'`))[0].n) : 0;
  if (!ready || regions === 0) {
    throw new Error('the database is not migrated: start the API once (it runs migrations) or run `npm run migration:run` first');
  }
}

async function ensureUser(
  db: DataSource,
  user: { email: string; name: string; role: string; organizationId: string | null; regionScope: string | null },
  password: string,
): Promise<{ id: string; created: boolean }> {
  const find = async () =>
    (await db.query(`SELECT id FROM user_account WHERE lower(email) = lower($1)`, [user.email]))[0] as { id: string } | undefined;
  const existing = await find();
  if (existing) return { id: existing.id, created: false };
  const inserted: { id: string }[] = await db.query(
    `INSERT INTO user_account (email, name, role, organization_id, region_scope, password_hash)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
    [user.email, user.name, user.role, user.organizationId, user.regionScope, await AuthService.hashPassword(password)],
  );
  if (inserted.length) return { id: inserted[0].id, created: true };
  return { id: (await find())!.id, created: false }; // created concurrently
}

async function seedOrganization(
  app: INestApplicationContext,
  db: DataSource,
  admin: Viewer,
  demo: DemoOrganization,
  summary: SeedSummary,
  staleAfterDays: number,
): Promise<string> {
  const orgs = app.get(OrganizationsService);
  const locations = app.get(LocationsService);
  const services = app.get(ServiceRecordsService);

  const { key, locations: demoLocations, services: demoServices, ...orgFields } = demo;
  const marker = JSON.stringify([{ scheme: DEMO_IDENTIFIER_SCHEME, identifier: key }]);
  let orgId: string | undefined = (await db.query(`SELECT id FROM organization WHERE identifiers @> $1::jsonb`, [marker]))[0]?.id;
  if (orgId) {
    summary.organizations.existing++;
  } else {
    const input = await validated(CreateOrganizationInput, {
      ...orgFields, identifiers: [{ scheme: DEMO_IDENTIFIER_SCHEME, identifier: key }],
    }, `organization ${key}`);
    orgId = (await orgs.create(admin, input)).id;
    summary.organizations.created++;
  }

  const locationIds = new Map<string, string>();
  for (const { key: locKey, ...locFields } of demoLocations) {
    const found: { id: string } | undefined = (await db.query(
      `SELECT id FROM location WHERE organization_id = $1 AND name = $2`, [orgId, locFields.name],
    ))[0];
    if (found) {
      locationIds.set(locKey, found.id);
      summary.locations.existing++;
      continue;
    }
    const input = await validated(CreateLocationInput, { ...locFields, organizationId: orgId }, `location ${key}/${locKey}`);
    locationIds.set(locKey, (await locations.create(admin, input)).id);
    summary.locations.created++;
  }

  for (const { at, verifiedDaysAgo, ...serviceFields } of demoServices) {
    const found = (await db.query(`SELECT id FROM service WHERE organization_id = $1 AND name = $2`, [orgId, serviceFields.name]))[0];
    if (found) {
      summary.services.existing++;
      continue;
    }
    const ids = at.map((k) => {
      const id = locationIds.get(k);
      if (!id) throw new Error(`demo data invalid: service "${serviceFields.name}" of ${key} names unknown location "${k}"`);
      return id;
    });
    const input = await validated(CreateServiceInput, { ...serviceFields, organizationId: orgId, locationIds: ids }, `service ${key}/${serviceFields.name}`);
    const created = await services.create(admin, input);
    // Demo history: when a coordinator last confirmed the record. Older than the window = stale.
    await db.query(`UPDATE service SET verified_at = now() - make_interval(days => $2::int) WHERE id = $1`, [created.id, verifiedDaysAgo]);
    if (verifiedDaysAgo > staleAfterDays) summary.staleOnCreate++;
    summary.services.created++;
  }
  return orgId;
}

/** Loads the demo network into the database of `app` (any Nest context that holds the directory services). */
export async function seedDemoNetwork(app: INestApplicationContext): Promise<SeedSummary> {
  const db = app.get<DataSource>(getDataSourceToken());
  const config = app.get<AppConfig>(APP_CONFIG);
  await assertMigrated(db);

  const summary: SeedSummary = {
    organizations: { created: 0, existing: 0 },
    locations: { created: 0, existing: 0 },
    services: { created: 0, existing: 0 },
    staleOnCreate: 0,
    logins: [],
  };

  // The admin who "enters" the directory: ADMIN_EMAIL when configured (the API creates it on first start).
  const adminEmail = config.auth.adminEmail ?? DEMO_ADMIN_EMAIL;
  const adminPassword = config.auth.adminPassword ?? DEMO_PASSWORD;
  const admin = await ensureUser(db, { email: adminEmail, name: 'Administrator', role: 'ADMIN', organizationId: null, regionScope: null }, adminPassword);
  const adminRole: { role: string }[] = await db.query(`SELECT role FROM user_account WHERE id = $1`, [admin.id]);
  if (adminRole[0]?.role !== 'ADMIN') throw new Error(`${adminEmail} exists but is not an ADMIN; cannot load the demo network as it`);
  const viewer: Viewer = { id: admin.id, email: adminEmail, role: 'ADMIN', organizationId: null, regionScope: null };
  summary.logins.push({
    email: adminEmail, role: 'ADMIN', organization: null, created: admin.created,
    password: config.auth.adminPassword ? '(ADMIN_PASSWORD)' : adminPassword,
  });

  // The admin (the viewer passed to every service) is the audit actor of every demo write, under request id `seed-demo`.
  const orgIds = new Map<string, string>();
  await runWithRequestContext({ requestId: 'seed-demo', clientAddress: null }, async () => {
    for (const demo of DEMO_NETWORK) {
      orgIds.set(demo.key, await seedOrganization(app, db, viewer, demo, summary, config.directory.staleAfterDays));
    }
  });

  for (const u of DEMO_USERS) {
    const organizationId = u.organization ? orgIds.get(u.organization) ?? null : null;
    if (u.organization && !organizationId) throw new Error(`demo user ${u.email} names unknown organisation ${u.organization}`);
    const { created } = await ensureUser(db, { ...u, organizationId }, DEMO_PASSWORD);
    const orgName = DEMO_NETWORK.find((o) => o.key === u.organization)?.name ?? null;
    summary.logins.push({ email: u.email, role: u.role, organization: orgName, password: DEMO_PASSWORD, created });
  }

  // Let the worker mark the stale records now rather than at the next nightly run.
  if (summary.staleOnCreate > 0) await app.get(JobQueue).add('directory.mark-stale-services', {});
  return summary;
}

function print(summary: SeedSummary): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const part = (name: string, c: { created: number; existing: number }) => `${name}: ${c.created} created, ${c.existing} already there`;
  out('Rujuk demo network (Kota Cimahi and Kota Bandung, made-up data)');
  out(`  ${part('organisations', summary.organizations)}`);
  out(`  ${part('locations', summary.locations)}`);
  out(`  ${part('services', summary.services)}`);
  if (summary.staleOnCreate) out(`  ${summary.staleOnCreate} services last verified over the staleness window ago (queued the stale-records job)`);
  out();
  out('Demo logins (GraphQL mutation login at /graphql):');
  for (const l of summary.logins) {
    out(`  ${l.role.padEnd(14)} ${l.email.padEnd(32)} ${l.password.padEnd(17)} ${l.organization ?? ''}`.trimEnd());
  }
  if (summary.logins.some((l) => !l.created)) out('  (accounts that existed before this run keep the password they had)');
}

async function main(): Promise<void> {
  configOrExit();
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
  try {
    print(await seedDemoNetwork(app));
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`seed-demo failed: ${err.message}\n`);
    process.exit(1);
  });
}
