import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { errorCodeLabel, graphqlErrors, graphqlOperationDuration } from './metrics';

/**
 * The operation label of a GraphQL request: the name of its first root field when the schema has that field
 * (`sendReferral`, `referrals`), `introspection` for `__schema`/`__type`, and `other` for anything else (a
 * document that did not parse or validate). Client-chosen operation names are never labels: they are unbounded.
 */
export function operationLabel(schema: GraphQLSchema | undefined, operation: OperationDefinitionNode | undefined | null): { type: string; operation: string } {
  if (!operation) return { type: 'unknown', operation: 'other' };
  const type = operation.operation;
  const first = operation.selectionSet.selections.find((s) => s.kind === 'Field');
  const name = first?.kind === 'Field' ? first.name.value : undefined;
  if (!name) return { type, operation: 'other' };
  if (name.startsWith('__')) return { type, operation: 'introspection' };
  const root = type === 'query' ? schema?.getQueryType() : type === 'mutation' ? schema?.getMutationType() : schema?.getSubscriptionType();
  return { type, operation: root?.getFields()[name] ? name : 'other' };
}

/** Apollo plugin: each operation's duration by kind and root field, and its errors by code. */
export function graphqlMetricsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operation, schema }) {
          const labels = operationLabel(schema, operation);
          graphqlOperationDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
          if (response.body.kind !== 'single') return;
          for (const e of response.body.singleResult.errors ?? []) {
            graphqlErrors.inc({ code: errorCodeLabel(e.extensions?.code), operation: labels.operation });
          }
        },
      };
    },
  };
}
