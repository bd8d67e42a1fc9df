import {
  getNamedType, getNullableType, GraphQLArgument, GraphQLField, GraphQLInputObjectType, GraphQLInputType, GraphQLSchema, isEnumType,
  isInputObjectType, isLeafType, isListType, isNonNullType, isScalarType,
} from 'graphql';

/**
 * Hostile values for every argument of every root field of a schema, one argument (or nested input field) at
 * a time: the schema decides what is tried, so an operation added tomorrow is covered without anyone listing it.
 */

/** Record ids the baseline documents use, by what they name. */
export interface Fixtures {
  [name: string]: string;
}

export interface Probe {
  /** Query, Mutation or Subscription, and the root field. */
  root: 'Query' | 'Mutation' | 'Subscription';
  field: string;
  /** The argument path mutated (`id`, `input.clientId`, `input.goals[0].targetDate`). */
  path: string;
  /** What kind of hostile value this is, for the report. */
  kind: string;
  /** The operation document and its variables. */
  query: string;
  variables: Record<string, unknown>;
}

const MEGA = 'x'.repeat(1024 * 1024);

/** Hostile values of a leaf type, by the type's name and the argument's name. */
export function hostileLeafValues(typeName: string, argName: string, enumValues: string[] = []): [string, unknown][] {
  const name = argName.toLowerCase();
  if (enumValues.length) return [['unknown enum value', 'NOT_A_VALUE'], ['enum value in lower case', enumValues[0].toLowerCase()]];
  switch (typeName) {
    case 'ID':
      return [
        ['non-UUID id', 'not-a-uuid'], ['SQL-looking id', "1' OR '1'='1"], ['NUL in id', '00000000-0000-4000-8000-000000000000\u0000'], ['number id', 12345],
      ];
    case 'Int':
      return [['negative', -1], ['largest', 2147483647], ['beyond 32 bits', 2 ** 31]];
    case 'Float':
      return [['huge negative', -1e308], ['huge', 1e308]];
    case 'Boolean':
      return [['string boolean', 'yes']];
    case 'DateTime':
      return [
        ['impossible date', '2023-02-30T00:00:00Z'], ['year zero', '0000-01-01T00:00:00Z'], ['no time zone', '2026-01-01T08:00:00'],
      ];
    default: {
      const values: [string, unknown][] = [
        ['NUL byte', 'a\u0000b'], ['SQL-looking text', "'; DROP TABLE client; --"], ['percent wildcard', '%'], ['underscore wildcard', '_'],
        ['long text', 'x'.repeat(20_000)],
      ];
      if (/date|birth/.test(name)) values.push(['impossible date', '2023-02-30'], ['year zero', '0000-01-01'], ['future date', '2999-12-31']);
      if (/region|parentcode|areacode|scope/.test(name)) values.push(['unknown region code', '99.99.99.9999'], ['letter region code', 'XX.YY']);
      if (/email/.test(name)) values.push(['odd email', 'a@b@c']);
      if (/url/.test(name)) values.push(['internal url', 'http://169.254.169.254/latest/meta-data'], ['file url', 'file:///etc/passwd']);
      return values;
    }
  }
}

/** The 1 MB string, once per string-typed argument kind in the sampled subset (a body-size refusal is expected). */
export const MEGABYTE = MEGA;

/** A plausible value for a leaf argument, so that one hostile value at a time reaches as deep as it can. */
export function baselineLeaf(typeName: string, argName: string, fieldName: string, f: Fixtures, enumValues: string[] = []): unknown {
  const name = argName.toLowerCase();
  if (enumValues.length) return enumValues[0];
  switch (typeName) {
    case 'ID':
      return idFor(argName, fieldName, f);
    case 'Int':
      return /first|limit/.test(name) ? 5 : 1;
    case 'Float':
      return /lat/.test(name) ? -6.87 : /lon|lng/.test(name) ? 107.54 : 1;
    case 'Boolean':
      return false;
    case 'DateTime':
      return '2026-01-05T08:00:00+07:00';
    default:
      if (/email/.test(name)) return 'nobody@test.rujuk';
      if (/password/.test(name)) return 'not-the-password';
      if (/birth|date/.test(name)) return '1990-04-04';
      if (/regionscope|parentcode/.test(name)) return '32.77';
      if (/region|areacode/.test(name)) return '32.77.01.1001';
      if (/url/.test(name)) return 'https://hooks.example.org/rujuk';
      if (/phone/.test(name)) return '+62 812 0000 0000';
      if (/categor/.test(name)) return 'WANITA_KORBAN_KEKERASAN';
      if (/servicetype/.test(name)) return 'KONSELING';
      if (/partnerkind|kind/.test(name)) return 'LSM';
      if (/language/.test(name)) return 'id';
      if (/time|opens|closes/.test(name)) return '08:00';
      if (/after|cursor/.test(name)) return undefined;
      return 'Uji masukan';
  }
}

function idFor(argName: string, fieldName: string, f: Fixtures): string {
  const key = argName === 'id' || argName === 'ids'
    ? ({ client: 'client', updateClient: 'client', case: 'case', referral: 'referral', viewReferral: 'referral', service: 'service', verifyService: 'service',
      setServiceStatus: 'service', updateService: 'service', organization: 'organization', updateOrganization: 'organization', deactivateUser: 'spareUser',
      reactivateUser: 'spareUser', markNotificationsRead: 'notification' } as Record<string, string>)[fieldName] ?? 'unknown'
    : argName.replace(/Ids?$/, '').replace(/^recipientOrganization$/, 'organization').replace(/^caseManager$/, 'caseManager');
  return f[key] ?? f.unknown;
}

