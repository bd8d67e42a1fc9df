import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { DocumentNode, getOperationAST, GraphQLError, GraphQLFormattedError, GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import type { Viewer } from './viewer';
import { errorRequestPlugin, formatGraphQLError, requestOfError, unavailableStatusPlugin } from './graphql-errors';
import { StrictDateTime } from './dates';
import { argumentError, argumentGuardPlugin, argumentProblem } from './argument-guard';
import { SubscriberAuth, SubscriberRequest, SubscriberSession, SubscriberSessions } from './subscriber-sessions';
import { DEFAULT_LOCALE, Locale, localeOf } from './locale';
import { localeOfRequest, RequestContext } from './request-context';
import { localize } from './messages';

export const SCHEMA_FILE = join(process.cwd(), 'schema.gql');

/**
 * Apollo through Nest, code-first. The schema is written to schema.gql (committed) outside production.
 * CacheControl is disabled: it costs a third of throughput on hot lists and we do not use it.
 */
export function graphqlOptions(
  config: AppConfig,
  extraPlugins: ApolloDriverConfig['plugins'] = [],
  auth?: SubscriberAuth,
): ApolloDriverConfig {
  const armor = graphqlArmor(config);
  const schemaHolder: { schema?: GraphQLSchema } = {};
  const formatError = errorFormatter(config);
  return {
    autoSchemaFile: config.env === 'production' ? true : SCHEMA_FILE,
    sortSchema: true,
    // Dates in arguments must be real instants (dates.ts); the scalar keeps Nest's name and description.
    buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: StrictDateTime }] },
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
    // No inline traces (for federated gateways; this is no subgraph). No landing page: Nest adds that marker
    // itself with `playground: false`. errorRequestPlugin tells formatError which request each error of an
    // operation belongs to (graphql-errors.ts).
    plugins: [
      ApolloServerPluginCacheControlDisabled(), ApolloServerPluginInlineTraceDisabled(), errorRequestPlugin(), unavailableStatusPlugin(), argumentGuardPlugin(schemaHolder), ...armor.plugins, ...(extraPlugins ?? []),
    ],
    formatError: (formatted, error) => formatError(formatted, error, requestOfError(error)),
    // Nest's plugin would reset every response with data to 200, undoing unavailableStatusPlugin's 503.
    preserveHttpStatusForExecutionErrors: false,
    context: graphqlContext,
    subscriptions: auth ? graphqlWsOptions(armor.validationRules, auth, schemaHolder, formatError) : undefined,
  };
}

/** Formats an error of the request `ctx` (formatGraphQLError's arguments). */
type ErrorFormatter = (f: GraphQLFormattedError, e: unknown, ctx: RequestContext | null) => GraphQLFormattedError;

/**
 * formatGraphQLError, and in production without graphql-js's "Did you mean ...?" hints (field, argument and
 * enum-value names, in validation and in execution errors), so the schema cannot be recovered from refusals.
 */
function errorFormatter(config: AppConfig): ErrorFormatter {
  if (config.env !== 'production') return formatGraphQLError;
  return (f, e, ctx) => {
    const out = formatGraphQLError(f, e, ctx);
    return out.message.includes('Did you mean') ? { ...out, message: out.message.replace(/\s*Did you mean .*\?/g, ' [Suggestion hidden]').trim() } : out;
  };
}

interface WsContext {
  connectionParams?: Record<string, unknown>;
  extra: { user?: Viewer; session?: SubscriberSession; socket?: WebSocketLike; request?: { headers: Record<string, string | string[] | undefined> } };
}

interface WebSocketLike {
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Over HTTP the context is the Node request (the auth guard reads its bearer token; the middleware marked it) and
 * response, under Fastify's (Apollo's Fastify integration passes its request and reply). Over graphql-ws it is a
 * request-like object holding the viewer authenticated when the socket connected.
 */
function graphqlContext(arg: { raw: unknown } | WsContext, reply?: { raw: unknown }): { req: unknown; res?: unknown } {
  if ('extra' in arg && arg.extra && !('raw' in arg && arg.raw)) {
    const extra = (arg as WsContext).extra;
    const req: SubscriberRequest = {
      // The viewer as last checked: SubscriberSession.live() re-checks it on every event.
      get user() { return extra.session?.viewer ?? extra.user; },
      headers: {},
      live: extra.session ? () => extra.session!.live() : undefined,
    };
    return { req };
  }
  return { req: (arg as { raw: unknown }).raw, res: reply?.raw };
}

/**
 * The language of a WebSocket connection: its connection params' `acceptLanguage` (or `accept-language`),
 * read like the HTTP header; Indonesian without one.
 */
export function connectionLocale(params: Record<string, unknown> | undefined): Locale {
  const given = params?.acceptLanguage ?? params?.['accept-language'] ?? params?.['Accept-Language'];
  return typeof given === 'string' ? localeOf(given) : DEFAULT_LOCALE;
}

/** What formats a WebSocket connection's errors knows of it: its language (no request id, no address). */
function wsRequestContext(ctx: WsContext): RequestContext {
  return { requestId: null, clientAddress: null, locale: connectionLocale(ctx.connectionParams) };
}

/**
 * Subscriptions over `graphql-ws` on /graphql. The client sends `{ authorization: 'Bearer <token>' }` as
 * connection params (the web console instead sends its session cookie with the upgrade, from PUBLIC_APP_URL's
 * origin, and `{ csrfToken }`) (and may send `acceptLanguage: 'en'` for English errors); a missing or bad token closes the socket (4403). Only subscription operations are
 * accepted on the socket (queries and mutations go over HTTP, with its rate limits), validated with the
 * same armor rules and argument checks as HTTP, and their errors formatted as HTTP's are. The signed-in user is
 * re-checked on every event and whenever they change, and the socket closes when the token expires
 * (subscriber-sessions.ts).
 */
