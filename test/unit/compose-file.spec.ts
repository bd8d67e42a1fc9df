import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * docker-compose.yml and the Dockerfile keep the promises docs/operations.md and the README make (no Docker
 * engine is needed to check them): ports on 127.0.0.1, the seed only under the `demo` profile, e-mail into a
 * named volume, pinned image versions, health checks for the API and the worker, no fetched syntax frontend.
 */
const root = join(__dirname, '../..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; ports?: string[]; profiles?: string[]; volumes?: string[]; healthcheck?: { test: string[] }; environment?: Record<string, string>; command?: string[] }>;
  volumes: Record<string, unknown>;
};
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

describe('docker-compose.yml', () => {
  const s = compose.services;

  it('publishes every port on 127.0.0.1 only', () => {
    const ports = Object.values(s).flatMap((x) => x.ports ?? []);
    expect(ports.length).toBeGreaterThanOrEqual(3);
    for (const p of ports) expect(p).toMatch(/^127\.0\.0\.1:/);
  });

  it('runs the seed only under the demo profile, and the README says how', () => {
    expect(s.seed.profiles).toEqual(['demo']);
    for (const name of ['postgres', 'redis', 'api', 'worker']) expect(s[name].profiles).toBeUndefined();
    // The README's `docker compose up` runs the demo: the committed .env (read by Compose) turns the profile on.
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('docker compose up ');
    expect(readFileSync(join(root, '.env'), 'utf8')).toMatch(/^COMPOSE_PROFILES=demo$/m);
  });

  it('pins images to a minor version', () => {
    expect(s.postgres.image).toMatch(/^postgres:\d+\.\d+/);
    expect(s.redis.image).toMatch(/^redis:\d+\.\d+/);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:\d+\.\d+-/m);
  });

  it('writes e-mail without SMTP into a named volume of the worker', () => {
    expect(s.worker.environment?.MAIL_SINK_DIR).toBe('/app/var/mail');
    expect(s.worker.volumes).toContain('mail:/app/var/mail');
    expect(Object.keys(compose.volumes)).toContain('mail');
    expect(dockerfile).toMatch(/mkdir -p [^\n]*\/app\/var\/mail[^\n]*&& chown -R node:node \/app\/var/);
  });

  it('health-checks the API on /readyz and the worker on its own port', () => {
    expect(s.api.healthcheck?.test.join(' ')).toContain('/readyz');
    const port = s.worker.environment?.WORKER_METRICS_PORT;
    expect(port).toMatch(/^\d+$/);
    expect(s.worker.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${port}/healthz`);
    // The worker keeps the shared settings (the merge of x-app's environment).
    expect(s.worker.environment?.DATABASE_URL).toEqual(s.api.environment?.DATABASE_URL);
  });

  it('the Dockerfile fetches no syntax frontend', () => {
    expect(dockerfile).not.toMatch(/^#\s*syntax=/m);
  });
});
