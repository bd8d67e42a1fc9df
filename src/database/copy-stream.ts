import { escapeLiteral, type PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';

/**
 * A statement's parameters written into its text as SQL literals, for the one kind of statement that cannot take
 * bound parameters: COPY. Strings and dates are quoted by node-postgres's escapeLiteral; arrays become ARRAY[...];
 * only numbers, booleans, strings, dates, null and arrays of them are accepted.
 */
export function inlineParams(sql: string, params: unknown[]): string {
  const literal = (v: unknown): string => {
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error(`cannot inline the number ${v}`);
      return String(v);
    }
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'string') return escapeLiteral(v);
    if (v instanceof Date) return `${escapeLiteral(v.toISOString())}::timestamptz`;
    if (Array.isArray(v)) return `ARRAY[${v.map(literal).join(', ')}]`;
    throw new Error(`cannot inline a parameter of type ${typeof v}`);
  };
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i >= params.length) throw new Error(`no parameter $${n}`);
    return literal(params[i]);
  });
}

/**
 * Streams `COPY (query) TO STDOUT WITH (FORMAT csv)`: PostgreSQL renders and quotes every row, and this process
 * only passes the bytes on, chunk by chunk with back-pressure (`onChunk` resolves when the consumer can take more),
 * so memory stays flat and no row becomes an object. Line ends are CRLF, as spreadsheet programs and RFC 4180
 * expect (COPY writes LF; line breaks inside quoted fields are left as they are). A consumer that throws stops the
 * copy: the connection is then discarded rather than returned to the pool mid-COPY. Returns the rows copied.
 */
export async function copyCsv(db: DataSource, query: string, params: unknown[], onChunk: (chunk: Buffer) => Promise<void>): Promise<number> {
  // TypeORM's PostgreSQL driver keeps node-postgres's pool as `master`.
  const pool = (db.driver as unknown as { master: { connect(): Promise<PoolClient> } }).master;
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    const stream = client.query(copyTo(`COPY (${inlineParams(query, params)}) TO STDOUT WITH (FORMAT csv)`));
    const crlf = crlfLines();
    for await (const chunk of stream as AsyncIterable<Buffer>) await onChunk(crlf(chunk));
    return stream.rowCount;
  } catch (err) {
    failed = err as Error;
    throw err;
  } finally {
    client.release(failed);
  }
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * A converter of CSV text from LF to CRLF line ends, chunk after chunk: an LF outside quotes becomes CRLF; inside
 * a quoted field (a line break in a name) it is kept. Quotes inside quoted fields are doubled in CSV, so toggling
 * on every quote keeps track across chunks.
 */
export function crlfLines(): (chunk: Buffer) => Buffer {
  let quoted = false;
  return (chunk) => {
    const ends: number[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === QUOTE) quoted = !quoted;
      else if (b === LF && !quoted) ends.push(i);
    }
    if (!ends.length) return chunk;
    const out = Buffer.allocUnsafe(chunk.length + ends.length);
    let o = 0;
    let from = 0;
    for (const i of ends) {
      o += chunk.copy(out, o, from, i);
      out[o++] = CR;
      from = i;
    }
    chunk.copy(out, o, from);
    return out;
  };
}