/** A baseline value of an input type: required fields only (and lists of one), leaves from baselineLeaf. */
export function baselineValue(type: GraphQLInputType, argName: string, fieldName: string, f: Fixtures, depth = 0): unknown {
  const t = getNullableType(type) as GraphQLInputType;
  if (isListType(t)) {
    const item = baselineValue(t.ofType, argName, fieldName, f, depth + 1);
    return item === undefined ? [] : [item];
  }
  if (isInputObjectType(t)) return baselineObject(t, fieldName, f, depth);
  const named = getNamedType(t);
  return baselineLeaf(named.name, argName, fieldName, f, isEnumType(named) ? named.getValues().map((v) => v.value) : []);
}

function baselineObject(t: GraphQLInputObjectType, fieldName: string, f: Fixtures, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (depth > 4) return out;
  for (const [name, field] of Object.entries(t.getFields())) {
    if (!isNonNullType(field.type) || field.defaultValue !== undefined) continue;
    const v = baselineValue(field.type, name, fieldName, f, depth + 1);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** Every leaf path under an argument: [path inside the argument, leaf type, leaf name, is a list element]. */
export function leafPaths(type: GraphQLInputType, name: string, depth = 0): { path: (string | number)[]; type: GraphQLInputType; leafName: string; inList: boolean }[] {
  const t = getNullableType(type) as GraphQLInputType;
  if (isListType(t)) {
    return leafPaths(t.ofType, name, depth + 1).map((l) => ({ ...l, path: [0, ...l.path], inList: true }));
  }
  if (isInputObjectType(t)) {
    if (depth > 4) return [];
    return Object.entries(t.getFields()).flatMap(([fname, field]) =>
      leafPaths(field.type, fname, depth + 1).map((l) => ({ ...l, path: [fname, ...l.path] })));
  }
  return [{ path: [], type: t, leafName: name, inList: false }];
}

/** Sets `value` at `path` inside `base` (creating objects and one-element lists on the way), returning a copy. */
export function setAt(base: unknown, type: GraphQLInputType, path: (string | number)[], value: unknown, argName: string, fieldName: string, f: Fixtures): unknown {
  if (!path.length) return value;
  const t = getNullableType(type) as GraphQLInputType;
  const [head, ...rest] = path;
  if (isListType(t)) {
    const list = Array.isArray(base) && base.length ? [...base] : [baselineValue(t.ofType, argName, fieldName, f)];
    list[0] = setAt(list[0], t.ofType, rest, value, argName, fieldName, f);
    return list;
  }
  if (isInputObjectType(t)) {
    const obj = { ...((base as Record<string, unknown>) ?? baselineObject(t, fieldName, f, 0)) };
    const field = t.getFields()[head as string];
    obj[head as string] = setAt(obj[head as string] ?? (rest.length ? baselineValue(field.type, head as string, fieldName, f) : undefined), field.type, rest, value, head as string, fieldName, f);
    return obj;
  }
  return value;
}

/** A selection that any return type accepts. */
function selectionFor(field: GraphQLField<unknown, unknown>): string {
  return isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
}

function printType(t: GraphQLInputType): string {
  return String(t);
}

/** Every probe of a root type: for each argument and each leaf under it, each hostile value of that leaf's type. */
export function probesOf(schema: GraphQLSchema, root: Probe['root'], f: Fixtures, opts: { megabyteFor?: (field: string) => boolean } = {}): Probe[] {
  const type = root === 'Query' ? schema.getQueryType() : root === 'Mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!type) return [];
  const keyword = root.toLowerCase();
  const probes: Probe[] = [];
  for (const field of Object.values(type.getFields())) {
    if (!field.args.length) continue;
    const decl = field.args.map((a) => `$${a.name}: ${printType(a.type)}`).join(', ');
    const call = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const query = `${keyword} Probe(${decl}) { ${field.name}(${call})${selectionFor(field)} }`;
    const baseline: Record<string, unknown> = {};
    for (const a of field.args) {
      if (isNonNullType(a.type) && a.defaultValue === undefined) baseline[a.name] = baselineValue(a.type, a.name, field.name, f);
    }
    for (const arg of field.args as readonly GraphQLArgument[]) {
      for (const leaf of leafPaths(arg.type, arg.name)) {
        const named = getNamedType(leaf.type);
        const enumValues = isEnumType(named) ? named.getValues().map((v) => v.value) : [];
        const values = hostileLeafValues(isScalarType(named) ? named.name : 'Enum', leaf.leafName, enumValues);
        if (named.name === 'String' && opts.megabyteFor?.(field.name)) values.push(['1 MB text', MEGA]);
        const path = [arg.name, ...leaf.path].map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
        for (const [kind, value] of values) {
          probes.push({ root, field: field.name, path, kind, query, variables: { ...baseline, [arg.name]: setAt(baseline[arg.name], arg.type, leaf.path, value, arg.name, field.name, f) } });
        }
        if (leaf.inList) {
          // A list far longer than any honest one.
          const item = baselineValue(getNamedType(leaf.type) as GraphQLInputType, leaf.leafName, field.name, f);
          if (leaf.path.length === 1 && leaf.path[0] === 0) {
            probes.push({ root, field: field.name, path: arg.name, kind: 'list of 2000', query, variables: { ...baseline, [arg.name]: Array(2000).fill(item) } });
          }
        }
      }
    }
  }
  return probes;
}
