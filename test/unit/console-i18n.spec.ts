import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The console's catalogues: Indonesian and English have the same keys, every key the code asks for exists, and
 * every value of an enum the console labels (`enum.<Name>.<VALUE>`) has a label for each value in schema.gql.
 */
const web = join(__dirname, '..', '..', 'web', 'src');
const load = (lang: string) => JSON.parse(readFileSync(join(web, 'i18n', `${lang}.json`), 'utf8')) as Record<string, unknown>;

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'gql') return [];
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('console i18n catalogues', () => {
  const id = new Set(keys(load('id')));
  const en = new Set(keys(load('en')));
  const code = sources(web).join('\n');

  it('Indonesian and English have the same keys', () => {
    expect([...id].filter((k) => !en.has(k))).toEqual([]);
    expect([...en].filter((k) => !id.has(k))).toEqual([]);
  });

  it('has every key the console asks for', () => {
    const used = new Set<string>();
    for (const m of code.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
    // Keys chosen by an expression, e.g. t(failure === 'invalid' ? 'signIn.invalid' : 'signIn.error') or nav links.
    for (const m of code.matchAll(/'((?:nav|signIn)\.[a-zA-Z]+)'/g)) used.add(m[1]);
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !id.has(k))).toEqual([]);
  });

  it('labels every value of each enum the console shows', () => {
    const schema = readFileSync(join(__dirname, '..', '..', 'schema.gql'), 'utf8');
    const prefixes = new Set([...code.matchAll(/t\(`enum\.([A-Za-z]+)\.\$\{/g)].map((m) => m[1]));
    expect(prefixes.size).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const name of prefixes) {
      const body = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(schema)?.[1];
      if (!body) throw new Error(`enum ${name} is not in schema.gql`);
      for (const value of body.split('\n').map((l) => l.trim()).filter((l) => /^[A-Z_]+$/.test(l))) {
        if (!id.has(`enum.${name}.${value}`)) missing.push(`enum.${name}.${value}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
