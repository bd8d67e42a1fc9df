/**
 * Outbox relay throughput: writes N job rows (runAt an hour ahead, so nothing runs) in one transaction,
 * then drains them with 1 and with 2 concurrent relays against real Postgres and Redis, and reports
 * rows/s. Uses its own database (BENCH_DATABASE_URL, default rujuk_outbox_bench, recreated) and Redis
 * prefix {rujuk-outbox-bench} (cleared). Usage: ts-node -T bench/outbox-relay.bench.ts [rows]
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { jobId } from '../src/jobs/job-registry';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { RedisOutboxSink, relayRedis } from '../src/outbox/outbox-publisher';
import { OutboxService } from '../src/outbox/outbox.service';
import { clearRedisPrefix } from './bench-redis';

const N = Number(process.argv[2] ?? 20_000);
const DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rujuk_outbox_bench';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = '{rujuk-outbox-bench}';

const clearPrefix = () => clearRedisPrefix(PREFIX, REDIS);

async function main(): Promise<void> {
  const url = new URL(DB);
  const admin = new Client({ connectionString: DB.replace(url.pathname, '/postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${url.pathname.slice(1)} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${url.pathname.slice(1)}`);
  await admin.end();
  const db = new DataSource({ ...dataSourceOptions(DB), extra: { max: 10 } } as never);
  await db.initialize();
  await db.runMigrations();
  const outbox = new OutboxService();

  for (const relays of [1, 2]) {
    for (const batchSize of [100, 500]) {
      await clearPrefix();
      await db.query(`TRUNCATE outbox_message`);
      const runAt = new Date(Date.now() + 3600_000);
      const w0 = Date.now();
      for (let i = 0; i < N; i += 5000) {
        await db.transaction((tx) => outbox.addMany(tx, Array.from({ length: Math.min(5000, N - i) }, () => ({
          kind: 'job' as const, name: 'outbox.prune' as const, payload: {}, jobId: jobId('bench', randomUUID()), runAt,
        }))));
      }
      const writeMs = Date.now() - w0;
      const sinks = Array.from({ length: relays }, () => new RedisOutboxSink(relayRedis(REDIS), PREFIX));
      const t0 = Date.now();
      await Promise.all(sinks.map(async (sink) => {
        const relay = new OutboxRelay(db, sink, { batchSize, retryBaseMs: 1000, retryMaxMs: 60_000 });
        while ((await relay.relayOnce()).claimed > 0);
      }));
      const ms = Date.now() - t0;
      const [{ sent }] = await db.query(`SELECT count(*)::int AS sent FROM outbox_message WHERE sent_at IS NOT NULL`);
      await Promise.all(sinks.map((s) => s.close()));
      console.log(JSON.stringify({ rows: N, relays, batchSize, sent, relayMs: ms, rowsPerSec: Math.round((sent / ms) * 1000), writeRowsPerSec: Math.round((N / writeMs) * 1000) }));
    }
  }
  await clearPrefix();
  await db.destroy();
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
