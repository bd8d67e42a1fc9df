import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { eventually } from '../support/worker';

/**
 * What an operator sees in the API's logs when a dependency is missing, and what a client is told. The API runs
 * as its own process from src/main.ts (as in production), with JSON logs at info on stdout.
 */
describe('operations: outages and refusals in the logs', () => {
  const started: ChildProcess[] = [];

  async function freePort(): Promise<number> {
    return new Promise((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number };
        srv.close(() => resolve(port));
      });
    });
  }

  interface Api {
    url: string;
    lines: () => Record<string, any>[];
    raw: () => string;
  }

  async function startApi(env: Record<string, string>): Promise<Api> {
    const port = await freePort();
    let out = '';
    const child = spawn(process.execPath, ['-r', join(__dirname, '../support/swc-register.js'), join(__dirname, '../../src/main.ts')], {
      env: { ...process.env, LOG_LEVEL: 'info', PORT: String(port), API_PROCESSES: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    started.push(child);
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stderr!.on('data', (d) => (out += String(d)));
    const lines = () =>
      out.split('\n').filter((l) => l.startsWith('{')).map((l) => {
        try {
          return JSON.parse(l) as Record<string, any>;
        } catch {
          return {};
        }
      });
    return { url: `http://127.0.0.1:${port}`, lines, raw: () => out };
  }

  afterEach(() => {
    for (const child of started.splice(0)) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  async function post(api: Api, query: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
  }

  it('Redis unreachable: one line per connection naming REDIS_URL, and sign-in answers SERVICE_UNAVAILABLE (503)', async () => {
    const deadPort = await freePort();
    const api = await startApi({ REDIS_URL: `redis://:s3cret@127.0.0.1:${deadPort}` });
    await eventually(() => fetch(`${api.url}/healthz`).then((r) => r.ok), 60_000, 200);
    const login = await post(api, 'mutation { login(input: { email: "someone@rujuk.invalid", password: "a-password" }) { token } }');
    expect(login.status).toBe(503);
    expect(Number(login.retryAfter)).toBeGreaterThan(0);
    expect(login.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');

    // ioredis keeps reconnecting meanwhile: wait until several reconnects have surely happened (the refused login
    // above came after start-up), then count.
    const started = Date.now();
    await eventually(async () => Date.now() - started > 3_000 && (await post(api, '{ me { id } }')).status === 200, 10_000, 500);
    const redisLines = api.lines().filter((l) => l.context === 'Redis');
    const clients = redisLines.map((l) => l.client as string);
    expect(redisLines.length).toBeGreaterThan(0);
    expect(new Set(clients).size).toBe(clients.length); // one line per connection, not one per reconnect
    for (const l of redisLines) {
      expect(l.msg).toMatch(/REDIS_URL/);
      expect(l.redisUrl).toBe(`redis://:***@127.0.0.1:${deadPort}`);
    }
    expect(api.raw()).not.toMatch(/Unhandled error event/);
    expect(api.raw()).not.toMatch(/s3cret/);
  });

  it('PostgreSQL unreachable at start: JSON lines naming DATABASE_URL and whether the host or the database is missing', async () => {
    const deadPort = await freePort();
    const noHost = await startApi({ DATABASE_URL: `postgres://postgres:pw@127.0.0.1:${deadPort}/rujuk` });
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = '/rujuk_no_such_database';
    const noDb = await startApi({ DATABASE_URL: url.toString() });
    const first = (api: Api) => api.lines().find((l) => l.databaseUrl);
    const hostLine = await eventually(async () => first(noHost), 20_000, 100);
    const dbLine = await eventually(async () => first(noDb), 20_000, 100);
    expect(hostLine).toMatchObject({ problem: 'host unreachable', databaseUrl: `postgres://postgres:***@127.0.0.1:${deadPort}/rujuk` });
    expect(hostLine.msg).toMatch(/DATABASE_URL/);
    expect(dbLine).toMatchObject({ problem: 'database missing' });
    expect(dbLine.msg).toMatch(/rujuk_no_such_database/);
    expect(noHost.raw()).not.toMatch(/\n\s+at /); // no stack traces
  });

  it('expected refusals log at info without a stack; nothing logs as an error', async () => {
    const api = await startApi({});
    await eventually(() => fetch(`${api.url}/healthz`).then((r) => r.ok), 60_000, 200);
    const refused = await post(api, '{ me { id } }');
    expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const bad = await post(api, '{ client(id: "00000000-0000-0000-0000-000000000000") { id } }', { authorization: 'Bearer x.y.z' });
    expect(bad.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const line = await eventually(async () => api.lines().find((l) => l.msg === 'operation refused'), 5_000, 100);
    expect(line).toMatchObject({ level: 30, code: 'UNAUTHENTICATED', path: ['me'] });
    await eventually(async () => api.lines().filter((l) => l.msg === 'request completed').length >= 2, 5_000, 100);
    expect(api.lines().filter((l) => l.level >= 50)).toEqual([]);
    expect(api.raw()).not.toMatch(/"stack"|\n\s+at /);
  });
});
