import type { DataSource, EntityManager } from 'typeorm';
import { DataKeyUnavailableError, FieldCipher } from './field-cipher';

/** A client left as it was, and why (ids and key ids only, never the data). */
export interface ReencryptFailure {
  clientId: string;
  reason: string;
}

export interface ReencryptProgress {
  /** Rows re-encrypted so far. */
  done: number;
  /** Rows not under the current key when the run started (rows written meanwhile by an old API process are extra). */
  total: number;
  failed: number;
  rowsPerSecond: number;
}

export interface ReencryptResult {
  keyId: string;
  total: number;
  done: number;
  failed: ReencryptFailure[];
  /** Rows still not under the current key, besides the failed ones: written meanwhile by a process with an old key. */
  left: number;
}

interface ClientSecrets {
  id: string;
  organization_id: string;
  nik_ciphertext: string | null;
  kk_ciphertext: string | null;
}

/** Client rows holding a ciphertext that is not under the key whose ciphertexts start with $1. */
const STALE = `((nik_ciphertext IS NOT NULL AND NOT starts_with(nik_ciphertext, $1))
                OR (kk_ciphertext IS NOT NULL AND NOT starts_with(kk_ciphertext, $1)))`;

/**
 * Re-encrypts every client NIK and KK number not under the current key (an old key's, or the legacy format) with
 * the current key, and recomputes the NIK's lookup hash under it. Works in batches by primary key, each batch one
 * transaction holding row locks (`FOR UPDATE SKIP LOCKED`, so an API write in progress is never overwritten: a
 * locked row is skipped and taken in a later pass, once its writer committed). A run that stops part-way loses
 * nothing, and the next one starts where it stopped, since it selects only rows not yet under the current key; a
 * run with nothing to do changes nothing.
 *
 * A row is left as it was, and reported, when no configured key opens it (or it is corrupt), or when its NIK under the current key
 * would equal another client's of the same organisation (two registrations of one person, made while the old key
 * was not configured: merge or correct them, then run again).
 */
export async function reencryptClients(
  db: DataSource,
  cipher: FieldCipher,
  options: { batchSize?: number; onProgress?: (p: ReencryptProgress) => void } = {},
): Promise<ReencryptResult> {
  const batchSize = options.batchSize ?? 500;
  const prefix = cipher.currentPrefix;
  const [{ n: total }] = await db.query(`SELECT count(*)::int AS n FROM client WHERE ${STALE}`, [prefix]);
  const failed = new Map<string, ReencryptFailure>();
  const started = Date.now();
  let done = 0;

  // A pass walks the table by id, skipping rows another transaction holds; the next pass waits for them instead.
  // Rows still left after three passes are being written under an old key by a process not yet restarted.
  let left = 0;
  for (let pass = 0; pass < 3; pass += 1) {
    let after: string | null = null;
    for (;;) {
      const batch: { last: string | null; changed: number } = await db.transaction((tx) => reencryptBatch(tx, cipher, after, batchSize, pass === 0, failed));
      if (batch.last === null) break;
      after = batch.last;
      done += batch.changed;
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      options.onProgress?.({ done, total, failed: failed.size, rowsPerSecond: Math.round(done / seconds) });
    }
    [{ n: left }] = await db.query(`SELECT count(*)::int AS n FROM client WHERE ${STALE} AND NOT (id = ANY($2::uuid[]))`, [prefix, [...failed.keys()]]);
    if (left === 0) break;
  }
  return { keyId: cipher.currentKeyId, total, done, failed: [...failed.values()], left };
}

async function reencryptBatch(
  tx: EntityManager,
  cipher: FieldCipher,
  after: string | null,
  batchSize: number,
  skipLocked: boolean,
  failed: Map<string, ReencryptFailure>,
): Promise<{ last: string | null; changed: number }> {
  const rows: ClientSecrets[] = await tx.query(
    `SELECT id, organization_id, nik_ciphertext, kk_ciphertext FROM client
      WHERE ($2::uuid IS NULL OR id > $2) AND ${STALE} AND NOT (id = ANY($3::uuid[]))
      ORDER BY id LIMIT $4 FOR UPDATE ${skipLocked ? 'SKIP LOCKED' : ''}`,
    [cipher.currentPrefix, after, [...failed.keys()], batchSize],
  );
  let changed = 0;
  for (const row of rows) {
    let nik: string | null;
    let kk: string | null;
    try {
      nik = row.nik_ciphertext === null ? null : cipher.decrypt(row.nik_ciphertext);
      kk = row.kk_ciphertext === null ? null : cipher.decrypt(row.kk_ciphertext);
    } catch (err) {
      const reason = !(err instanceof DataKeyUnavailableError)
        ? 'a ciphertext does not open with the key it names (corrupt)'
        : err.keyId ? `no configured key has id ${err.keyId}` : 'no configured key opens its legacy (v1) ciphertext';
      failed.set(row.id, { clientId: row.id, reason });
      continue;
    }
    const nikHash = nik === null ? null : cipher.lookupHash(nik);
    if (nikHash !== null) {
      const [same] = await tx.query(`SELECT id FROM client WHERE organization_id = $1 AND nik_hash = $2 AND id <> $3`, [row.organization_id, nikHash, row.id]);
      if (same) {
        failed.set(row.id, { clientId: row.id, reason: `same NIK as client ${same.id} of its organisation` });
        continue;
      }
    }
    await tx.query(
      `UPDATE client SET nik_ciphertext = $2, nik_hash = COALESCE($3, nik_hash), kk_ciphertext = $4 WHERE id = $1`,
      [row.id, nik === null ? null : cipher.encrypt(nik), nikHash, kk === null ? null : cipher.encrypt(kk)],
    );
    changed += 1;
  }
  return { last: rows.length ? rows[rows.length - 1].id : null, changed };
}
