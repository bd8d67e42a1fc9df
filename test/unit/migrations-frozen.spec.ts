import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Migrations are frozen: once committed they must build the same schema forever, so none imports application
 * code or another migration (a later change there would silently change what an old migration does). Packages
 * and the migration's own frozen data files (migrations/data/) are allowed.
 */
describe('migrations are frozen', () => {
  const dir = join(__dirname, '../../src/database/migrations');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

  it.each(files)('%s imports no application code and no other migration', (file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    const specifiers = [...source.matchAll(/(?:from\s+|require\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]);
    const local = specifiers.filter((s) => s.startsWith('.') && !s.startsWith('./data/'));
    expect(local).toEqual([]);
  });

  it('finds the migrations', () => {
    expect(files.length).toBeGreaterThan(10);
  });
});