function graphqlWsOptions(
  armorRules: NonNullable<ApolloDriverConfig['validationRules']>,
  auth: SubscriberAuth,
  schemaHolder: { schema?: GraphQLSchema },
  formatError: ErrorFormatter,
): ApolloDriverConfig['subscriptions'] {
  const rules = [...specifiedRules, ...(armorRules as typeof specifiedRules)];
  const sessions = new SubscriberSessions(auth);
  // Errors of a subscription are formatted as over HTTP, in the connection's language.
  const format = (ctx: WsContext, errors: readonly GraphQLError[]) => {
    const request = wsRequestContext(ctx);
    return errors.map((e) => formatError(e.toJSON(), e, request));
  };
  return {
    'graphql-ws': {
      path: '/graphql',
      validate: (schema: GraphQLSchema, document: DocumentNode) => validate(schema, document, rules),
      onConnect: async (ctx: WsContext) => {
        const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const match = typeof raw === 'string' ? /^Bearer\s+(\S+)$/i.exec(raw) : null;
        // An API client names its token; a browser's console is signed in by its cookie plus the CSRF token.
        const token = match ? match[1]
          : ctx.extra.request && auth.sessionTokenOfUpgrade ? await auth.sessionTokenOfUpgrade(ctx.extra.request.headers, ctx.connectionParams?.csrfToken).catch(() => null)
            : null;
        if (!token) return false;
        try {
          ctx.extra.user = await auth.viewerFromToken(token);
        } catch {
          return false;
        }
        if (ctx.extra.socket) ctx.extra.session = sessions.open(token, ctx.extra.user, ctx.extra.socket);
        return true;
      },
      onSubscribe: (_ctx: unknown, _id: string, payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null }) => {
        try {
          const document = parse(payload.query, { maxTokens: MAX_TOKENS });
          const op = getOperationAST(document, payload.operationName ?? undefined);
          if (op && op.operation !== 'subscription') {
            return [new GraphQLError('Only subscriptions are served over WebSocket; use HTTP', { extensions: { code: 'BAD_REQUEST' } })];
          }
          const schema = schemaHolder.schema;
          if (schema && validate(schema, document, rules).length === 0) {
            const problem = argumentProblem(schema, document, payload.operationName, payload.variables);
            if (problem) return [argumentError(problem)];
          }
        } catch (err) {
          return [withCode(err instanceof GraphQLError ? err : new GraphQLError('Invalid query'), 'GRAPHQL_PARSE_FAILED')];
        }
        return undefined;
      },
      onNext: (ctx: WsContext, _id: string, _payload: unknown, _args: unknown, result: { errors?: readonly GraphQLError[] }) =>
        result.errors?.length ? { ...result, errors: format(ctx, result.errors) } : undefined,
      // Errors before execution (parse, validation, onSubscribe): those graphql-js raised carry no code yet.
      onError: (ctx: WsContext, _id: string, _payload: unknown, errors: readonly GraphQLError[]) =>
        format(ctx, errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'))),
    },
  } as ApolloDriverConfig['subscriptions'];
}

/** The error with `code` unless it already has one (as Apollo codes the same errors over HTTP). */
function withCode(err: GraphQLError, code: string): GraphQLError {
  if (err.extensions?.code) return err;
  return new GraphQLError(err.message, { nodes: err.nodes, source: err.source, positions: err.positions, path: err.path, originalError: err.originalError, extensions: { ...err.extensions, code } });
}

/** Not in AppConfig: generous limits that no honest operation of ours comes near. */
export const MAX_DIRECTIVES = 50;
export const MAX_TOKENS = 2000;

/**
 * graphql-armor (Apollo flavour): depth, cost, aliases and directives are checked while the document is
 * validated, before any resolver runs (tokens: graphql-js's parser, see parseOptions); a refusal is a GRAPHQL_VALIDATION_FAILED error (HTTP 400)
 * that names the limit. In production, "Did you mean ...?" suggestions are masked by the error formatter
 * (errorFormatter), so the schema cannot be recovered field by field with introspection off.
 */
export function graphqlArmor(config: AppConfig): { plugins: NonNullable<ApolloDriverConfig['plugins']>; validationRules: NonNullable<ApolloDriverConfig['validationRules']> } {
  const g = config.graphql;
  const protection = new ApolloArmor({
    maxDepth: { n: g.maxDepth, exposeLimits: true },
    costLimit: { maxCost: g.maxCost, exposeLimits: true },
    maxAliases: { n: g.maxAliases, exposeLimits: true },
    maxDirectives: { n: MAX_DIRECTIVES, exposeLimits: true },
    maxTokens: { enabled: false },
    // In production the error formatter hides every "Did you mean ...?" (errorFormatter), over HTTP and WebSocket.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { plugins: protection.plugins, validationRules: protection.validationRules };
}

type JsonRequest = IncomingMessage & { body?: unknown };

/**
 * For /graphql, once the body is read (a Fastify `preValidation` hook on the Node request): a batch (a JSON array of operations) larger than
 * graphql.maxBatch is refused whole, before Apollo parses any of it, so no resolver runs.
 */
export function graphqlBatchLimit(maxBatch: number) {
  return (req: JsonRequest, res: ServerResponse, next: () => void): void => {
    if (!Array.isArray(req.body) || req.body.length <= maxBatch) return next();
    const locale = localeOfRequest(req);
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
