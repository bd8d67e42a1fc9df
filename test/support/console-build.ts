import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const web = join(root, 'web');

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => (name === 'node_modules' || name === 'dist' ? m : Math.max(m, newest(join(path, name)))), st.mtimeMs);
}

/**
 * Builds the console (web/dist) when it is missing or older than its sources or the schema, so the browser tests
 * run against what is in the tree. Prints progress: a build takes 10-30 s.
 */
export function ensureConsoleBuilt(): void {
  const built = join(web, 'dist', 'index.html');
  const sources = Math.max(newest(join(web, 'src')), newest(join(web, 'index.html')), newest(join(web, 'vite.config.ts')),
    newest(join(web, 'package.json')), newest(join(root, 'schema.gql')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  process.stdout.write('\nconsole: building web/dist for the browser tests (npm run build -w web) ...\n');
  const started = Date.now();
  execFileSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  process.stdout.write(`console: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
