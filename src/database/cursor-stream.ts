import type { DataSource } from 'typeorm';

/**
 * Reads a statement's rows through a server-side cursor, `batch` rows at a time, handing each batch to `onRows`
 * before the next is fetched: memory stays flat whatever the row count, and a slow consumer (a client reading a
 * CSV download) holds the database back rather than piling rows up in the process. One dedicated connection,
 * in a REPEATABLE READ transaction so every batch reads the same data. `onRows` may throw to stop (the
 * transaction is rolled back, the connection released).
 */
export async function streamRows<T>(
  db: DataSource,
  sql: string,
  params: unknown[],
  onRows: (rows: T[]) => Promise<void>,
  batch = 2000,
): Promise<number> {
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`batch must be a positive integer, not ${batch}`);
  const runner = db.createQueryRunner();
  let total = 0;
  try {
    await runner.connect();
    await runner.startTransaction('REPEATABLE READ');
    // Every row will be read: plan for the whole result, not for the first rows (the cursor default, 0.1).
    await runner.query(`SET LOCAL cursor_tuple_fraction = 1`);
    await runner.query(`DECLARE stream_rows NO SCROLL CURSOR FOR ${sql}`, params);
    for (;;) {
      const rows: T[] = await runner.query(`FETCH ${batch} FROM stream_rows`);
      if (rows.length) {
        total += rows.length;
        await onRows(rows);
      }
      if (rows.length < batch) break;
    }
    await runner.commitTransaction();
    return total;
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw err;
  } finally {
    await runner.release();
  }
}
