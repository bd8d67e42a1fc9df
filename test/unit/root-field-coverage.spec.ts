import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLObjectType } from 'graphql';

/**
 * Every root field of the committed schema (Query, Mutation, Subscription) is called by at least one end-to-end
 * test. A field counts as called when a GraphQL document in a template literal of a file under test/e2e names it
 * as a selection (the name followed by its arguments `(`, its selection set `{`, or the end of one `}`), or when
 * a helper that builds the document is called with the field's name as its first argument (`act('sendReferral', ...)`).
 */
const ROOT = join(__dirname, '..', '..');

function rootFields(): string[] {
  const schema = buildSchema(readFileSync(join(ROOT, 'schema.gql'), 'utf8'));
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(
    (t): t is GraphQLObjectType => !!t,
  );
  return roots.flatMap((t) => Object.keys(t.getFields()).map((f) => `${t.name}.${f}`));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Where the tests name root fields: the template literals (GraphQL documents) and helper calls `f('field'`. */
function documentsOf(source: string): string[] {
  return [...(source.match(/`[^`]*`/g) ?? []), ...(source.match(/\w\(\s*'\w+'/g) ?? [])];
}

function uncoveredFields(fields: string[], documents: string[]): string[] {
  return fields.filter((qualified) => {
    const field = qualified.split('.')[1];
    const selected = new RegExp(`(?<![\\w$.])${field}\\s*[({}]`);
    const builtFor = new RegExp(`\\w\\(\\s*'${field}'`);
    return !documents.some((d) => d.startsWith('`') ? selected.test(d) : builtFor.test(d));
  });
}

describe('root field coverage', () => {
  it('recognises a call by arguments, selection set or bare scalar, and not a variable or a longer name', () => {
    const fields = ['Query.case', 'Query.cases', 'Query.me', 'Mutation.login', 'Query.regions'];
    const docs = documentsOf("gql(t, `query($id: ID!) { case(id: $id) { id } }`); gql(t, `{ me { id } }`); x = `mutation { login }`; " +
      "y = `{ x(regions: $regions) }`; act('cases', {}); z = 'regions';");
    expect(uncoveredFields(fields, docs)).toEqual(['Query.regions']);
  });

  it('every Query, Mutation and Subscription field is called by an e2e test', () => {
    const documents = filesUnder(join(ROOT, 'test', 'e2e')).flatMap((f) => documentsOf(readFileSync(f, 'utf8')));
    const fields = rootFields();
    expect(fields.length).toBeGreaterThan(0);
    expect(uncoveredFields(fields, documents)).toEqual([]);
  });
});
