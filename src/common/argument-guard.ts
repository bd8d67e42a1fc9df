import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode, FieldNode, getNamedType, getNullableType, GraphQLError, GraphQLField, GraphQLInputObjectType, GraphQLInputType,
  GraphQLSchema, isInputObjectType, isInputType, isListType, isScalarType, OperationDefinitionNode, typeFromAST, TypeInfo, valueFromAST, visit,
  visitWithTypeInfo,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';

/** Every record id the API takes (`ID` arguments and input fields) is a UUID. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ArgumentProblem {
  field: string;
  rule: string;
}

/**
 * Rules that hold for every argument of every field, whatever the operation, so that no resolver has to remember
 * them: an `ID` is a UUID (PostgreSQL would refuse anything else with an error that is not the client's to see),
 * and no text holds a NUL character (PostgreSQL cannot store one in text). The first problem found, naming the
 * argument as the client wrote it (`id`, `input.clientId`, `input.serviceIds[2]`), or undefined.
 */
export function argumentProblem(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
): ArgumentProblem | undefined {
  const sites = textArgumentSites(schema, document);
  // No argument anywhere in the document can hold text: nothing to check, no variables to coerce.
  if (!sites.length) return undefined;
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return undefined;
  // Checked first on the variables as sent (with the operation's own defaults): coercion turns no value that passes
  // there into one that fails (a String or an ID stays the same text; an integer given for an ID fails there as its
  // coerced text would), so only a problem found there needs the coerced values, which decide it as graphql-js will.
  if (!firstProblem(sites, withVariableDefaults(schema, operation, rawVariables ?? {}))) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {}, { maxErrors: 1 });
  // Variables that do not fit their types are refused by graphql-js itself (BAD_USER_INPUT), before any resolver.
  if (coerced.errors) return undefined;
  return firstProblem(sites, coerced.coerced);
}

function firstProblem(sites: ArgumentSite[], variables: Record<string, unknown>): ArgumentProblem | undefined {
  for (const { def, node } of sites) {
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(def, node, variables);
    } catch {
      continue; // graphql-js reports it when the field runs
    }
    for (const arg of def.args) {
      const problem = valueProblem(arg.type, values[arg.name], arg.name);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** The variables as sent, plus the default of each variable the operation declares with one and the client left out. */
function withVariableDefaults(schema: GraphQLSchema, operation: OperationDefinitionNode, raw: Record<string, unknown>): Record<string, unknown> {
  let out = raw;
  for (const d of operation.variableDefinitions ?? []) {
    const name = d.variable.name.value;
    if (!d.defaultValue || Object.prototype.hasOwnProperty.call(raw, name)) continue;
    const type = typeFromAST(schema, d.type);
    if (out === raw) out = { ...raw };
    if (type && isInputType(type)) out[name] = valueFromAST(d.defaultValue, type);
  }
  return out;
}

interface ArgumentSite {
  def: GraphQLField<unknown, unknown>;
  node: FieldNode;
}

/** Per schema, per parsed document (Apollo hands the same DocumentNode back for a query text it has seen). */
const sitesCache = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, ArgumentSite[]>>();

/**
 * The fields of a document, in document order, given an argument whose value can hold text (an ID, a String or
 * another scalar, directly, in a list or in an input object): the only ones argumentProblem has to look at. A
 * walk of the document with its types, made once per document rather than once per request.
 */
function textArgumentSites(schema: GraphQLSchema, document: DocumentNode): ArgumentSite[] {
  let bySchema = sitesCache.get(schema);
  if (!bySchema) sitesCache.set(schema, (bySchema = new WeakMap()));
  let sites = bySchema.get(document);
  if (sites) return sites;
  const found: ArgumentSite[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(document, visitWithTypeInfo(typeInfo, {
    Field(node) {
      if (!node.arguments?.length) return;
      const def = typeInfo.getFieldDef();
      if (def && def.args.some((arg) => mayHoldText(arg.type, new Set()))) found.push({ def, node });
    },
  }));
  sites = found;
  bySchema.set(document, sites);
  return sites;
}

function mayHoldText(type: GraphQLInputType, seen: Set<GraphQLInputObjectType>): boolean {
  const named = getNamedType(type);
  if (isScalarType(named)) return !['Int', 'Float', 'Boolean'].includes(named.name);
  if (!isInputObjectType(named) || seen.has(named)) return false;
  seen.add(named);
  return Object.values(named.getFields()).some((f) => mayHoldText(f.type, seen));
}

function valueProblem(type: GraphQLInputType, value: unknown, path: string): ArgumentProblem | undefined {
  if (value === undefined || value === null) return undefined;
  const t = getNullableType(type);
  if (isListType(t)) {
    if (!Array.isArray(value)) return valueProblem(t.ofType, value, path);
    for (let i = 0; i < value.length; i++) {
      const p = valueProblem(t.ofType, value[i], `${path}[${i}]`);
      if (p) return p;
    }
    return undefined;
  }
  if (isInputObjectType(t)) {
    const fields = t.getFields();
    for (const name of Object.keys(fields)) {
      const p = valueProblem(fields[name].type, (value as Record<string, unknown>)[name], `${path}.${name}`);
      if (p) return p;
    }
    return undefined;
  }
  // An integer where an ID is expected: graphql-js would coerce it to text that is no UUID.
  if (isScalarType(t) && t.name === 'ID' && typeof value === 'number') return { field: path, rule: 'must be a UUID' };
  if (isScalarType(getNamedType(t)) && typeof value === 'string') {
    if (value.includes('\u0000')) return { field: path, rule: 'must not contain a NUL character' };
    if (t.name === 'ID' && !UUID.test(value)) return { field: path, rule: 'must be a UUID' };
  }
  return undefined;
}

export function argumentError(problem: ArgumentProblem): GraphQLError {
  return new GraphQLError(`${problem.field}: ${problem.rule}`, {
    extensions: { code: 'BAD_USER_INPUT', field: problem.field, rule: problem.rule, http: { status: 400 } },
  });
}

/**
 * Checks every operation's arguments (argumentProblem) once its document is resolved, before any resolver runs,
 * so a refusal writes nothing. Also keeps the schema for the WebSocket transport, which checks subscriptions
 * the same way (graphql.config.ts).
 */
export function argumentGuardPlugin(schemaHolder: { schema?: GraphQLSchema }): ApolloServerPlugin {
  return {
    async serverWillStart({ schema }) {
      schemaHolder.schema = schema;
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          const problem = argumentProblem(schema, document, request.operationName, request.variables);
          if (problem) throw argumentError(problem);
        },
      };
    },
  };
}
