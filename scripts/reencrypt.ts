/**
 * Re-encrypts the specific personal data (client NIK and KK number) written with a previous data encryption key,
 * or in the legacy format without a key id, under the current key (README: "Rotating the data encryption key").
 *
 *   npm run keys:reencrypt              (ts-node, development)
 *   npm run keys:reencrypt:prod         (compiled: node dist/scripts/reencrypt.js)
 *   ... -- --batch-size=200             rows per transaction (default 500)
 *
 * Reads the same configuration as the API: DATA_ENCRYPTION_KEY is the key written, DATA_ENCRYPTION_KEYS the old
 * keys it reads. Safe beside running API processes (row locks, batches by primary key) and resumable: it selects
 * only rows not yet under the current key, so a second run after a complete one changes nothing. Prints progress;
 * exits 1 if any row could not be re-encrypted, naming the client ids and why (never the data).
 * Run it after every API process has restarted with the new key, or rows they write meanwhile stay under the old one.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { FieldCipher } from '../src/cases/field-cipher';
import { reencryptClients } from '../src/cases/reencrypt-clients';
import { configOrExit } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';

function batchSizeArg(argv: string[]): number {
  const arg = argv.find((a) => a.startsWith('--batch-size='));
  if (!arg) return 500;
  const n = Number(arg.slice('--batch-size='.length));
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new Error('--batch-size must be an integer between 1 and 10000');
  return n;
}

async function main(): Promise<number> {
  const config = configOrExit();
  const batchSize = batchSizeArg(process.argv.slice(2));
  const cipher = new FieldCipher(config.data.encryptionKey, config.data.previousKeys);
  const db = new DataSource(dataSourceOptions(config.database.url, { poolSize: 2 }));
  await db.initialize();
  try {
    process.stdout.write(`re-encrypting client data under key ${cipher.currentKeyId}\n`);
    const result = await reencryptClients(db, cipher, {
      batchSize,
      onProgress: (p) => process.stdout.write(`${p.done}/${p.total} rows re-encrypted, ${p.failed} left as they were, ${p.rowsPerSecond} rows/s\n`),
    });
    process.stdout.write(`done: ${result.done} of ${result.total} rows re-encrypted under key ${result.keyId}\n`);
    for (const f of result.failed) process.stderr.write(`client ${f.clientId} not re-encrypted: ${f.reason}\n`);
    if (result.left) process.stderr.write(`${result.left} rows were written under an old key while this ran: restart every API process with the new key, then run this again\n`);
    return result.failed.length || result.left ? 1 : 0;
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`keys:reencrypt failed: ${err.message}\n`);
      process.exit(1);
    },
  );
}
