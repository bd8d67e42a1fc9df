import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode, getNamedType, getNullableType, GraphQLError, GraphQLInputType, GraphQLSchema, isInputObjectType, isListType,
  isScalarType, OperationDefinitionNode, TypeInfo, visit, visitWithTypeInfo,
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
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {}, { maxErrors: 1 });
  // Variables that do not fit their types are refused by graphql-js itself (BAD_USER_INPUT), before any resolver.
  if (coerced.errors) return undefined;
  const variables = coerced.coerced;
  const typeInfo = new TypeInfo(schema);
  let problem: ArgumentProblem | undefined;
  visit(document, visitWithTypeInfo(typeInfo, {
    Field(node) {
      if (problem || !node.arguments?.length) return;
      const def = typeInfo.getFieldDef();
      if (!def) return;
      let values: Record<string, unknown>;
      try {
        values = getArgumentValues(def, node, variables);
      } catch {
        return; // graphql-js reports it when the field runs
      }
      for (const arg of def.args) {
        problem = valueProblem(arg.type, values[arg.name], arg.name);
        if (problem) return;
      }
    },
  }));
  return problem;
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
