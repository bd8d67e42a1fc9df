import { join } from 'node:path';
import { contentSecurityPolicy, defaultWebDistDir, isApiPath } from '../../src/web-console/web-console';

describe('web console serving (pure parts)', () => {
  it('finds <repo>/web/dist from the source folder (ts-node) and from the compiled one (dist/src)', () => {
    expect(defaultWebDistDir('/repo/src/web-console')).toBe(join('/repo', 'web', 'dist'));
    expect(defaultWebDistDir('/app/dist/src/web-console')).toBe(join('/app', 'web', 'dist'));
  });

  it('knows the API paths, and nothing else', () => {
    for (const p of ['/graphql', '/auth/session', '/auth/xyz', '/reports/gaps.csv', '/healthz', '/readyz', '/metrics', '/hsds/services', '/fhir/Task', '/admin']) {
      expect(isApiPath(p)).toBe(true);
    }
    for (const p of ['/', '/referrals/1', '/link/abc', '/authors', '/inbox', '/cases/1', '/clients/2', '/follow-ups', '/services']) {
      expect(isApiPath(p)).toBe(false);
    }
  });

  it('allows only this origin (and its WebSocket) in the CSP', () => {
    expect(contentSecurityPolicy('https://rujuk.example.go.id')).toContain("connect-src 'self' wss://rujuk.example.go.id");
    expect(contentSecurityPolicy('http://localhost:3000')).toContain("connect-src 'self' ws://localhost:3000");
  });
});
