/**
 * `npm run bench:import [-- --services 100000 --per-org 5 --db rujuk_bench_import --batch 200 --passes 2 --dry-run --formats hsds-json,csv]`
 *
 * 1. Its own database (rujuk_bench_import, created and migrated if missing); its directory is emptied first.
 * 2. Generates two files in the temporary folder, streamed to disk: an HSDS 3.0 JSON array of --services services
 *    (each with its nested organisation, one location with address, coordinates and a schedule, phones, a service
 *    area and attributes), and a spreadsheet CSV of the same shape with Indonesian headers. --per-org services per
 *    organisation; regencies named as offices write them ("Kab. X", "KOTA Y, PROVINSI", "kabupaten x"), phones
 *    like "(0651) 34565 / 0812-...", coordinates with comma decimals in the CSV.
 * 3. Imports each file in-process as the CLI does (DirectoryImportsService.execute: validate, then write in
 *    batches of --batch organisations per transaction) into the empty directory, then (with --passes 2) again,
 *    every row unchanged: rows/s, the peak RSS of the process (sampled every 20 ms), and the CPU milliseconds per
 *    1,000 rows of this process and of the database's backends, for the validation and the write pass (what a
 *    shared machine's load changes least), with progress printed.
 * --dry-run validates and compares only (nothing written); --formats picks the files imported.
 * Targets: >= 2,000 rows/s and peak RSS < 300 MB for each import. Writes bench/results/import.json.
 */
