import { INestApplication, Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { APP_CONFIG, AppConfig, demoSecretsInUse, loadConfig } from './config/app-config';
import { graphqlBatchLimit } from './common/graphql.config';
import { requestLogMiddleware } from './common/request-log';
import { ROOT_LOGGER } from './common/logging';
import { httpMetricsMiddleware } from './common/http-metrics';
import { bodyLimitBytes, registerBodyParsers } from './common/json-body';
import { canonicalUrl } from './common/canonical-url';
import { createValidationPipe } from './common/validation';
import { ShutdownDrain } from './health/shutdown-drain';
import { ADMIN_QUEUES_PATH, AdminQueuesDashboard } from './observability/admin-queues.dashboard';
import { AuthService } from './identity/auth.service';
import { fhirBodyErrors } from './interop/fhir/fhir-outcome.filter';
import { sessionCsrfMiddleware } from './identity/session-csrf.middleware';
import { defaultWebDistDir, webConsoleMiddleware } from './web-console/web-console';

/**
 * Fastify under Nest: a FHIR body the parser refused is answered as an
 * OperationOutcome (interop/fhir/fhir-outcome.filter.ts) before Nest's error handling sees it.
 */
class ApiHttpAdapter extends FastifyAdapter {
  override setErrorHandler(handler: Parameters<FastifyAdapter['setErrorHandler']>[0]): ReturnType<FastifyAdapter['setErrorHandler']> {
    return super.setErrorHandler(function (this: unknown, error: unknown, request: FastifyRequest, reply: FastifyReply) {
      if (!/^\/fhir(\/|\?|$)/.test(request.url)) return handler.call(this as never, error, request, reply);
      fhirBodyErrors(error, request.raw, reply.raw, () => void handler.call(this as never, error, request, reply));
    });
  }
}

type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** Builds the API application (used by main.ts, the tests and the benchmarks). */
export async function createApiApp(options: { logger?: boolean } = {}): Promise<INestApplication> {
  const adapter = new ApiHttpAdapter({
    // X-Forwarded-For is believed only from the proxies named in TRUSTED_PROXIES (none by default).
    trustProxy: trustedProxies(),
    // The request id is the access log's (common/request-log.ts: X-Request-Id when sane, else new), not Fastify's.
    genReqId: () => undefined as unknown as string,
    // Middleware sees the path the router routes (common/canonical-url.ts).
    rewriteUrl: (req: { url?: string }) => canonicalUrl(req.url ?? '/'),
    // `/healthz/` is `/healthz`, and a path parameter may be long.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2000 },
    // Node's own keep-alive and request timeouts (Fastify's defaults: 72 s and no limit).
    keepAliveTimeout: 5000,
    requestTimeout: 300_000,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    bufferLogs: true,
    bodyParser: false,
    logger: options.logger === false ? false : undefined,
  });
  const config = app.get<AppConfig>(APP_CONFIG);
  if (options.logger !== false) app.useLogger(app.get(Logger));
  const demoSecrets = demoSecretsInUse(config);
  if (demoSecrets.length) {
    new NestLogger('Security').warn(
      { variables: demoSecrets },
      `public demo secrets in use in production (${demoSecrets.join(', ')}): anyone can read them in docker-compose.yml; set your own`,
    );
  }
  const fastify = app.getHttpAdapter().getInstance();
  // JSON, and its FHIR (application/fhir+json) and JSON Patch (application/json-patch+json) forms; other bodies
  // are left to their routes (common/json-body.ts).
  registerBodyParsers(fastify, bodyLimitBytes(config.http.bodyLimit));
  // Every HTTP request's duration by method, route and status class.
  fastify.addHook('onRequest', (request, reply, done) => httpMetricsMiddleware(request, reply.raw, done));
  // Middleware on Node's request and response, as onRequest hooks in this order (before routing's handlers and
  // before the body is read). Not through @fastify/middie (Nest's app.use): it copies the request's address,
  // host name, protocol and query string onto the Node request for every request, which none of these reads.
  const nodeMiddleware = (mw: NodeMiddleware) =>
    fastify.addHook('onRequest', (request, reply, done) => mw(request.raw, reply.raw, done as (err?: unknown) => void));
  nodeMiddleware(app.get(ShutdownDrain).middleware);
  // The request id, the request context (held on the request) and the access log (common/request-log.ts); the
  // client's address as Fastify computes it from TRUSTED_PROXIES, read only when something asks for it.
  const requestLog = requestLogMiddleware(app.get(ROOT_LOGGER));
  fastify.addHook('onRequest', (request, reply, done) => requestLog(request.raw, reply.raw, done, () => request.ip));
  // The console's cookie session: CSRF header checked before any route (identity/session-csrf.middleware.ts).
  nodeMiddleware(sessionCsrfMiddleware(app.get(AuthService)));
  // The built web console at / with client-side routes (web-console/web-console.ts); API paths pass through.
  nodeMiddleware(webConsoleMiddleware({ distDir: config.http.webDistDir ?? defaultWebDistDir(), publicUrl: config.notifications.publicUrl }));
  // Bull Board for admins (observability/admin-queues.dashboard.ts): its routes, each behind the admin check.
  await app.register(app.get(AdminQueuesDashboard).plugin(), { prefix: ADMIN_QUEUES_PATH });
  // Once the body is read: batches capped before Apollo sees them, and the body on the Node request (auth guard).
  const batchLimit = graphqlBatchLimit(config.graphql.maxBatch);
  fastify.addHook('preValidation', (request, reply, done) => {
    (request.raw as typeof request.raw & { body?: unknown }).body = request.body;
    if (request.url.startsWith('/graphql')) batchLimit(request.raw, reply.raw, done);
    else done();
  });
  app.useGlobalPipes(createValidationPipe());
  // Fastify sends no X-Powered-By and no ETag (GraphQL answers POSTs, which are never revalidated).
  return app;
}

/** TRUSTED_PROXIES, read before the application's configuration is (the adapter is built first). */
function trustedProxies(): string[] | false {
  const list = loadConfig().http.trustedProxies;
  return list.length ? list : false;
}
