import { ChildProcess, spawn } from 'node:child_process';
import { createServer as createHttpServer, Server } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { caseWithNeed, createOrg, createService, staff } from '../support/factories';
import { ok, gql, startApp, TestApp, userWithToken } from '../support/harness';
import { clearRedisPrefix, eventually } from '../support/worker';

/**
 * OpenTelemetry traces where a collector is configured, nothing where none is. The API and the worker run as their
 * own processes from src/ (as in production) and export OTLP/HTTP JSON to a collector this test runs: a GraphQL
 * call shows its operation, its SQL statements and, through the outbox row and the job's data, the worker's job in
 * the same trace. Without the variables neither process loads the SDK, an exporter or an instrumentation.
 */

interface Span {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string }[];
}

type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
const attrs = (list: { key: string; value: AnyValue }[] = []) =>
  Object.fromEntries(list.map((a) => [a.key, a.value.stringValue ?? a.value.intValue ?? a.value.boolValue ?? a.value.doubleValue]));

/** Collects the spans POSTed to /v1/traces in the OTLP JSON encoding. */
class Collector {
  readonly spans: Span[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/v1/traces') {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          for (const rs of body.resourceSpans ?? []) {
            const service = String(attrs(rs.resource?.attributes)['service.name']);
            for (const ss of rs.scopeSpans ?? []) {
              for (const s of ss.spans ?? []) {
                this.spans.push({
                  service, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId ?? '', name: s.name, kind: s.kind,
                  attributes: attrs(s.attributes), links: (s.links ?? []).map((l: Span['links'][number]) => ({ traceId: l.traceId, spanId: l.spanId })),
                });
              }
            }
          }
        }
        res.setHeader('content-type', 'application/json');
        res.end('{}');
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  close(): Promise<void> {
    const closed = new Promise<void>((r) => this.server.close(() => r()));
    this.server.closeAllConnections(); // the exporters' keep-alive connections
    return closed;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface Proc {
  child: ChildProcess;
  out: () => string;
  /** The OpenTelemetry modules the process has loaded (test/support/report-loaded-modules.js). */
  openTelemetryModules: () => Promise<string[]>;
}

const OTEL_VARIABLES = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_TRACES_EXPORTER', 'OTEL_SDK_DISABLED', 'OTEL_SERVICE_NAME'];

describe('tracing: OpenTelemetry where a collector is configured', () => {
  const started: ChildProcess[] = [];
  let t: TestApp;

  function run(entry: 'main.ts' | 'worker.ts', env: Record<string, string>): Proc {
    const base = { ...process.env };
    for (const k of OTEL_VARIABLES) delete base[k];
    let out = '';
    const child = spawn(process.execPath, [
      '-r', join(__dirname, '../support/swc-register.js'), '-r', join(__dirname, '../support/report-loaded-modules.js'),
      join(__dirname, '../../src', entry),
    ], { env: { ...base, API_PROCESSES: '1', OUTBOX_POLL_MS: '100', RECONCILE_INTERVAL_SECONDS: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    started.push(child);
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stderr!.on('data', (d) => (out += String(d)));
    return {
      child,
      out: () => out,
      openTelemetryModules: async () => {
        const before = out.length;
        child.kill('SIGUSR2');
        const line = await eventually(async () => out.slice(before).split('\n').find((l) => l.startsWith('{"openTelemetryModules"')), 5_000, 50);
        return JSON.parse(line).openTelemetryModules as string[];
      },
    };
  }

  async function api(env: Record<string, string>): Promise<Proc & { url: string }> {
    const port = await freePort();
    const proc = run('main.ts', { PORT: String(port), ...env });
    const url = `http://127.0.0.1:${port}`;
    await eventually(() => fetch(`${url}/healthz`).then((r) => r.ok, () => false), 60_000, 200);
    return { ...proc, url };
  }

  async function worker(env: Record<string, string>): Promise<Proc> {
    const port = await freePort();
    const proc = run('worker.ts', { WORKER_METRICS_PORT: String(port), ...env });
    await eventually(() => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false), 60_000, 200);
    return proc;
  }

  beforeAll(async () => {
    await clearRedisPrefix();
    t = await startApp();
  }, 120_000);

  afterEach(() => {
    for (const child of started.splice(0)) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a referral sent through the API: its operation, its SQL and the worker\'s job for it in one trace', async () => {
    const collector = await new Collector().start();
    try {
      const admin = (await userWithToken(t, 'ADMIN')).token;
      const lk3 = await createOrg(t, { partnerKind: 'LK3' });
      const rs = await createOrg(t, { partnerKind: 'RUMAH_SAKIT' });
      const serviceId = await createService(t, admin, rs);
      const cm = await staff(t, 'CASE_MANAGER', lk3);
      const { needId } = await caseWithNeed(t, cm.token);

      const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '200' };
      const traced = await api(otel);
      await worker(otel);
      expect(await traced.openTelemetryModules()).toEqual(expect.arrayContaining(['@opentelemetry/sdk-node', '@opentelemetry/instrumentation-pg']));

      const res = await fetch(`${traced.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${cm.token}` },
        body: JSON.stringify({
          query: 'mutation SendReferral($i: CreateReferralInput!) { createReferral(input: $i) { id status } }',
          variables: { i: { needId, serviceId, send: true } },
        }),
      });
      const body = (await res.json()) as { data?: { createReferral: { id: string; status: string } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data!.createReferral.status).toBe('SENT');

      // The operation's span, from the API.
      const operation = await eventually(async () => collector.spans.find((s) => s.service === 'rujuk-api' && s.name === 'mutation SendReferral'), 15_000, 100);
      expect(operation.attributes).toMatchObject({ 'graphql.operation.type': 'mutation', 'graphql.operation.name': 'SendReferral' });
      const trace = () => collector.spans.filter((s) => s.traceId === operation.traceId);
      // The HTTP request around it, and SQL statements in it (text with placeholders, never values).
      const request = await eventually(async () => trace().find((s) => s.service === 'rujuk-api' && s.kind === 2 && s.attributes['http.route'] === '/graphql'), 10_000, 100);
      expect(request.parentSpanId).toBe('');
      const sql = () => trace().filter((s) => s.service === 'rujuk-api' && s.attributes['db.system.name'] === 'postgresql');
      await eventually(async () => sql().some((s) => /INSERT INTO outbox_message/.test(String(s.attributes['db.query.text']))), 10_000, 100);
      expect(JSON.stringify(sql())).not.toContain(needId);

      // The worker's dispatch of the referral's notification, in the same trace, under the span that wrote the row;
      // the deliveries it queued under it in turn.
      const job = await eventually(async () => trace().find((s) => s.service === 'rujuk-worker' && s.name === 'notifications.dispatch'), 20_000, 100);
      const apiSpans = new Set(trace().filter((s) => s.service === 'rujuk-api').map((s) => s.spanId));
      expect(apiSpans.has(job.parentSpanId)).toBe(true);
      expect(job.links.map((l) => l.spanId)).toContain(job.parentSpanId);
      expect(job.attributes).toMatchObject({ 'messaging.system': 'bullmq', 'messaging.destination.name': 'notifications' });
      await eventually(async () => trace().some((s) => s.service === 'rujuk-worker' && s.parentSpanId === job.spanId && s.attributes['db.system.name'] === 'postgresql'), 10_000, 100);
      await eventually(async () => trace().some((s) => s.service === 'rujuk-worker' && s.name === 'notifications.deliver' && s.parentSpanId === job.spanId), 10_000, 100);

      // Probes are not traced.
      await fetch(`${traced.url}/healthz`);
      await fetch(`${traced.url}/readyz`);
      const spansNow = collector.spans.length;
      await fetch(`${traced.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"query AfterProbes { __typename }"}' });
      await eventually(async () => collector.spans.length > spansNow && collector.spans.some((s) => s.name === 'query AfterProbes'), 10_000, 100);
      expect(collector.spans.filter((s) => /healthz|readyz/.test(String(s.attributes['url.path'] ?? s.name)))).toEqual([]);
    } finally {
      await collector.close();
    }
  }, 120_000);

  it('no collector configured: neither the API nor the worker loads OpenTelemetry', async () => {
    const plain = await api({});
    const jobs = await worker({});
    // Work that would be traced: a GraphQL call reaching PostgreSQL and Redis (a sign-in attempt).
    const res = await fetch(`${plain.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(input: { email: "nobody@rujuk.invalid", password: "a-password" }) { token } }' }),
    });
    expect(res.status).toBe(200);
    // Only the API package (a no-op without an SDK), which prom-client's process metrics load in every process.
    expect(await plain.openTelemetryModules()).toEqual(['@opentelemetry/api']);
    expect(await jobs.openTelemetryModules()).toEqual(['@opentelemetry/api']);
  }, 120_000);
});