import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { once } from 'node:events';
import { createWriteStream, promises as fs, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../src/common/viewer';
import type { ImportProgress } from '../src/interop/import/import-pipeline';
import type { ImportFormat } from '../src/interop/import/import-record';
import { databaseCpuMs, databaseUrl, ensureDatabase, loadAverage, log, machineDescription, parseFlags, Target, writeResults } from './bench-kit';

const DEFAULTS = { services: 100_000, perOrg: 5, db: 'rujuk_bench_import', batch: 200, passes: 2, dryRun: false, formats: 'hsds-json,csv' };
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** A small deterministic random generator, so two runs import the same files. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Regency { code: string; name: string; province: string }

function regencies(): Regency[] {
  const dir = join(dirname(require.resolve('idn-area-data/package.json')), 'data');
  const csv = (f: string) => Papa.parse<Record<string, string>>(readFileSync(join(dir, f), 'utf8'), { header: true, skipEmptyLines: true }).data;
  const provinces = new Map(csv('provinces.csv').map((p) => [p.code, p.name]));
  return csv('regencies.csv').map((r) => ({ code: r.code, name: r.name, province: provinces.get(r.province_code)! }));
}

/** The regency as an office might write it. */
function spelled(r: Regency, pick: number): { regency: string; province: string } {
  const bare = r.name.replace(/^(KABUPATEN ADMINISTRASI|KOTA ADMINISTRASI|KABUPATEN|KOTA) /, '');
  const kota = r.name.startsWith('KOTA');
  const title = (s: string) => s.toLowerCase().replace(/(^|\s)\S/g, (c) => c.toUpperCase());
  switch (pick % 4) {
    case 0: return { regency: `${kota ? 'Kota' : 'Kab.'} ${title(bare)}`, province: title(r.province) };
    case 1: return { regency: `${r.name}, ${r.province}`, province: '' };
    case 2: return { regency: `${kota ? 'kota' : 'kabupaten'}  ${bare.toLowerCase()}`, province: r.province };
    default: return { regency: r.name, province: `Provinsi ${title(r.province)}` };
  }
}

/** Landlines as offices write them, valid numbers of real area codes: "(021) 5523507", "(0651) 34565". */
const AREA_CODES = [['021', 7], ['022', 7], ['024', 7], ['031', 7], ['0361', 6], ['0651', 5], ['0274', 6], ['061', 7], ['0411', 6], ['0711', 6]] as const;
function landline(n: number): string {
  const [code, digits] = AREA_CODES[n % AREA_CODES.length];
  return `(${code}) ${String(5 * 10 ** (digits - 1) + (n % 10 ** (digits - 1)))}`;
}

const CATEGORIES = ['WANITA_KORBAN_KEKERASAN', 'ANAK_JALANAN', 'LANSIA_TERLANTAR', 'PENYANDANG_CACAT', 'KELUARGA_FAKIR_MISKIN', 'KORBAN_NAPZA'];
const TYPES = ['KONSELING', 'BANTUAN_HUKUM', 'RUMAH_PERLINDUNGAN', 'REHABILITASI_SOSIAL', 'BANTUAN_SOSIAL', 'PENDAMPINGAN'];

interface Generated { org: number; service: number; regency: Regency; lat: number; lon: number; spell: { regency: string; province: string }; category: string; type: string }

function* rows(services: number, perOrg: number): Generator<Generated> {
  const rand = rng(42);
  const regs = regencies();
  let regency = regs[0];
  let lat = 0;
  let lon = 0;
  for (let i = 0; i < services; i++) {
    const org = Math.floor(i / perOrg);
    if (i % perOrg === 0) {
      regency = regs[Math.floor(rand() * regs.length)];
      lat = -10 + rand() * 15;
      lon = 96 + rand() * 44;
    }
    yield {
      org, service: i, regency, lat, lon, spell: spelled(regency, org),
      category: CATEGORIES[Math.floor(rand() * CATEGORIES.length)], type: TYPES[Math.floor(rand() * TYPES.length)],
    };
  }
}

async function write(path: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const c of chunks) if (!out.write(c)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function* hsdsJson(services: number, perOrg: number): Generator<string> {
  yield '[\n';
  for (const g of rows(services, perOrg)) {
    const orgId = `bench-org-${g.org}`;
    const service = {
      id: `bench-svc-${g.service}`, name: `Layanan ${g.type.toLowerCase().replace(/_/g, ' ')} ${g.service}`, description: 'Layanan bagi warga yang membutuhkan',
      status: 'active', minimum_age: 0, maximum_age: 99,
      organization: { id: orgId, name: `Yayasan Bench ${g.org}`, email: `org${g.org}@example.org`, website: `https://org${g.org}.example.org`, organization_identifiers: [] },
      phones: [{ number: landline(g.org) }],
      service_areas: [{ name: g.regency.code }],
      attributes: [{ taxonomy_term: { code: g.category } }, { taxonomy_term: { code: g.type } }],
      languages: [{ code: 'id' }],
      service_at_locations: [{
        location: {
          id: `bench-loc-${g.org}`, name: `Kantor ${g.org}`, latitude: Number(g.lat.toFixed(5)), longitude: Number(g.lon.toFixed(5)),
          addresses: [{ address_1: `Jl. Merdeka ${g.org}`, city: g.spell.regency, state_province: g.spell.province, postal_code: '40111', country: 'ID' }],
          schedules: [{ byday: 'MO,TU,WE,TH,FR', opens_at: '08:00', closes_at: '16:00' }],
        },
      }],
    };
    yield `${g.service ? ',\n' : ''}${JSON.stringify(service)}`;
  }
  yield '\n]\n';
}

function* spreadsheet(services: number, perOrg: number): Generator<string> {
  yield 'Organisasi,Layanan,Alamat,Telepon,Surel,Kabupaten/Kota,Provinsi,Lintang,Bujur,Jenis Layanan,Kategori PMKS\n';
  for (const g of rows(services, perOrg)) {
    const cells = [
      `Yayasan Bench ${g.org}`, `Layanan ${g.type.toLowerCase().replace(/_/g, ' ')} ${g.service}`, `Jl. Merdeka ${g.org}`,
      `${landline(g.org)} / 0812-${String(1000 + (g.org % 9000)).padStart(4, '0')}-${String(g.org % 10000).padStart(4, '0')}`,
      `org${g.org}@example.org`, g.spell.regency, g.spell.province, g.lat.toFixed(5).replace('.', ','), g.lon.toFixed(5).replace('.', ','), g.type, g.category,
    ];
    yield `${cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\n`;
  }
}

async function main(): Promise<void> {
  const o = parseFlags(process.argv.slice(2), DEFAULTS);
  if (!/^rujuk_bench[a-z0-9_]*$/.test(o.db)) throw new Error('--db must start with rujuk_bench');
  log(`bench:import on ${machineDescription()}; load average ${loadAverage()}`);
  await ensureDatabase(o.db);
  Object.assign(process.env, {
    NODE_ENV: 'production', DATABASE_URL: databaseUrl(o.db), DATABASE_OWNER_URL: databaseUrl(o.db), REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: '{rujuk-bench-import}', JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123', LOG_LEVEL: 'warn', RUN_MIGRATIONS: 'false',
    DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), IMPORT_DIR: join(tmpdir(), 'rujuk-bench-import-uploads'),
  });
  const dir = await fs.mkdtemp(join(tmpdir(), 'rujuk-bench-import-'));
  const files: [ImportFormat, string][] = [['hsds-json', join(dir, 'services.json')], ['csv', join(dir, 'layanan.csv')]];
  let t0 = Date.now();
  await write(files[0][1], hsdsJson(o.services, o.perOrg));
  await write(files[1][1], spreadsheet(o.services, o.perOrg));
  for (const [format, path] of files) log(`generated ${format}: ${path}, ${mb((await fs.stat(path)).size)} MB`);
  log(`files written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Imported after the environment is set: the configuration is read when the module loads.
  const { ImportCliModule } = await import('../src/interop/import/import-cli.module');
  const { DirectoryImportsService } = await import('../src/interop/import/directory-imports.service');
  const app: INestApplicationContext = await NestFactory.createApplicationContext(ImportCliModule, { logger: ['error'] });
  const results: Record<string, unknown>[] = [];
  const targets: Target[] = [];
  try {
    const db = app.get<DataSource>(getDataSourceToken());
    const imports = app.get(DirectoryImportsService);
    imports.batchSize = o.batch;
    for (const [format, path] of files.filter(([f]) => o.formats.split(',').includes(f))) {
      log(`emptying the directory of ${o.db}`);
      // (CASCADE reaches user_account through its organisation: the bench's admin is made again below.)
      await db.query(`TRUNCATE directory_import_issue, directory_import, schedule, service_at_location, location, service, organization CASCADE`);
      const [admin] = await db.query(`SELECT id, email, role, organization_id AS "organizationId", region_scope AS "regionScope" FROM user_account WHERE email = 'bench-import@rujuk.invalid'`);
        const viewer: Viewer = admin ?? (await db.query(
          `INSERT INTO user_account (email, name, password_hash, role) VALUES ('bench-import@rujuk.invalid', 'Bench import', 'x', 'ADMIN')
           RETURNING id, email, role, organization_id AS "organizationId", region_scope AS "regionScope"`))[0];
      for (const pass of ['first import (empty directory)', 're-import (nothing changes)'].slice(0, o.passes)) {
        const row = await imports.request(viewer, { path, name: path, bytes: (await fs.stat(path)).size }, format, o.dryRun, false);
        const rssBefore = process.memoryUsage().rss;
        let peak = rssBefore;
        const sampler = setInterval(() => {
          peak = Math.max(peak, process.memoryUsage.rss());
        }, 20);
        let lastPrint = 0;
        let validatedAt = 0;
        // CPU time of this process (parse, validate, build the batches) and of the database's backends (write),
        // the backends sampled every 250 ms so that one the pool closes meanwhile keeps what it used (a backend
        // that starts during the run counts from zero).
        const backends = new Map<number, { first: number; last: number }>();
        let initial = true;
        const sampleBackends = () => {
          for (const [pid, ms] of databaseCpuMs(o.db)) {
            const b = backends.get(pid);
            if (b) b.last = ms;
            else backends.set(pid, { first: initial ? ms : 0, last: ms });
          }
        };
        const dbCpu = () => {
          sampleBackends();
          return [...backends.values()].reduce((n, b) => n + b.last - b.first, 0);
        };
        const backendSampler = setInterval(sampleBackends, 250);
        const cpu0 = process.cpuUsage();
        const db0 = dbCpu();
        initial = false;
        let validateCpu = { node: 0, db: 0 };
        t0 = Date.now();
        const done = await imports.execute(row.id, (p: ImportProgress) => {
          const now = Date.now();
          if (p.phase !== 'validating' && !validatedAt) {
            validatedAt = now;
            const c = process.cpuUsage(cpu0);
            validateCpu = { node: (c.user + c.system) / 1000, db: dbCpu() - db0 };
          }
          if (now - lastPrint < 2000 && p.phase !== 'done') return;
          lastPrint = now;
          log(`  ${format} ${pass}: ${p.phase} ${p.done} | read ${p.rowsRead} created ${p.created} updated ${p.updated} unchanged ${p.unchanged} rejected ${p.rejected} | RSS ${mb(process.memoryUsage().rss)} MB (heap ${mb(process.memoryUsage().heapUsed)} of ${mb(process.memoryUsage().heapTotal)}, external ${mb(process.memoryUsage().external)}) | ${((now - t0) / 1000).toFixed(1)} s`);
        });
        clearInterval(sampler);
        clearInterval(backendSampler);
        const seconds = (Date.now() - t0) / 1000;
        const c = process.cpuUsage(cpu0);
        const nodeCpuMs = (c.user + c.system) / 1000;
        const dbCpuMs = dbCpu() - db0;
        // CPU ms per 1,000 rows, by phase: what the load of the machine does not change (the wall rate it does).
        const per1000 = (ms: number) => Math.round((ms / done!.rowsRead) * 1000);
        const cpu = {
          validateNodeMsPer1000: per1000(validateCpu.node), validateDbMsPer1000: per1000(validateCpu.db),
          writeNodeMsPer1000: per1000(nodeCpuMs - validateCpu.node), writeDbMsPer1000: per1000(dbCpuMs - validateCpu.db),
        };
        const rate = Math.round(done!.rowsRead / seconds);
        const r = { format, pass: o.dryRun ? `${pass}, dry run` : pass, heapLimitMb: mb(getHeapStatistics().heap_size_limit), status: done!.status, rowsRead: done!.rowsRead, created: done!.created, updated: done!.updated, unchanged: done!.unchanged, rejected: done!.rejected, seconds: Number(seconds.toFixed(1)), validateSeconds: Number(((validatedAt - t0) / 1000).toFixed(1)), rowsPerSecond: rate, rssBeforeMb: mb(rssBefore), rssPeakMb: mb(peak), ...cpu, loadAverage: loadAverage() };
        results.push(r);
        log(`${format} ${pass}: ${JSON.stringify(r)}`);
        targets.push([`${format} ${pass}: >= 2,000 rows/s`, rate >= 2000, `${rate} rows/s`], [`${format} ${pass}: peak RSS < 300 MB`, peak < 300 * 2 ** 20, `${mb(peak)} MB`]);
      }
    }
  } finally {
    await app.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
  for (const [label, met, value] of targets) log(`${met ? 'MET   ' : 'MISSED'} ${label}: ${value}`);
  log(`results: ${writeResults('import', { machine: machineDescription(), options: o, results })}`);
  if (targets.some(([, met]) => !met)) process.exitCode = 2;
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
