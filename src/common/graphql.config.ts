import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { DocumentNode, ExecutionResult, getOperationAST, GraphQLError, GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import type { Viewer } from './viewer';
import { formatGraphQLError, unavailableStatusPlugin } from './graphql-errors';
import { DEFAULT_LOCALE, Locale, localeOf } from './locale';
import { localize } from './messages';
import { currentLocale, RequestContext, runWithRequestContext } from './request-context';

export const SCHEMA_FILE = join(process.cwd(), 'schema.gql');

/**
 * Apollo through Nest, code-first. The schema is written to schema.gql (committed) outside production.
 * CacheControl is disabled: it costs a third of throughput on hot lists and we do not use it.
 */
export function graphqlOptions(
  config: AppConfig,
  extraPlugins: ApolloDriverConfig['plugins'] = [],
  viewerFromToken?: (token: string) => Promise<Viewer>,
): ApolloDriverConfig {
  const armor = graphqlArmor(config);
  return {
    autoSchemaFile: config.env === 'production' ? true : SCHEMA_FILE,
    sortSchema: true,
    path: '/graphql',
    playground: false,
    introspection: config.graphql.introspection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Batches are allowed (clients use them) but capped by graphqlBatchLimit before Apollo sees them.
    allowBatchedHttpRequests: true,
    validationRules: armor.validationRules,
    // graphql-js counts tokens while parsing; a refusal is a 400 GRAPHQL_PARSE_FAILED (armor's own max-tokens
    // plugin throws from an Apollo hook, which Apollo Server 5 turns into a 500).
    parseOptions: { maxTokens: MAX_TOKENS },
    plugins: [
      ApolloServerPluginCacheControlDisabled(), ApolloServerPluginLandingPageDisabled(), unavailableStatusPlugin(), ...armor.plugins, ...(extraPlugins ?? []),
    ],
    formatError: formatGraphQLError,
    // Nest's plugin would reset every response with data to 200, undoing unavailableStatusPlugin's 503.
    preserveHttpStatusForExecutionErrors: false,
    context: graphqlContext,
    subscriptions: viewerFromToken ? graphqlWsOptions(armor.validationRules, viewerFromToken) : undefined,
  };
}

interface WsContext {
  connectionParams?: Record<string, unknown>;
  extra: { user?: Viewer };
}

/**
 * Over HTTP the context is the request (the auth guard reads its bearer token). Over graphql-ws it is a
 * request-like object holding the viewer authenticated when the socket connected.
 */
function graphqlContext(arg: { req?: unknown; res?: unknown } | WsContext): { req: unknown; res?: unknown } {
  if ('extra' in arg && arg.extra && !('req' in arg && arg.req)) {
    return { req: { user: (arg as WsContext).extra.user, headers: {} } };
  }
  const http = arg as { req: unknown; res: unknown };
  return { req: http.req, res: http.res };
}

/**
 * The language of a WebSocket connection: its connection params' `acceptLanguage` (or `accept-language`),
 * read like the HTTP header; Indonesian without one.
 */
export function connectionLocale(params: Record<string, unknown> | undefined): Locale {
  const given = params?.acceptLanguage ?? params?.['accept-language'] ?? params?.['Accept-Language'];
  return typeof given === 'string' ? localeOf(given) : DEFAULT_LOCALE;
}

function wsRequestContext(ctx: WsContext): RequestContext {
  return { requestId: null, clientAddress: null, locale: connectionLocale(ctx.connectionParams) };
}

/**
 * Subscriptions over `graphql-ws` on /graphql. The client sends `{ authorization: 'Bearer <token>' }` as
 * connection params (and may send `acceptLanguage: 'en'` for English errors); a missing or bad token closes the socket (4403). Only subscription operations are
 * accepted on the socket (queries and mutations go over HTTP, with its rate limits), validated with the
 * same armor rules as HTTP.
 */
function graphqlWsOptions(
  armorRules: NonNullable<ApolloDriverConfig['validationRules']>,
  viewerFromToken: (token: string) => Promise<Viewer>,
): ApolloDriverConfig['subscriptions'] {
  const rules = [...specifiedRules, ...(armorRules as typeof specifiedRules)];
  return {
    'graphql-ws': {
      path: '/graphql',
      validate: (schema: GraphQLSchema, document: DocumentNode) => validate(schema, document, rules),
      onConnect: async (ctx: WsContext) => {
        const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const match = typeof raw === 'string' ? /^Bearer\s+(\S+)$/i.exec(raw) : null;
        if (!match) return false;
        try {
          ctx.extra.user = await viewerFromToken(match[1]);
          return true;
        } catch {
          return false;
        }
      },
      // Errors in a subscription's events are formatted as over HTTP, in the connection's language.
      onNext: (ctx: WsContext, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) => {
        if (!result.errors?.length) return undefined;
        return runWithRequestContext(wsRequestContext(ctx), () => ({
          ...result,
          errors: result.errors!.map((e) => formatGraphQLError(e.toJSON(), e)),
        }));
      },
      onSubscribe: (_ctx: unknown, _id: string, payload: { query: string; operationName?: string | null }) => {
        try {
          const op = getOperationAST(parse(payload.query, { maxTokens: MAX_TOKENS }), payload.operationName ?? undefined);
          if (op && op.operation !== 'subscription') return [new GraphQLError('Only subscriptions are served over WebSocket; use HTTP')];
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError('Invalid query')];
        }
        return undefined;
      },
    },
  } as ApolloDriverConfig['subscriptions'];
}

/** Not in AppConfig: generous limits that no honest operation of ours comes near. */
export const MAX_DIRECTIVES = 50;
export const MAX_TOKENS = 2000;

/**
 * graphql-armor (Apollo flavour): depth, cost, aliases and directives are checked while the document is
 * validated, before any resolver runs (tokens: graphql-js's parser, see parseOptions); a refusal is a GRAPHQL_VALIDATION_FAILED error (HTTP 400)
 * that names the limit. In production, "Did you mean ...?" suggestions are masked, so the schema cannot be
 * recovered field by field with introspection off.
 */
export function graphqlArmor(config: AppConfig): { plugins: NonNullable<ApolloDriverConfig['plugins']>; validationRules: NonNullable<ApolloDriverConfig['validationRules']> } {
  const g = config.graphql;
  const protection = new ApolloArmor({
    maxDepth: { n: g.maxDepth, exposeLimits: true },
    costLimit: { maxCost: g.maxCost, exposeLimits: true },
    maxAliases: { n: g.maxAliases, exposeLimits: true },
    maxDirectives: { n: MAX_DIRECTIVES, exposeLimits: true },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: config.env === 'production' },
  }).protect();
  return { plugins: protection.plugins, validationRules: protection.validationRules };
}

type JsonRequest = IncomingMessage & { body?: unknown };

/**
 * Express middleware for /graphql, after the body parser: a batch (a JSON array of operations) larger than
 * graphql.maxBatch is refused whole, before Apollo parses any of it, so no resolver runs.
 */
export function graphqlBatchLimit(maxBatch: number) {
  return (req: JsonRequest, res: ServerResponse, next: () => void): void => {
    if (!Array.isArray(req.body) || req.body.length <= maxBatch) return next();
    const locale = currentLocale();
    const rule = localize(`must hold at most ${maxBatch} operations`, locale);
    res.statusCode = 400;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({
      errors: [{
        message: localize(`Batched request refused: ${req.body.length} operations, at most ${maxBatch} allowed`, locale),
        extensions: { code: 'BAD_USER_INPUT', field: 'batch', rule },
      }],
    }));
  };
}
