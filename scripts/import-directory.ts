/**
 * Imports a directory file from the command line, in-process (no queue), with a progress bar:
 *
 *   npm run import:directory -- <file|folder|zip> [--dry-run] [--format hsds-json|hsds-csv|csv] [--user admin@example.org]
 *
 * Writes as the given user (default: ADMIN_EMAIL, else the first active admin), with that user's rights, and
 * records the import like an upload (directoryImport(id) shows it). Prints rows read, created, updated,
 * unchanged and rejected, then the first problems of the row report. Exit code 1 when a row was rejected.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { SingleBar } from 'cli-progress';
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../src/common/viewer';
import { DirectoryImportsService } from '../src/interop/import/directory-imports.service';
import { ImportCliModule } from '../src/interop/import/import-cli.module';
import { IMPORT_FORMATS, ImportFormat } from '../src/interop/import/import-record';
import { detectFormat } from '../src/interop/import/sources';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run import:directory -- <file> [--dry-run] [--format ${IMPORT_FORMATS.join('|')}] [--user email]\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let file: string | null = null;
  let dryRun = false;
  let format: ImportFormat | null = null;
  let user: string | null = process.env.ADMIN_EMAIL ?? null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--dry-run') dryRun = true;
    else if (a === '--format') format = (args[++i] as ImportFormat) ?? usage('--format needs a value');
    else if (a.startsWith('--format=')) format = a.slice(9) as ImportFormat;
    else if (a === '--user') user = args[++i] ?? usage('--user needs an e-mail');
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else file = a;
  }
  if (!file) usage('name the file to import');
  if (format && !IMPORT_FORMATS.includes(format)) usage(`unknown format ${format}`);
  const path = resolve(file);
  const stat = await fs.stat(path).catch(() => usage(`no such file: ${path}`));

  const app = await NestFactory.createApplicationContext(ImportCliModule, { logger: ['error'] });
  try {
    const db = app.get<DataSource>(getDataSourceToken());
    const [u] = await db.query(
      `SELECT id, email, role, organization_id AS "organizationId", region_scope AS "regionScope" FROM user_account
        WHERE active AND ($1::text IS NULL AND role = 'ADMIN' OR email = $1) ORDER BY created_at LIMIT 1`,
      [user],
    );
    if (!u) usage(user ? `no active user ${user}` : 'no active admin; name a user with --user');
    const viewer: Viewer = u;
    const imports = app.get(DirectoryImportsService);
    const fmt = format ?? (await detectFormat(path));
    const row = await imports.request(viewer, { path, name: file, bytes: stat.isDirectory() ? 0 : stat.size }, fmt, dryRun, false);
    process.stdout.write(`import ${row.id}: ${fmt}${dryRun ? ', dry run' : ''}, as ${viewer.email}\n`);
    const bar = new SingleBar({
      format: '{phase} [{bar}] {value}/{total} | read {rowsRead} created {created} updated {updated} unchanged {unchanged} rejected {rejected} | {rate} rows/s',
      hideCursor: true,
    });
    const started = Date.now();
    let phase = '';
    bar.start(0, 0, { phase: 'validating', rowsRead: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, rate: 0 });
    const done = await imports.execute(row.id, (p) => {
      if (p.phase !== phase) {
        phase = p.phase;
        if (p.phase !== 'validating') bar.setTotal(p.rowsRead);
      }
      const total = p.phase === 'validating' ? p.rowsRead : p.done + p.rejected;
      if (p.phase === 'validating') bar.setTotal(p.rowsRead);
      bar.update(Math.min(total, p.rowsRead), { ...p, rate: Math.round(p.rowsRead / Math.max((Date.now() - started) / 1000, 0.001)) });
    });
    bar.stop();
    if (!done) throw new Error('the import did not run');
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`${done.status}: read ${done.rowsRead}, created ${done.created}, updated ${done.updated}, unchanged ${done.unchanged}, rejected ${done.rejected} in ${seconds.toFixed(1)} s\n`);
    if (done.error) process.stdout.write(`error: ${done.error}\n`);
    const issues = await imports.issues(row.id, 50, 0);
    for (const i of issues) process.stdout.write(`line ${i.line}  ${i.field}: ${i.rule}${i.value !== null ? ` [${i.value}]` : ''}\n`);
    if (done.issueCount > issues.length) process.stdout.write(`... ${done.issueCount - issues.length} more (directoryImport(id: "${row.id}"))\n`);
    process.exitCode = done.status === 'SUCCEEDED' && done.rejected === 0 ? 0 : 1;
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
