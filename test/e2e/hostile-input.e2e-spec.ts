import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { gql, GqlResponse, locatedLocation, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { caseWithNeed, createOrg, createReferral, createService } from '../support/factories';
import { Fixtures, Probe, probesOf } from '../support/hostile-values';
import { collect, untilEventChannels, wsClient } from '../support/ws-client';

/**
 * The schema-driven hostile-input test. It walks schema.gql and, for every argument of every Query, Mutation and
 * Subscription root field (and every field of their input objects), sends hostile values of the argument's type
 * (non-UUID ids, NUL bytes, 1 MB and 20 KB strings, negative and huge numbers, impossible dates, unknown enum
 * values and region codes, SQL-looking text, wildcards, over-long lists), one argument at a time over a
 * plausible baseline, as each role. Every answer must be a refusal with a public code or a success: never
 * INTERNAL_SERVER_ERROR, never a stack trace, SQL or a PostgreSQL message; and an answer with errors must have
 * changed no row in any table (per-table row count and checksum before and after). A new operation is covered
 * without anyone listing it. The HTTP routes beside /graphql get the same treatment.
 */

/** The routes Fastify prints (`printRoutes`: a tree, a child's path continuing its parent's) as path and methods. */
function routesOf(printed: string): { path: string; methods: string[] }[] {
  const stack: string[] = [];
  const routes: { path: string; methods: string[] }[] = [];
  for (const line of printed.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('').replace(/\/+/g, '/');
    if (m[3] && m[3] !== '-') routes.push({ path, methods: m[3].split(', ') });
  }
  return routes;
}

/** What must never reach a client. */
const LEAK = new RegExp([
  String.raw`\bat [\w.<>]+ \(`, String.raw`\.ts:\d+`, 'node_modules', String.raw`\bSELECT\b.+\bFROM\b`, String.raw`\bINSERT INTO\b`,
  String.raw`\bUPDATE "?\w+"? SET\b`, String.raw`\bDELETE FROM\b`, 'invalid input syntax', 'violates', 'duplicate key', 'relation "',
  'column "', 'QueryFailedError', 'TypeORM', 'syntax error at', 'unterminated', 'invalid byte sequence', 'out of range for type',
  'pg_', 'SQLSTATE',
].join('|'), 'i');

/** Reference tables loaded by migrations (no operation writes them) are left out of the checksum. */
const REFERENCE = ['region', 'need_category', 'service_type', 'partner_kind', 'typeorm_migrations'];

/** Kinds sent as several roles (the crash classes); the rest rotate over the signed-in roles. */
const EVERY_ROLE = new Set(['non-UUID id', 'NUL byte', 'impossible date', 'unknown region code']);

/** Writes a refusal makes by design: a failed login is audited (LOGIN_FAILED). */
const WRITES_ON_REFUSAL: Record<string, string[]> = { 'Mutation.login': ['audit_event'] };

/** Mutations whose success changes the fixtures for the rest of the run: probed last. */
const LAST = ['closeCase', 'cancelReferral', 'failReferral', 'completeReferral', 'declineReferral', 'withdrawConsent', 'redirectReferral', 'deactivateUser', 'changeUserRole'];

describe('hostile input: every argument of every operation, as every role', () => {
  let t: TestApp;
  let f: Fixtures;
  let roles: { name: string; token?: string }[];
  let checksumSql: string;
  const failures: string[] = [];
  const counts = { probes: 0, requests: 0, refused: 0, accepted: 0, fields: new Set<string>(), arguments: new Set<string>(), values: new Set<string>() };

  beforeAll(async () => {
    process.env.RATE_LIMIT_PER_MINUTE = '1000000';
    process.env.LOGIN_MAX_FAILURES = '1000';
    t = await startApp();
    const admin = await userWithToken(t, 'ADMIN');
    const home = await createOrg(t, { partnerKind: 'LK3', regionCode: '32.77' });
    const partnerOrg = await createOrg(t, { partnerKind: 'RUMAH_SAKIT', regionCode: '32.77' });
    const cm = await userWithToken(t, 'CASE_MANAGER', { organizationId: home });
    const supervisor = await userWithToken(t, 'SUPERVISOR', { organizationId: home });
    const coordinator = await userWithToken(t, 'COORDINATOR', { organizationId: await createOrg(t, { partnerKind: 'LSM', regionCode: '32.73' }), regionScope: '32' });
    const partner = await userWithToken(t, 'PARTNER_STAFF', { organizationId: partnerOrg });
    const spare = await userWithToken(t, 'PARTNER_STAFF', { organizationId: partnerOrg });
    const location = await locatedLocation(t, admin.token, partnerOrg, 'Kantor', -6.87, 107.54);
    const service = await createService(t, admin.token, partnerOrg, { locationIds: [location], serviceTypes: ['KONSELING'] });
    const { clientId, caseId, needId } = await caseWithNeed(t, cm.token);
    const referral = await createReferral(t, cm.token, needId, service);
    const [{ id: consent }] = await t.db.query(`SELECT id FROM consent WHERE client_id = $1`, [clientId]);
    f = {
      unknown: randomUUID(), client: clientId, case: caseId, need: needId, referral, service, location, organization: partnerOrg,
      consent, user: spare.id, spareUser: spare.id, caseManager: cm.id, matchRun: randomUUID(), notification: randomUUID(),
    };
    roles = [
      { name: 'CASE_MANAGER', token: cm.token }, { name: 'SUPERVISOR', token: supervisor.token }, { name: 'ADMIN', token: admin.token },
      { name: 'COORDINATOR', token: coordinator.token }, { name: 'PARTNER_STAFF', token: partner.token }, { name: 'anonymous' },
    ];
    const tables: { tablename: string }[] = await t.db.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND NOT (tablename = ANY($1)) ORDER BY tablename`, [REFERENCE],
    );
    checksumSql = tables
      .map(({ tablename }) => `SELECT '${tablename}' AS t, count(*)::int AS n, coalesce(sum(hashtext(x::text)::bigint), 0)::text AS h FROM "${tablename}" x`)
      .join(' UNION ALL ');
  }, 120_000);

  afterAll(async () => {
    delete process.env.RATE_LIMIT_PER_MINUTE;
    delete process.env.LOGIN_MAX_FAILURES;
    await t?.close();
  });

  /** The tables' state after the last answer: the "before" of the next request (one checksum per request). */
  let last: Map<string, string> | undefined;

  async function checksum(): Promise<Map<string, string>> {
    const rows: { t: string; n: number; h: string }[] = await t.db.query(checksumSql);
    last = new Map(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
    return last;
  }

  const current = async () => last ?? checksum();

  function changedTables(a: Map<string, string>, b: Map<string, string>): string[] {
    return [...a.keys()].filter((k) => a.get(k) !== b.get(k));
  }

  /** Checks one answer; `before`/`after` are the table checksums around it. */
  function judge(label: string, status: number, text: string, body: GqlResponse | undefined, before: Map<string, string>, after: Map<string, string>): void {
    counts.requests++;
    if (status >= 500) failures.push(`${label}: HTTP ${status} ${text.slice(0, 300)}`);
    if (LEAK.test(text)) failures.push(`${label}: leaks ${LEAK.exec(text)![0]} in ${text.slice(0, 300)}`);
    const errors = body?.errors ?? [];
    for (const e of errors) {
      const code = e.extensions?.code;
      if (!code || code === 'INTERNAL_SERVER_ERROR') failures.push(`${label}: ${code ?? 'no code'}: ${e.message.slice(0, 200)}`);
    }
    if (errors.length || status >= 400) {
      counts.refused++;
      const allowed = WRITES_ON_REFUSAL[label.split('(')[0]] ?? [];
      const changed = changedTables(before, after).filter((table) => !allowed.includes(table));
      if (changed.length) failures.push(`${label}: refused (${errors[0]?.extensions?.code ?? status}) but changed ${changed.join(', ')}`);
    } else {
      counts.accepted++;
    }
  }

  async function send(p: Probe, role: { name: string; token?: string }): Promise<void> {
    const before = await current();
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(role.token ? { authorization: `Bearer ${role.token}` } : {}) },
      body: JSON.stringify({ query: p.query, variables: p.variables }),
    });
    const text = await res.text();
    let body: GqlResponse | undefined;
    try {
      body = JSON.parse(text) as GqlResponse;
    } catch {
      body = undefined;
    }
    judge(`${p.root}.${p.field}(${p.path} = ${p.kind}) as ${role.name}`, res.status, text, body, before, await checksum());
  }

  function rolesFor(p: Probe, i: number): { name: string; token?: string }[] {
    // The crash classes go to the roles that reach deepest (cases, directory, the receiving side) and to no one.
    if (EVERY_ROLE.has(p.kind)) return roles.filter((r) => ['CASE_MANAGER', 'ADMIN', 'anonymous'].includes(r.name));
    return [roles[i % (roles.length - 1)]]; // rotate over the signed-in roles; anonymous gets the crash classes
  }

  async function run(probes: Probe[]): Promise<void> {
    let i = 0;
    for (const p of probes) {
      counts.probes++;
      counts.fields.add(`${p.root}.${p.field}`);
      counts.arguments.add(`${p.root}.${p.field}.${p.path}`);
      counts.values.add(p.kind);
      for (const role of rolesFor(p, i++)) await send(p, role);
    }
  }

  const schema = buildSchema(readFileSync(join(__dirname, '../../schema.gql'), 'utf8'));
  let megabytes = 0;
  const megabyteFor = () => megabytes++ % 25 === 0; // a 1 MB text now and then: the body limit refuses it before GraphQL

  it('queries', async () => {
    await run(probesOf(schema, 'Query', f, { megabyteFor }));
    expect(failures.splice(0)).toEqual([]);
  }, 300_000);

  it('mutations', async () => {
    const probes = probesOf(schema, 'Mutation', f, { megabyteFor });
    const rank = (p: Probe) => LAST.indexOf(p.field);
    probes.sort((a, b) => rank(a) - rank(b)); // stable: the others keep schema order, the fixture-changing ones go last
    await run(probes);
    expect(failures.splice(0)).toEqual([]);
  }, 400_000); // about 60 s on a quiet machine

  it('subscriptions (over graphql-ws)', async () => {
    for (const p of probesOf(schema, 'Subscription', f)) {
      counts.probes++;
      counts.fields.add(`${p.root}.${p.field}`);
      counts.arguments.add(`${p.root}.${p.field}.${p.path}`);
      for (const role of roles.filter((r) => r.token)) {
        const before = await current();
        await untilEventChannels((n) => n === 0); // the previous probe's subscription is gone
        const client = wsClient(t, role.token);
        const sub = collect(client, p.query.replace('Probe(', 'Probe('));
        // A refused subscription ends with its errors; an accepted one stays open and the API starts listening on
        // its event channel: whichever comes first, then stop it.
        const settled = await new Promise<boolean>((resolve, reject) => {
          let ended = false;
          void sub.done.then(() => {
            ended = true;
            resolve(true);
          });
          untilEventChannels((n) => ended || n > 0).then(() => resolve(false), reject);
        });
        if (!settled) sub.stop();
        await client.dispose();
        const errors = sub.errors.flat() as { message?: string; extensions?: { code?: string } }[];
        const text = JSON.stringify(errors);
        counts.requests++;
        if (LEAK.test(text)) failures.push(`Subscription.${p.field}(${p.path} = ${p.kind}) as ${role.name}: leaks ${text.slice(0, 300)}`);
        for (const e of errors) {
          if (!e.extensions?.code || e.extensions.code === 'INTERNAL_SERVER_ERROR') failures.push(`Subscription.${p.field}(${p.path} = ${p.kind}) as ${role.name}: ${text.slice(0, 300)}`);
        }
        if (errors.length) counts.refused++;
        else counts.accepted++;
        const changed = changedTables(before, await checksum());
        if (changed.length) failures.push(`Subscription.${p.field} as ${role.name} changed ${changed.join(', ')}`);
      }
    }
    expect(failures.splice(0)).toEqual([]);
  }, 60_000);

  it('HTTP routes beside GraphQL', async () => {
    const routes: [string, string, Record<string, string>, string | undefined][] = [
      ['GET', '/healthz', {}, undefined],
      ['GET', '/readyz', {}, undefined],
      ['GET', '/healthz?x=%00', {}, undefined],
      ['GET', '/%00', {}, undefined],
      ['GET', '/..%2f..%2fetc%2fpasswd', {}, undefined],
      ['GET', '/reports', {}, undefined],
      ['GET', '/imports', {}, undefined],
      ['POST', '/imports', { 'content-type': 'text/csv' }, 'a,b\n1,2'],
      ['GET', '/console', {}, undefined],
      ['GET', '/admin', {}, undefined],
      ['GET', '/graphql', {}, undefined],
      ['GET', `/graphql?query=${encodeURIComponent('{ me { id } }')}`, {}, undefined],
      ['POST', '/graphql', { 'content-type': 'application/json' }, '{"query": '],
      ['POST', '/graphql', { 'content-type': 'application/json' }, '[]'],
      ['POST', '/graphql', { 'content-type': 'application/json' }, '"just a string"'],
      ['POST', '/graphql', { 'content-type': 'application/json' }, JSON.stringify({ query: 'x'.repeat(1024 * 1024) })],
      ['POST', '/graphql', { 'content-type': 'text/plain' }, '{"query":"{ me { id } }"}'],
      ['POST', '/graphql', { 'content-type': 'application/json' }, JSON.stringify({ query: '{ me { id } }', variables: 'not-an-object' })],
      ['POST', '/graphql', { 'content-type': 'application/json' }, JSON.stringify({ query: '{ __proto__ { id } }' })],
      ['PUT', '/healthz', {}, 'x'],
      ['DELETE', '/graphql', {}, undefined],
      ['OPTIONS', '/graphql', {}, undefined],
    ];
    // Every route the HTTP server has (a report or import route added later is probed too), with hostile query strings.
    const server = t.app.getHttpAdapter().getInstance() as { printRoutes(options: { commonPrefix: boolean }): string };
    const registered = routesOf(server.printRoutes({ commonPrefix: false }));
    expect(registered.map((r) => r.path)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
    for (const route of registered) {
      for (const m of route.methods.filter((x) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].includes(x))) {
        const path = route.path.replace(/:(\w+)/g, 'not-a-uuid').replace(/\*$/, 'x');
        const body = m === 'GET' || m === 'HEAD' ? undefined : "'; DROP TABLE client; --";
        routes.push([m, path, {}, body], [m, `${path}?id=not-a-uuid&q=%25%00&limit=-1&date=2023-02-30`, {}, body]);
      }
    }
    for (const [method, path, headers, body] of routes) {
      const before = await current();
      const res = await fetch(`${t.url}${path}`, { method, headers, body });
      const text = await res.text();
      counts.requests++;
      const label = `${method} ${path.slice(0, 60)}`;
      if (res.status >= 500 && !(path === '/readyz' && res.status === 503)) failures.push(`${label}: HTTP ${res.status} ${text.slice(0, 200)}`);
      if (LEAK.test(text) || /Error: |<pre>|stack/i.test(text)) failures.push(`${label}: leaks ${text.slice(0, 300)}`);
      const changed = changedTables(before, await checksum());
      if (changed.length) failures.push(`${label}: changed ${changed.join(', ')}`);
    }
    expect(failures.splice(0)).toEqual([]);
  });

  it('reports what it tried', () => {
    const line = `hostile input: ${counts.fields.size} operations x ${counts.arguments.size} arguments x ${counts.values.size} kinds of value = ` +
      `${counts.probes} probes, ${counts.requests} requests (${counts.refused} refused, ${counts.accepted} accepted) across ${roles.length} roles`;
    process.stdout.write(`${line}\n`);
    expect(counts.fields.size).toBeGreaterThan(50);
    expect(counts.requests).toBeGreaterThan(1500);
  });
});
