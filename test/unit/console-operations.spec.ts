import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { buildSchema, parse, specifiedRules, validate, visit, type DocumentNode, type SelectionSetNode } from 'graphql';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every GraphQL operation the console sends is valid against schema.gql and within the API's default query
 * cost and depth limits (GRAPHQL_MAX_COST 5000, GRAPHQL_MAX_DEPTH 10), counted as Apollo Client sends it
 * (with __typename in each selection set). An operation over a limit is refused with HTTP 400 at run time.
 */
const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'gql') return [];
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [readFileSync(path, 'utf8')] : [];
  });
}

function withTypename(doc: DocumentNode): DocumentNode {
  return visit(doc, {
    SelectionSet(node: SelectionSetNode, _key, parent) {
      // Apollo adds __typename to every selection set but the operation's own.
      if (parent && !Array.isArray(parent) && (parent as { kind?: string }).kind === 'OperationDefinition') return undefined;
      if (node.selections.some((s) => s.kind === 'Field' && s.name.value === '__typename')) return undefined;
      return { ...node, selections: [...node.selections, { kind: 'Field', name: { kind: 'Name', value: '__typename' } }] };
    },
  });
}

describe('console operations', () => {
  const schema = buildSchema(readFileSync(join(root, 'schema.gql'), 'utf8'));
  const operations = sources(join(root, 'web', 'src')).flatMap((code) => [...code.matchAll(/graphql\(`([\s\S]*?)`\)/g)].map((m) => m[1]));

  it('finds the console\'s operations', () => {
    expect(operations.length).toBeGreaterThan(30);
  });

  it.each(operations.map((op) => [/(?:query|mutation|subscription) (\w+)/.exec(op)?.[1] ?? op.slice(0, 40), op]))(
    '%s is valid and within the cost and depth limits',
    (_name, op) => {
      const doc = withTypename(parse(op));
      const errors = validate(schema, doc, [...specifiedRules, costLimitRule({ maxCost: 5000, exposeLimits: true }), maxDepthRule({ n: 10, exposeLimits: true })]);
      expect(errors.map((e) => e.message)).toEqual([]);
    },
  );
});
