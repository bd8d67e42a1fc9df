import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';

/** A raw POST to /graphql, for what the gql() helper cannot send (batches, oversized bodies). */
async function post(t: TestApp, body: string, token?: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'en', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

const CREATE_ORG = `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`;

async function countOrganizations(t: TestApp, namePrefix: string): Promise<number> {
  const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM organization WHERE name LIKE $1`, [`${namePrefix}%`]);
  return n;
}

describe('GraphQL hardening (default limits: depth 10, cost 5000, aliases 15, batch 10, body 100kb)', () => {
  let t: TestApp;
  let admin: string;
  let orgId: string;

  beforeAll(async () => {
    t = await startApp();
    admin = (await userWithToken(t, 'ADMIN')).token;
    orgId = (await ok(gql(t, CREATE_ORG, { i: { name: 'Seed Org', partnerKind: 'LSM', regionCode: '32.73' } }, admin)))
      .createOrganization.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a query deeper than the limit before any resolver runs (a deep mutation creates nothing)', async () => {
    // createOrganization > services > organization > services > ... : depth 12
    let selection = 'id';
    for (let i = 0; i < 5; i++) selection = `services { organization { ${selection} } }`;
    const r = await gql(t, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { ${selection} } }`, {
      i: { name: 'Deep Org', partnerKind: 'LSM', regionCode: '32.73' },
    }, admin);
    expect(r.status).toBe(400);
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0].message).toMatch(/depth limit of 10 exceeded/i);
    expect(await countOrganizations(t, 'Deep Org')).toBe(0);
  });

  it('accepts a query exactly at the depth limit', async () => {
    let selection = 'id';
    for (let i = 0; i < 4; i++) selection = `services { organization { ${selection} } }`;
    const d = await ok(gql(t, `query($id: ID!) { organization(id: $id) { ${selection} } }`, { id: orgId }, admin)); // depth 10
    expect(d.organization.services).toEqual([]);
  });

  it('refuses an alias bomb before any resolver runs (50 aliased creations create nothing)', async () => {
    const ops = Array.from({ length: 50 }, (_, i) =>
      `a${i}: createOrganization(input: { name: "Alias Org ${i}", partnerKind: "LSM", regionCode: "32.73" }) { id }`).join('\n');
    const r = await gql(t, `mutation { ${ops} }`, {}, admin);
    expect(r.status).toBe(400);
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0].message).toMatch(/aliases limit of 15 exceeded, found 50/i);
    expect(await countOrganizations(t, 'Alias Org')).toBe(0);
  });

  it('refuses a huge alias bomb by its token count', async () => {
    const query = `{ ${Array.from({ length: 1000 }, (_, i) => `m${i}: me { id }`).join(' ')} }`;
    const r = await gql(t, query, {}, admin);
    expect(r.status).toBe(400);
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.errors?.[0].message).toMatch(/more tha[nt] 2000 tokens/i);
  });

  it('refuses an expensive query by its cost', async () => {
    const r = await gql(t, `{ organizations(first: 100) { edges { node { id name services { id name locations { id name } } } } } }`, {}, admin);
    expect(r.status).toBe(400);
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0].message).toMatch(/cost limit of 5000 exceeded/i);
  });

  it('refuses a batch of 100 operations whole, before any resolver runs', async () => {
    const batch = Array.from({ length: 100 }, (_, i) => ({
      query: CREATE_ORG, variables: { i: { name: `Batch Org ${i}`, partnerKind: 'LSM', regionCode: '32.73' } },
    }));
    const r = await post(t, JSON.stringify(batch), admin);
    expect(r.status).toBe(400);
    expect(r.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'batch' });
    expect(r.json.errors[0].message).toMatch(/100 operations, at most 10 allowed/);
    expect(await countOrganizations(t, 'Batch Org')).toBe(0);
  });

  it('runs a batch within the limit, each operation with its own result', async () => {
    const r = await post(t, JSON.stringify([
      { query: '{ me { role } }' },
      { query: CREATE_ORG, variables: { i: { name: 'Small Batch Org', partnerKind: 'LSM', regionCode: '32.73' } } },
    ]), admin);
    expect(r.status).toBe(200);
    expect(r.json).toHaveLength(2);
    expect(r.json[0].data.me.role).toBe('ADMIN');
    expect(r.json[1].data.createOrganization.id).toEqual(expect.any(String));
    expect(await countOrganizations(t, 'Small Batch Org')).toBe(1);
  });

  it('refuses a request body over the size limit with 413', async () => {
    const r = await post(t, JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(150 * 1024) } }), admin);
    expect(r.status).toBe(413);
  });

  it('reads a body as body-parser read it: compressed, UTF-8 only, an object or an array, limited after inflating', async () => {
    const send = (body: Buffer | string, headers: Record<string, string>) => fetch(`${t.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, ...headers }, body,
    });
    const query = JSON.stringify({ query: '{ me { role } }' });
    const gzipped = await send(gzipSync(query), { 'content-encoding': 'gzip' });
    expect(gzipped.status).toBe(200);
    expect(await gzipped.json()).toEqual({ data: { me: { role: 'ADMIN' } } });
    expect((await send(query, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
    expect(await (await send(query, { 'content-type': 'application/json; charset=latin1' })).json()).toMatchObject({ statusCode: 415 });
    expect(await (await send(query, { 'content-encoding': 'compress' })).json()).toMatchObject({ statusCode: 415 });
    expect(await (await send('"just a string"', {})).json()).toMatchObject({ statusCode: 400 });
    expect(await (await send('{"query": ', {})).json()).toMatchObject({ statusCode: 400 });
    const bomb = gzipSync(JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(150 * 1024) } }));
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect((await send(bomb, { 'content-encoding': 'gzip' })).status).toBe(413);
  });

  it('caps first at 100', async () => {
    expect(await errorOf(gql(t, `{ organizations(first: 101) { totalCount } }`, {}, admin))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('outside production: introspection on and field suggestions shown', async () => {
    const d = await ok(gql(t, `{ __schema { queryType { name } } }`, {}, admin));
    expect(d.__schema.queryType.name).toBe('Query');
    const e = await errorOf(gql(t, `{ me { emial } }`, {}, admin));
    expect(e.message).toMatch(/Did you mean "email"/);
  });

  it('never sends stack traces', async () => {
    const r = await gql(t, `{ me { emial } }`, {}, admin);
    expect(JSON.stringify(r)).not.toMatch(/stacktrace|\.ts:\d+/);
  });
});

describe('GraphQL hardening in production (NODE_ENV=production)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    process.env.NODE_ENV = 'production';
    process.env.DATA_ENCRYPTION_KEY ??= randomBytes(32).toString('hex');
    t = await startApp();
    admin = (await userWithToken(t, 'ADMIN')).token;
  });
  afterAll(async () => {
    await t.close();
    process.env.NODE_ENV = 'test';
  });

  it('turns introspection off', async () => {
    const r = await gql(t, `{ __schema { types { name } } }`, {}, admin);
    expect(r.data).toBeUndefined();
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0].message).toMatch(/introspection/i);
  });

  it('strips field suggestions', async () => {
    const r = await gql(t, `{ me { emial } }`, {}, admin);
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0].message).toMatch(/Cannot query field "emial"/);
    expect(JSON.stringify(r.errors)).not.toMatch(/Did you mean|"email"/);
  });

  it('still serves ordinary operations', async () => {
    const d = await ok(gql(t, `{ me { role } }`, {}, admin));
    expect(d.me.role).toBe('ADMIN');
  });

  it('serves no landing page: a browser opening /graphql gets no HTML', async () => {
    const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).not.toMatch(/html/);
  });
});
