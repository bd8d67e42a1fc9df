import { types } from 'pg';

/** node-postgres's parser for text[] (type oid 1009, which pg-types' TypeId enum does not name). */
const parseTextArrayFully = (types.getTypeParser as (oid: number, format: 'text') => (text: string) => (string | null)[])(1009, 'text');

/**
 * A PostgreSQL text[] in its text form (`{a,b}`), parsed. node-postgres's own parser (used for every text[]
 * column it receives) takes ~2 us per array; a candidate row carries four and a match reads 90-370 rows. The
 * arrays read here hold codes (categories, service types, region and language codes), which PostgreSQL writes
 * unquoted, so they are split directly; an element PostgreSQL had to quote or escape, a multi-dimensional array
 * or one with explicit bounds goes to node-postgres's parser.
 */
export function parseTextArray(text: string): (string | null)[] {
  if (text === '{}') return [];
  if (text.charCodeAt(0) !== 123 /* { */ || text.charCodeAt(1) === 123 || text.includes('"') || text.includes('\\')) return parseTextArrayFully(text);
  const items: (string | null)[] = text.slice(1, -1).split(',');
  // Unquoted NULL is a null element (a string 'NULL' would have been quoted).
  for (let i = 0; i < items.length; i++) if (items[i] === 'NULL') items[i] = null;
  return items;
}
