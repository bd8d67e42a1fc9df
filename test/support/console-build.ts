import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const web = join(root, 'web');

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => (name === 'node_modules' || name === 'dist' ? [] : files(join(path, name))));
}

/** A digest of what the build reads (contents, not times: the API rewrites schema.gql on every start). */
export function consoleSourceDigest(): string {
  const hash = createHash('sha256');
  for (const f of ['src', 'index.html', 'vite.config.ts', 'codegen.ts', 'package.json', 'tsconfig.json'].flatMap((p) => files(join(web, p)))) {
    hash.update(relative(web, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  hash.update(readFileSync(join(root, 'schema.gql')));
  return hash.digest('hex');
}

/**
 * Builds the console (web/dist) when it is missing or was built from other sources, so the browser tests run
 * against what is in the tree. Prints progress: a build takes 10-60 s.
 */
export function ensureConsoleBuilt(): void {
  const stamp = join(web, 'dist', '.source-digest');
  const digest = consoleSourceDigest();
  if (existsSync(join(web, 'dist', 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  process.stdout.write('\nconsole: building web/dist for the browser tests (npm run build -w web) ...\n');
  const started = Date.now();
  // NODE_ENV as a production build wants it (the tests set it to 'test', which would bundle React's development build).
  execFileSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
  // The build regenerates src/gql from schema.gql; the digest is taken after it.
  writeFileSync(stamp, consoleSourceDigest());
  process.stdout.write(`console: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
