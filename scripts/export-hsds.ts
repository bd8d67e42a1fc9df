/**
 * `npm run export:hsds -- <out> [--format json|csv]`: the published directory as Open Referral HSDS 3.0.
 * json (default): <out> is a file holding an array of fully nested services. csv: <out> is a folder that gets
 * one CSV file per HSDS table and datapackage.json. Streamed (500 services at a time), with progress on stderr.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createWriteStream } from 'node:fs';
import { configOrExit } from '../src/config/app-config';
import { HsdsCliModule } from '../src/interop/hsds/hsds-cli.module';
import { HsdsExportService, Progress } from '../src/interop/hsds/hsds-export.service';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run export:hsds -- <out> [--format json|csv]\n`);
  process.exit(2);
}

export function parseArgs(argv: string[]): { out: string; format: 'json' | 'csv' } {
  let format: 'json' | 'csv' = 'json';
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--format' || a.startsWith('--format=')) {
      const value = a.includes('=') ? a.slice('--format='.length) : argv[++i];
      if (value !== 'json' && value !== 'csv') usage(`--format must be json or csv, not ${value ?? '(nothing)'}`);
      format = value;
    } else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else rest.push(a);
  }
  if (rest.length !== 1) usage('give one output path');
  return { out: rest[0], format };
}

const progress: Progress = ({ table, done, total }) => {
  const pct = total ? Math.min(100, Math.round((done / total) * 100)) : 100;
  const width = 30;
  const bar = '#'.repeat(Math.round((pct / 100) * width)).padEnd(width, '.');
  process.stderr.write(`\r${table.padEnd(13)} [${bar}] ${String(pct).padStart(3)}% ${done}/${total}`);
  if (done >= total) process.stderr.write('\n');
};

async function main(): Promise<void> {
  const { out, format } = parseArgs(process.argv.slice(2));
  configOrExit();
  const app = await NestFactory.createApplicationContext(HsdsCliModule, { logger: ['error', 'warn'] });
  const started = Date.now();
  try {
    const exporter = app.get(HsdsExportService);
    if (format === 'csv') {
      const counts = await exporter.writeTabular(out, progress);
      process.stderr.write(`\nwrote ${out}/ in ${((Date.now() - started) / 1000).toFixed(1)} s:\n`);
      for (const [file, n] of Object.entries(counts)) process.stderr.write(`  ${file.padEnd(30)} ${n}\n`);
    } else {
      const file = createWriteStream(out, { encoding: 'utf8' });
      const n = await exporter.writeJson(async (text) => {
        if (!file.write(text)) await new Promise<void>((resolve) => file.once('drain', resolve));
      }, progress);
      await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
      process.stderr.write(`wrote ${n} services to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`export:hsds failed: ${err.message}\n`);
    process.exit(1);
  });
}
