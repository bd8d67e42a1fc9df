import { buildSchema, parse } from 'graphql';
import { argumentProblem } from '../../src/common/argument-guard';
import { isRealDate, parseInstant, StrictDateTime, todayInIndonesia } from '../../src/common/dates';
import { escapeLike } from '../../src/common/like-pattern';
import { viewerChanged } from '../../src/common/subscriber-sessions';
import { ConfigError, loadConfig } from '../../src/config/app-config';

describe('argument rules that hold for every operation', () => {
  const schema = buildSchema(`
    input Filter { ownerId: ID, tags: [String!], inner: Filter }
    type Query { thing(id: ID!, text: String, filter: Filter, ids: [ID!]): Boolean, other(n: Int): Boolean }
  `);
  const check = (query: string, variables: Record<string, unknown> = {}) => argumentProblem(schema, parse(query), undefined, variables);
  const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';

  it('an ID must be a UUID, named as the client wrote it: argument, input field, list element', () => {
    expect(check(`{ thing(id: "${uuid}") }`)).toBeUndefined();
    expect(check(`{ thing(id: "not-a-uuid") }`)).toEqual({ field: 'id', rule: 'must be a UUID' });
    expect(check(`query($f: Filter) { thing(id: "${uuid}", filter: $f) }`, { f: { inner: { ownerId: '42' } } })).toEqual({ field: 'filter.inner.ownerId', rule: 'must be a UUID' });
    expect(check(`query($i: [ID!]) { thing(id: "${uuid}", ids: $i) }`, { i: [uuid, 'x'] })).toEqual({ field: 'ids[1]', rule: 'must be a UUID' });
  });

  it('no text holds a NUL character, in variables or literals', () => {
    expect(check(`query($t: String) { thing(id: "${uuid}", text: $t) }`, { t: 'a\u0000b' })).toEqual({ field: 'text', rule: 'must not contain a NUL character' });
    expect(check(`{ thing(id: "${uuid}", filter: { tags: ["ok", "a\\u0000"] }) }`)).toEqual({ field: 'filter.tags[1]', rule: 'must not contain a NUL character' });
    expect(check(`{ other(n: 1) }`)).toBeUndefined();
  });

  it('checks each request of a document seen before by its own variables', () => {
    const document = parse(`query($f: Filter, $n: Int) { thing(id: "${uuid}", filter: $f) other(n: $n) }`);
    expect(argumentProblem(schema, document, undefined, { f: { ownerId: uuid } })).toBeUndefined();
    expect(argumentProblem(schema, document, undefined, { f: { ownerId: 'x' } })).toEqual({ field: 'filter.ownerId', rule: 'must be a UUID' });
    expect(argumentProblem(schema, document, undefined, { f: { tags: ['a\u0000'] } })).toEqual({ field: 'filter.tags[0]', rule: 'must not contain a NUL character' });
    expect(argumentProblem(schema, document, undefined, { f: { ownerId: uuid } })).toBeUndefined();
  });

  it('leaves ill-typed variables to graphql-js, which refuses them itself', () => {
    expect(check(`query($n: Int) { other(n: $n) }`, { n: 'x' })).toBeUndefined();
    // A bad ID beside a field the input type does not have: graphql-js refuses the whole variable first.
    expect(check(`query($f: Filter) { thing(id: "${uuid}", filter: $f) }`, { f: { ownerId: 'x', colour: 'red' } })).toBeUndefined();
  });

  it('checks what graphql-js will run: an integer given for an ID, a variable left to its default', () => {
    expect(check(`query($id: ID!) { thing(id: $id) }`, { id: 42 })).toEqual({ field: 'id', rule: 'must be a UUID' });
    expect(check(`query($i: [ID!]) { thing(id: "${uuid}", ids: $i) }`, { i: [uuid, 7] })).toEqual({ field: 'ids[1]', rule: 'must be a UUID' });
    expect(check(`query($t: String = "a\\u0000b") { thing(id: "${uuid}", text: $t) }`)).toEqual({ field: 'text', rule: 'must not contain a NUL character' });
    expect(check(`query($t: String = "a\\u0000b") { thing(id: "${uuid}", text: $t) }`, { t: 'fine' })).toBeUndefined();
    expect(check(`query($f: Filter = { ownerId: "nope" }) { thing(id: "${uuid}", filter: $f) }`)).toEqual({ field: 'filter.ownerId', rule: 'must be a UUID' });
  });
});

describe('dates', () => {
  it('a real calendar date from 1900', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    for (const d of ['2023-02-30', '0000-01-01', '1899-12-31', '2024-13-01', '2024-1-1', '3000-01-01']) expect([d, isRealDate(d)]).toEqual([d, false]);
  });

  it('an instant needs a real date, a real time and a zone', () => {
    expect(parseInstant('2026-03-01T08:00:00+07:00')?.toISOString()).toBe('2026-03-01T01:00:00.000Z');
    for (const s of ['2023-02-30T00:00:00Z', '0000-01-01T00:00:00Z', '2026-01-01', '2026-01-01T08:00:00', '2026-01-01T24:00:00Z', 'x']) {
      expect([s, parseInstant(s)]).toEqual([s, undefined]);
    }
    expect(() => StrictDateTime.parseValue('2023-02-30T00:00:00Z')).toThrow(/ISO 8601 instant/);
    expect(StrictDateTime.serialize(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });

  it("today is Papua's date: the day starts there first", () => {
    expect(todayInIndonesia(new Date('2026-03-01T15:30:00Z'))).toBe('2026-03-02');
    expect(todayInIndonesia(new Date('2026-03-01T14:30:00Z'))).toBe('2026-03-01');
  });
});

describe('LIKE patterns', () => {
  it('escapes the wildcards and the escape character', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
    expect(escapeLike('Cimahi')).toBe('Cimahi');
  });
});

describe('subscriber sessions', () => {
  const v = { id: 'u', email: 'a@b', role: 'CASE_MANAGER' as const, organizationId: 'o', regionScope: null };
  it('a viewer changed when what decides their access changed', () => {
    expect(viewerChanged(v, { ...v, email: 'c@d' })).toBe(false);
    expect(viewerChanged(v, { ...v, organizationId: 'p' })).toBe(true);
    expect(viewerChanged(v, { ...v, role: 'SUPERVISOR' })).toBe(true);
    expect(viewerChanged(v, { ...v, regionScope: '32' })).toBe(true);
  });
});

describe('TRUSTED_PROXIES', () => {
  const env = { NODE_ENV: 'test', DATABASE_URL: 'postgres://x@h/db', REDIS_URL: 'redis://h', JWT_SECRET: 'x'.repeat(32) };
  it('trusts no proxy by default, and takes addresses, ranges and the Express names', () => {
    expect(loadConfig(env).http.trustedProxies).toEqual([]);
    expect(loadConfig({ ...env, TRUSTED_PROXIES: '10.0.0.1, 172.16.0.0/12,loopback, fd00::/8' }).http.trustedProxies)
      .toEqual(['10.0.0.1', '172.16.0.0/12', 'loopback', 'fd00::/8']);
    expect(() => loadConfig({ ...env, TRUSTED_PROXIES: 'everyone' })).toThrow(ConfigError);
  });

  it('migrates as DATABASE_OWNER_URL when given, else as DATABASE_URL', () => {
    expect(loadConfig(env).database.ownerUrl).toBe('postgres://x@h/db');
    expect(loadConfig({ ...env, DATABASE_OWNER_URL: 'postgres://owner@h/db' }).database.ownerUrl).toBe('postgres://owner@h/db');
  });
});
