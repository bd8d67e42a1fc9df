import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, TestApp } from '../support/harness';

const INDEX = '<!doctype html><html lang="id"><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

/** The API serves the built console (a fake dist made here) with client-side routes; API paths are untouched. */
describe('web console served by the API', () => {
  let t: TestApp;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'rujuk-web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'x.js'), 'console.log("x");\n');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    process.env.WEB_DIST_DIR = dist;
    t = await startApp();
  });
  afterAll(async () => {
    delete process.env.WEB_DIST_DIR;
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const get = (path: string, accept = 'text/html,application/xhtml+xml,*/*;q=0.8') => fetch(`${t.url}${path}`, { headers: { accept } });

  it('serves index.html at / with no-cache and a self-only Content-Security-Policy', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:\/\/(?!localhost)/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await res.text()).toBe(INDEX);
  });

  it('answers deep links of client-side routes with index.html', async () => {
    for (const path of ['/referrals/abc', '/link/abc.def', '/cases/1?tab=timeline', '/follow-ups']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(INDEX);
    }
    // Not for a request that does not accept HTML.
    expect((await get('/referrals/abc', 'application/json')).status).toBe(404);
  });

  it('serves hashed assets with a long immutable cache; a missing asset is a 404, not the page', async () => {
    const res = await get('/assets/x.js', '*/*');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(await res.text()).toBe('console.log("x");\n');
    const missing = await get('/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<html');
    expect((await get('/assets/../index.html', '*/*')).status).not.toBe(500);
    const icon = await get('/favicon.svg', '*/*');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('leaves API paths to the API: /graphql GET behaves as before, unknown /auth and /reports paths are not swallowed', async () => {
    const graphql = await get('/graphql');
    expect(graphql.status).toBe(400); // Apollo's CSRF prevention, as without a console
    expect(await graphql.text()).not.toContain('<html');
    for (const path of ['/auth/xyz', '/reports/nothing.csv', '/hsds/x', '/admin']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('<div id="root">');
    }
    expect((await get('/healthz')).status).toBe(200);
    // POST to a console path is not answered with the page.
    expect((await fetch(`${t.url}/referrals/abc`, { method: 'POST', headers: { accept: 'text/html' } })).status).toBe(404);
  });
});

describe('web console not built', () => {
  let t: TestApp;
  beforeAll(async () => {
    process.env.WEB_DIST_DIR = join(tmpdir(), 'rujuk-no-such-dist');
    t = await startApp();
  });
  afterAll(async () => {
    delete process.env.WEB_DIST_DIR;
    await t.close();
  });

  it('answers / with 404 and one line saying so; the API works as before', async () => {
    const res = await fetch(`${t.url}/`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect((await res.text()).trim().split('\n')).toEqual(['The web console is not built (no index.html in WEB_DIST_DIR); the API answers at /graphql.']);
    expect((await fetch(`${t.url}/referrals/abc`, { headers: { accept: 'text/html' } })).status).toBe(404);
    const gql = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(gql.status).toBe(200);
  });
});
