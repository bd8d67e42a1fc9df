import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { formatGraphQLError } from './graphql-errors';

export const SCHEMA_FILE = join(process.cwd(), 'schema.gql');

/**
 * Apollo through Nest, code-first. The schema is written to schema.gql (committed) outside production.
 * CacheControl is disabled: it costs a third of throughput on hot lists and we do not use it.
 */
export function graphqlOptions(config: AppConfig, extraPlugins: ApolloDriverConfig['plugins'] = []): ApolloDriverConfig {
  return {
    autoSchemaFile: config.env === 'production' ? true : SCHEMA_FILE,
    sortSchema: true,
    path: '/graphql',
    playground: false,
    introspection: config.graphql.introspection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    plugins: [ApolloServerPluginCacheControlDisabled(), ApolloServerPluginLandingPageDisabled(), ...(extraPlugins ?? [])],
    formatError: formatGraphQLError,
    context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
  };
}
