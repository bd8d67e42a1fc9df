import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { AppConfig } from '../../src/config/app-config';
import { rootLogger } from '../../src/common/logging';
import { currentRequest, localeOfRequest, requestContextOf } from '../../src/common/request-context';
import { requestLogMiddleware } from '../../src/common/request-log';
import { runInJobContext } from '../../src/jobs/job-log-context';
import { eventually } from '../support/eventually';

/**
 * The access log and the request context on a plain node server: the request id (given or new, echoed), the
 * context held on the request and never entered as a store, one line per response from the root logger,
 * health checks unlogged, and every line written while a worker's job runs carries its fields.
 */
describe('request log', () => {
  const lines: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  const log = rootLogger({ log: { level: 'info' } } as AppConfig, 'rujuk-api', sink);
  const middleware = requestLogMiddleware(log);
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => middleware(req, res, () => {
      // Later, in another turn of the event loop (after an await on I/O, as a resolver would): no timed wait.
      setImmediate(() => {
        const ctx = requestContextOf(req);
        log.info({ ...ctx?.logFields?.(), step: 'inside' }, 'working');
        log.info('without the request');
        res.statusCode = req.url === '/fail' ? 500 : 200;
        res.end(JSON.stringify({
          requestId: ctx?.requestId, clientAddress: ctx?.clientAddress, locale: localeOfRequest(req), inStore: currentRequest() !== null,
        }));
      });
    }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => (lines.length = 0));

  it('takes a sane X-Request-Id, echoes it, holds it on the request without entering a store, and logs the response with it', async () => {
    const res = await fetch(`${url}/graphql?x=1`, { method: 'POST', headers: { 'x-request-id': 'abc-123.X_y', 'accept-language': 'en' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123.X_y');
    expect(await res.json()).toEqual({ requestId: 'abc-123.X_y', clientAddress: '127.0.0.1', locale: 'en', inStore: false });
    await eventually(async () => lines.some((l) => l.msg === 'request completed') || null, 5_000, 20);
    const req = { id: 'abc-123.X_y', method: 'POST', url: '/graphql?x=1' };
    expect(lines.find((l) => l.msg === 'working')).toMatchObject({ level: 30, name: 'rujuk-api', step: 'inside', req });
    expect(lines.find((l) => l.msg === 'without the request')).not.toHaveProperty('req');
    const access = lines.find((l) => l.msg === 'request completed')!;
    expect(access).toMatchObject({ level: 30, req, res: { statusCode: 200 } });
    expect(typeof access.responseTime).toBe('number');
  });

  it('makes a new id when none or an unsafe one is given', async () => {
    for (const given of [undefined, 'has spaces', 'x'.repeat(65)]) {
      const res = await fetch(`${url}/graphql`, { headers: given ? { 'x-request-id': given } : {} });
      const id = res.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(((await res.json()) as { requestId: string }).requestId).toBe(id);
    }
  });

  it('does not log health checks, and logs a 5xx as request errored with its error', async () => {
    await (await fetch(`${url}/healthz`)).text();
    await (await fetch(`${url}/fail`, { headers: { 'x-request-id': 'failing' } })).text();
    const errored = await eventually(async () => lines.find((l) => l.msg === 'request errored') ?? null, 5_000, 20);
    expect(errored).toMatchObject({ req: { id: 'failing', url: '/fail' }, res: { statusCode: 500 }, err: { type: 'Error', message: 'failed with status code 500' } });
    expect(lines.filter((l) => l.req?.url === '/healthz' && l.res)).toEqual([]);
  });

  it('lines written during a job carry its request id, name and id; outside one, nothing is added', async () => {
    runInJobContext({ requestId: 'from-request', job: 'notifications.dispatch', jobId: '42' }, () => log.info('in a job'));
    runInJobContext({ requestId: null, job: 'gaps.snapshot', jobId: '7' }, () => log.info('in a scheduled job'));
    log.info('outside');
    await eventually(async () => (lines.length >= 3 ? true : null), 5_000, 20);
    expect(lines.find((l) => l.msg === 'in a job')).toMatchObject({ requestId: 'from-request', job: 'notifications.dispatch', jobId: '42' });
    const scheduled = lines.find((l) => l.msg === 'in a scheduled job')!;
    expect(scheduled).toMatchObject({ job: 'gaps.snapshot', jobId: '7' });
    expect(scheduled).not.toHaveProperty('requestId');
    expect(Object.keys(lines.find((l) => l.msg === 'outside')!).sort()).toEqual(['hostname', 'level', 'msg', 'name', 'pid', 'time']);
  });
});
