import { INestApplication, Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { APP_CONFIG, AppConfig, demoSecretsInUse } from './config/app-config';
import { graphqlBatchLimit } from './common/graphql.config';
import { requestLogMiddleware } from './common/request-log';
import { ROOT_LOGGER } from './common/logging';
import { httpMetricsMiddleware } from './common/http-metrics';
import { createValidationPipe } from './common/validation';
import { ShutdownDrain } from './health/shutdown-drain';
import { ADMIN_QUEUES_PATH, AdminQueuesDashboard } from './observability/admin-queues.dashboard';
import { AuthService } from './identity/auth.service';
import { fhirBodyErrors } from './interop/fhir/fhir-outcome.filter';
import { sessionCsrfMiddleware } from './identity/session-csrf.middleware';
import { defaultWebDistDir, webConsoleMiddleware } from './web-console/web-console';

/** Builds the API application (used by main.ts, the tests and the benchmarks). */
export async function createApiApp(options: { logger?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
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
  // JSON, and its FHIR (application/fhir+json) and JSON Patch (application/json-patch+json) forms.
  app.useBodyParser('json', { limit: config.http.bodyLimit, type: ['application/json', 'application/*+json'] });
  // A FHIR body the parser refused is answered as an OperationOutcome (interop/fhir/fhir-outcome.filter.ts).
  app.use('/fhir', fhirBodyErrors);
  app.use(app.get(ShutdownDrain).middleware);
  app.use(requestLogMiddleware(app.get(ROOT_LOGGER)));
  app.use(httpMetricsMiddleware);
  // The console's cookie session: CSRF header checked before any route (identity/session-csrf.middleware.ts).
  app.use(sessionCsrfMiddleware(app.get(AuthService)));
  // Bull Board for admins (observability/admin-queues.dashboard.ts).
  app.use(ADMIN_QUEUES_PATH, ...app.get(AdminQueuesDashboard).handlers());
  app.use('/graphql', graphqlBatchLimit(config.graphql.maxBatch));
  // The built web console at / with client-side routes (web-console/web-console.ts); API paths pass through.
  app.use(webConsoleMiddleware({ distDir: config.http.webDistDir ?? defaultWebDistDir(), publicUrl: config.notifications.publicUrl }));
  app.useGlobalPipes(createValidationPipe());
  // X-Forwarded-For is believed only from the proxies named in TRUSTED_PROXIES (none by default).
  app.set('trust proxy', config.http.trustedProxies.length ? config.http.trustedProxies : false);
  app.disable('x-powered-by');
  // No ETag: GraphQL answers POSTs, which are never revalidated, and Express hashed every response body for one
  // (sha1 over a match's 24 KB).
  app.set('etag', false);
  return app;
}
