/**
 * `npm run bench:export [-- --services 100000 --db rujuk_bench_export --regenerate]`
 *
 * The HSDS 3.0 export of a large directory: its own database (created and migrated if missing) with the synthetic
 * directory of bench:search (synthetic-directory.ts), then the export's two forms run in this process through the
 * export command's application context (HsdsCliModule): the JSON array of fully nested services and the tabular
 * form (CSV files + datapackage.json), each into a temporary folder. Prints services/s, the output size and the
 * RSS of the process before, at its peak (sampled every 10 ms) and after, to show memory stays flat while the
 * whole directory streams through. Writes bench/results/export.json.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { HsdsCliModule } from '../src/interop/hsds/hsds-cli.module';
import { HsdsExportService, Progress } from '../src/interop/hsds/hsds-export.service';
import { HsdsService } from '../src/interop/hsds/hsds.service';
import { databaseUrl, ensureDatabase, ensureDirectory, loadAverage, log, machineDescription, parseFlags, writeResults } from './bench-kit';

const DEFAULTS = { services: 100_000, db: 'rujuk_bench_export', regenerate: false };
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** A line every 5,000 rows (and at the end of each pass). */
const progress: Progress = ({ table, done, total }) => {
  if (done % 5000 < 500 || done === total) log(`  ${table}: ${done}/${total} (RSS ${mb(process.memoryUsage().rss)} MB)`);
};

async function measured(fn: () => Promise<number>): Promise<{ count: number; seconds: number; rssBeforeMb: number; rssPeakMb: number; rssAfterMb: number; heapPeakMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  let heapPeak = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  }, 10);
  const t0 = process.hrtime.bigint();
  try {
    const count = await fn();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { count, seconds, rssBeforeMb: mb(before), rssPeakMb: mb(peak), rssAfterMb: mb(process.memoryUsage().rss), heapPeakMb: mb(heapPeak) };
  } finally {
    clearInterval(timer);
  }
}

async function sizeOf(path: string): Promise<number> {
  const s = await stat(path);
  if (!s.isDirectory()) return s.size;
  let total = 0;
  for (const name of await readdir(path)) total += (await stat(join(path, name))).size;
  return total;
}

async function main(): Promise<void> {
  const o = parseFlags(process.argv.slice(2), DEFAULTS);
  if (!/^rujuk_bench[a-z0-9_]*$/.test(o.db)) throw new Error('--db must start with rujuk_bench');
  log(`bench:export on ${machineDescription()}, load ${loadAverage()}`);
  await ensureDatabase(o.db);
  const pg = new Client({ connectionString: databaseUrl(o.db) });
  await pg.connect();
  await ensureDirectory(pg, o.db, o.services, o.regenerate);
  const [{ services, organizations }] = (await pg.query(
    `SELECT (SELECT count(*)::int FROM service s JOIN organization o ON o.id = s.organization_id AND o.active) AS services,
            (SELECT count(*)::int FROM organization WHERE active) AS organizations`,
  )).rows;
  await pg.end();

  process.env.DATABASE_URL = databaseUrl(o.db);
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  process.env.JWT_SECRET ??= 'rujuk-bench-secret-rujuk-bench-secret-0123456789';
  process.env.LOG_LEVEL ??= 'warn';
  const app = await NestFactory.createApplicationContext(HsdsCliModule, { logger: ['error', 'warn'] });
  const exporter = app.get(HsdsExportService);
  const dir = await mkdtemp(join(tmpdir(), 'rujuk-bench-export-'));
  try {
    // Warm the taxonomy caches (the 91,592 regions, the categories) so the first form does not pay for them alone.
    await exporter.counts();
    await app.get(HsdsService).vocabulary(['32.77']);
    const jsonFile = join(dir, 'services.json');
    const json = await measured(async () => {
      const file = createWriteStream(jsonFile, { encoding: 'utf8' });
      const n = await exporter.writeJson(async (text) => {
        if (!file.write(text)) await new Promise<void>((resolve) => file.once('drain', resolve));
      }, progress);
      await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
      return n;
    });
    const jsonBytes = await sizeOf(jsonFile);
    await rm(jsonFile);
    const csvDir = join(dir, 'csv');
    const csv = await measured(async () => (await exporter.writeTabular(csvDir, progress))['services.csv']);
    const csvBytes = await sizeOf(csvDir);
    const rows = [
      { form: 'json', ...json, servicesPerSecond: Math.round(json.count / json.seconds), outputMb: mb(jsonBytes) },
      { form: 'csv', ...csv, servicesPerSecond: Math.round(csv.count / csv.seconds), outputMb: mb(csvBytes) },
    ];
    log(`\n${services} published services of ${organizations} organisations (load ${loadAverage()})`);
    log('form  services  seconds  services/s  output MB  RSS before  RSS peak  RSS after  heap peak (MB)');
    for (const r of rows) {
      log(`${r.form.padEnd(5)} ${String(r.count).padStart(8)} ${r.seconds.toFixed(1).padStart(8)} ${String(r.servicesPerSecond).padStart(11)} ${String(r.outputMb).padStart(10)} ${String(r.rssBeforeMb).padStart(11)} ${String(r.rssPeakMb).padStart(9)} ${String(r.rssAfterMb).padStart(10)} ${String(r.heapPeakMb).padStart(10)}`);
    }
    const file = writeResults('export', { machine: machineDescription(), load: loadAverage(), services, organizations, rows });
    log(`\nresults: ${file}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await app.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench:export failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
