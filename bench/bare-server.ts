/**
 * The bare baseline of bench:search and bench:match: what `searchServices` and `matchServices` cost without the
 * framework. Apollo Server standalone on node:http and the project's own services, constructed by hand: the
 * same statement builders (buildServiceSearch, buildCandidateQuery, buildMatchRunStatement), the same pure
 * ranking, mappers and prepared-statement pool (GenericPlanStatements), the schema the API serves (schema.gql),
 * and so the same answers. What it leaves out is what the comparison measures: Nest (its router, guards,
 * pipes, interceptors and GraphQL glue), the HTTP adapter (Fastify) and its middleware, authentication, the
 * rate limiter, class-validator/class-transformer and request logging. Every request runs as the bench user
 * (BARE_USER_ID, loaded once).
 *
 * Started by the benches (bench-kit.ts startBare) with the API's environment; BARE_PORT is its port, and
 * API_PROCESSES processes share it (node:cluster), as the API's do.
 * Run by hand: `BARE_PORT=3990 BARE_USER_ID=<uuid> DATABASE_URL=... node -r ts-node/register/transpile-only bench/bare-server.ts`.
 */
import 'reflect-metadata';
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSchema, GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { GenericPlanStatements } from '../src/database/generic-plans';
import { DirectoryReadsService } from '../src/directory/directory-reads.service';
import type { ServiceType } from '../src/directory/directory.types';
import { localeOf } from '../src/common/locale';
import type { Viewer } from '../src/common/viewer';
import { shownFields } from '../src/matching/matching.fields';
import { MatchingService } from '../src/matching/matching.service';
import { TaxonomyService } from '../src/taxonomy/taxonomy.service';

/** The schema the API serves, with resolvers for the two benchmarked fields and what they return. */
function bareSchema(reads: DirectoryReadsService, matching: MatchingService, viewer: Viewer): GraphQLSchema {
  const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema.gql'), 'utf8'));
  type Ctx = { locale: string | undefined };
  const query = schema.getQueryType()!.getFields();
  query.searchServices.resolve = (_root, args: { filter?: object; first?: number; after?: string }) =>
    reads.search(args.filter as never, args);
  query.matchServices.resolve = (_root, args: { input: object }, ctx: Ctx, info: GraphQLResolveInfo) =>
    matching.match(viewer, args.input as never, localeOf(ctx.locale), shownFields(info));
  // Search and matching prefetch each service's organisation (ServiceFieldsResolver.organization).
  (schema.getType('Service') as GraphQLObjectType).getFields().organization.resolve = (s: ServiceType) => s.prefetchedOrganization;
  return schema;
}

async function serve(): Promise<void> {
  const config = loadConfig(process.env);
  const port = Number(process.env.BARE_PORT ?? 3990);
  const db = new DataSource(dataSourceOptions(config.database.url));
  await db.initialize();
  const userId = process.env.BARE_USER_ID;
  const [viewer] = await db.query(
    `SELECT id, email, role, organization_id AS "organizationId", region_scope AS "regionScope" FROM user_account WHERE id = $1`, [userId],
  ) as Viewer[];
  if (!viewer) throw new Error(`BARE_USER_ID ${userId} is no user`);
  const generic = new GenericPlanStatements(config);
  const taxonomy = new TaxonomyService(db);
  const reads = new DirectoryReadsService(db, generic, taxonomy, config);
  const matching = new MatchingService(db, generic, taxonomy, config);
  const server = new ApolloServer({
    schema: bareSchema(reads, matching, viewer),
    plugins: [ApolloServerPluginCacheControlDisabled(), ApolloServerPluginLandingPageDisabled()],
  });
  await startStandaloneServer(server, {
    listen: { port, host: '127.0.0.1' },
    context: async ({ req }) => ({ locale: req.headers['accept-language'] }),
  });
  process.stderr.write(`bare server listening on ${port} (pid ${process.pid})\n`);
  process.once('SIGTERM', () => {
    void server.stop().then(() => db.destroy()).finally(() => process.exit(0));
  });
}

/** The primary's line once all of its processes listen (what startBare waits for). */
export const BARE_LISTENING = (n: number) => `bare server: ${n} processes listening`;

if (require.main === module) {
  const processes = Number(process.env.API_PROCESSES ?? 1);
  if (processes > 1 && cluster.isPrimary) {
    let listening = 0;
    for (let i = 0; i < processes; i++) {
      cluster.fork().once('listening', () => {
        if (++listening === processes) process.stderr.write(`${BARE_LISTENING(processes)}\n`);
      });
    }
    cluster.on('exit', (w, code) => {
      if (code) process.stderr.write(`bare server process ${w.process.pid} exited with ${code}\n`);
    });
    process.once('SIGTERM', () => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      cluster.on('exit', () => {
        if (!Object.values(cluster.workers ?? {}).some((w) => w && !w.isDead())) process.exit(0);
      });
    });
  } else {
    serve().then(() => {
      if (processes === 1) process.stderr.write(`${BARE_LISTENING(1)}\n`);
    }).catch((err) => {
      process.stderr.write(`bare server failed: ${(err as Error).stack ?? err}\n`);
      process.exit(1);
    });
  }
}
