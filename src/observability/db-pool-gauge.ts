import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';

interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/** The pools of this process by name (`api`, `worker`; one process may hold both in tests). */
const pools = new Map<string, PoolLike>();

const NAME = 'rujuk_db_pool_connections';

function gauge(): void {
  if (register.getSingleMetric(NAME)) return;
  new Gauge({
    name: NAME,
    help: 'PostgreSQL connections of this process by pool and state: total open, idle, in use, max allowed, and callers waiting for one',
    labelNames: ['pool', 'state'] as const,
    collect() {
      this.reset();
      for (const [pool, p] of pools) {
        this.set({ pool, state: 'total' }, p.totalCount);
        this.set({ pool, state: 'idle' }, p.idleCount);
        this.set({ pool, state: 'in_use' }, p.totalCount - p.idleCount);
        this.set({ pool, state: 'waiting' }, p.waitingCount);
        if (p.options?.max) this.set({ pool, state: 'max' }, p.options.max);
      }
    },
  });
}

/** Database pool use, read from pg's pool at scrape time (no query). */
export function dbPoolGaugeFor(name: 'api' | 'worker') {
  @Injectable()
  class DbPoolGauge implements OnModuleInit {
    constructor(@InjectDataSource() readonly db: DataSource) {}
    onModuleInit(): void {
      const pool = (this.db.driver as unknown as { master?: PoolLike }).master;
      if (pool) pools.set(name, pool);
      gauge();
    }
  }
  return DbPoolGauge;
}
