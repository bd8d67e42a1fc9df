import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { graphqlBatchLimit } from './common/graphql.config';
import { requestContextMiddleware } from './common/request-context';
import { createValidationPipe } from './common/validation';
import { ShutdownDrain } from './health/shutdown-drain';

/** Builds the API application (used by main.ts, the tests and the benchmarks). */
export async function createApiApp(options: { logger?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    bodyParser: false,
    logger: options.logger === false ? false : undefined,
  });
  const config = app.get<AppConfig>(APP_CONFIG);
  if (options.logger !== false) app.useLogger(app.get(Logger));
  // JSON, and its FHIR (application/fhir+json) and JSON Patch (application/json-patch+json) forms.
  app.useBodyParser('json', { limit: config.http.bodyLimit, type: ['application/json', 'application/*+json'] });
  app.use(app.get(ShutdownDrain).middleware);
  app.use(requestContextMiddleware);
  app.use('/graphql', graphqlBatchLimit(config.graphql.maxBatch));
  app.useGlobalPipes(createValidationPipe());
  // X-Forwarded-For is believed only from the proxies named in TRUSTED_PROXIES (none by default).
  app.set('trust proxy', config.http.trustedProxies.length ? config.http.trustedProxies : false);
  app.disable('x-powered-by');
  // No ETag: GraphQL answers POSTs, which are never revalidated, and Express hashed every response body for one
  // (sha1 over a match's 24 KB).
  app.set('etag', false);
  return app;
}
