import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The console's generated GraphQL types (web/src/gql) are what GraphQL Code Generator makes from schema.gql now. */
describe('console generated types', () => {
  it('are current (run `npm run codegen -w web` after changing schema.gql or an operation)', () => {
    const web = join(__dirname, '..', '..', 'web');
    const out = mkdtempSync(join(tmpdir(), 'rujuk-codegen-'));
    try {
      execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], {
        cwd: web, env: { ...process.env, CODEGEN_OUT: `${out}/` }, stdio: 'pipe',
      });
      const committed = join(web, 'src', 'gql');
      const files = readdirSync(out).sort();
      expect(readdirSync(committed).sort()).toEqual(files);
      for (const f of files) expect(readFileSync(join(committed, f), 'utf8')).toBe(readFileSync(join(out, f), 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60000);
});
