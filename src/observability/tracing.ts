/**
 * OpenTelemetry traces, on only where a collector is configured. The API's and the worker's entry points call
 * `startTracing` before they load anything else (instrumentation patches http, graphql, pg and ioredis as they are
 * first required; the routes of Fastify name the HTTP requests' spans). Without OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or
 * OTEL_TRACES_EXPORTER, or with OTEL_SDK_DISABLED=true, nothing from OpenTelemetry is loaded: the modules are
 * required below only once tracing is on, and application code reaches tracing through src/common/tracing.ts.
 *
 * Everything else is the SDK's standard configuration from the environment (exporter, protocol, headers, sampler,
 * resource attributes, batching). Only traces: OTEL_METRICS_EXPORTER and OTEL_LOGS_EXPORTER default to `none` here
 * (metrics are Prometheus's, at /metrics; logs are the JSON lines on stdout).
 */
import type * as Api from '@opentelemetry/api';
import type * as SdkNode from '@opentelemetry/sdk-node';
import type * as Http from '@opentelemetry/instrumentation-http';
import type * as Core from '@opentelemetry/core';
import type * as GraphQL from '@opentelemetry/instrumentation-graphql';
import type * as Pg from '@opentelemetry/instrumentation-pg';
import type * as IORedis from '@opentelemetry/instrumentation-ioredis';
import { subscribe } from 'node:diagnostics_channel';
import { JobSpan, Traceparent, Tracing, useTracing } from '../common/tracing';

/** Requests that are not traced: probes and scrapes, many per minute and of no interest. */
const UNTRACED_PATHS = /^\/(healthz|readyz|metrics)(\/|\?|$)/;

/** Whether the environment asks for traces (see the file's comment). */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if ((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (exporters.includes('none')) return false;
  return exporters.length > 0 || !!env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || !!env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
}

let sdk: SdkNode.NodeSDK | null = null;

/**
 * Starts the SDK (once per process) when tracing is requested, with `service.name` = OTEL_SERVICE_NAME or
 * `serviceName` (`rujuk-api`, `rujuk-worker`). Returns whether tracing is on.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (sdk) return true;
  if (!tracingRequested(env)) return false;
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  /* eslint-disable @typescript-eslint/no-require-imports */
  const api = require('@opentelemetry/api') as typeof Api;
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof SdkNode;
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof Http;
  const core = require('@opentelemetry/core') as typeof Core;
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof GraphQL;
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof Pg;
  const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis') as typeof IORedis;
  /* eslint-enable @typescript-eslint/no-require-imports */
  sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME?.trim() || serviceName,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? '') }),
      // Operation, parse, validate, and the resolvers that do work (not every field); never variable values.
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true, allowValues: false }),
      // Statements (text with placeholders, never values) and Redis commands inside a request or a job only: the
      // outbox relay's and the BullMQ workers' polling would otherwise be a trace each, several times a second.
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  nameRoutes(api, core);
  useTracing(otelTracing(api));
  return true;
}

/**
 * The server span of an HTTP request carries its route's pattern (`http.route`, e.g. `/fhir/Task/:id`): every
 * Fastify instance created from now on (diagnostics channel `fastify.initialization`) tells the HTTP
 * instrumentation the route a request matched, as it starts.
 */
function nameRoutes(api: typeof Api, core: typeof Core): void {
  type RoutedRequest = { routeOptions?: { url?: string } };
  type Fastify = { addHook(name: 'onRequest', hook: (request: RoutedRequest, reply: unknown, done: () => void) => void): unknown };
  subscribe('fastify.initialization', (message) => {
    (message as { fastify: Fastify }).fastify.addHook('onRequest', (request, _reply, done) => {
      const rpc = core.getRPCMetadata(api.context.active());
      const route = request.routeOptions?.url;
      if (rpc?.type === core.RPCType.HTTP && route) rpc.route = route;
      done();
    });
  });
}

/** Flushes the spans not yet exported and stops the SDK (on shutdown); nothing when tracing is off. */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = null;
  if (running) await running.shutdown().catch(() => undefined);
}

function otelTracing(api: typeof Api): Tracing {
  const tracer = api.trace.getTracer('rujuk');
  const contextOf = (traceparent: Traceparent): Api.SpanContext | undefined =>
    api.trace.getSpanContext(api.propagation.extract(api.ROOT_CONTEXT, { traceparent }));
  return {
    traceparent() {
      const carrier: Record<string, string> = {};
      api.propagation.inject(api.context.active(), carrier);
      return carrier.traceparent ?? null;
    },
    inJobSpan<T>(job: JobSpan, fn: () => Promise<T>): Promise<T> {
      const causes = job.causes.map(contextOf).filter((c): c is Api.SpanContext => !!c && api.trace.isSpanContextValid(c));
      const parent = causes.length ? api.trace.setSpanContext(api.ROOT_CONTEXT, causes[0]) : api.ROOT_CONTEXT;
      const options: Api.SpanOptions = {
        kind: api.SpanKind.CONSUMER,
        links: causes.map((context) => ({ context })),
        attributes: {
          'messaging.system': 'bullmq',
          'messaging.operation.type': 'process',
          'messaging.destination.name': job.queue,
          ...(job.jobId ? { 'messaging.message.id': job.jobId } : {}),
          'rujuk.job.attempt': job.attempt,
        },
      };
      return tracer.startActiveSpan(job.name, options, parent, async (span) => {
        try {
          return await fn();
        } catch (err) {
          span.recordException(err as Error);
          span.setStatus({ code: api.SpanStatusCode.ERROR, message: (err as Error)?.message });
          throw err;
        } finally {
          span.end();
        }
      });
    },
  };
}
