import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge, register } from 'prom-client';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue } from '../jobs/job-queue';
import { QUEUES, QueueName, TIMER_SETS, TimerSetName } from '../jobs/job-registry';
import { TimerSet } from '../jobs/timer-set';
import { REDIS } from '../redis/redis.module';

/** State read at scrape time is read at most this often; scrapes in between answer the cached figures. */
export const STATE_CACHE_MS = 5_000;
/** Backlogs are counted up to this many rows: a bounded query even when millions are waiting. */
export const COUNT_CAP = 100_000;

/** A gauge whose `collect` reads through `source`, replacing an earlier one of the same name (tests boot twice). */
function scrapeGauge<L extends string>(name: string, help: string, labelNames: readonly L[], collect: (g: Gauge<L>) => Promise<void> | void): Gauge<L> {
  register.removeSingleMetric(name);
  return new Gauge<L>({
    name, help, labelNames,
    async collect() {
      try {
        await collect(this as Gauge<L>);
      } catch {
        // PostgreSQL or Redis unreachable: the series are left out of this scrape (/readyz says why).
        (this as Gauge<L>).reset();
      }
    },
  });
}

/** Memoises an async read for STATE_CACHE_MS; a failed read is not cached. */
function cached<T>(read: () => Promise<T>): () => Promise<T> {
  let at = 0;
  let value: Promise<T> | null = null;
  return () => {
    if (value && Date.now() - at < STATE_CACHE_MS) return value;
    at = Date.now();
    value = read().catch((err) => {
      value = null;
      throw err;
    });
    return value;
  };
}

interface QueueState {
  queue: QueueName;
  counts: Record<string, number>;
  oldestWaitingSeconds: number;
}

interface TimerSetState {
  set: TimerSetName;
  pending: number;
  overdueSeconds: number;
}

interface OutboxState {
  unrelayed: number;
  oldestSeconds: number;
  deadLetters: number;
}

/**
 * The gauges the API serves from what PostgreSQL and Redis hold at scrape time (docs/operations.md): per queue its
 * jobs by state and the age of the oldest waiting one; per timer set its pending members and how long past due
 * the earliest unclaimed one is; unrelayed outbox rows and the oldest's age; dead-letter
 * deliveries. Each source is read with one small bounded query (two Redis calls per queue), at most once per
 * STATE_CACHE_MS however often Prometheus or several scrapers ask. A source that cannot be read is left out of
 * that scrape (its series are absent until it can be read again) rather than failing the whole scrape.
 */
@Injectable()
export class StateGauges implements OnModuleInit, OnApplicationShutdown {
  private readonly gauges: Gauge<string>[] = [];

  constructor(
    private readonly jobs: JobQueue,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private readonly timerSets = cached(async (): Promise<TimerSetState[]> =>
    Promise.all((Object.keys(TIMER_SETS) as TimerSetName[]).map(async (set) => {
      const timers = new TimerSet(this.redis, this.config.redis.prefix, set);
      const [pending, earliest] = await Promise.all([timers.size(), timers.earliest()]);
      return { set, pending, overdueSeconds: earliest === null ? 0 : Math.max(0, (Date.now() - earliest.getTime()) / 1000) };
    })));

  private readonly queues = cached(async (): Promise<QueueState[]> =>
    Promise.all(Object.values(QUEUES).map(async (queue) => {
      const q = this.jobs.queue(queue);
      const [counts, oldest] = await Promise.all([
        q.getJobCounts('wait', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children', 'completed'),
        q.getJobs(['wait'], 0, 0, true),
      ]);
      const job = oldest[0];
      const since = job ? job.timestamp + (job.delay ?? 0) : null;
      return { queue, counts, oldestWaitingSeconds: since === null ? 0 : Math.max(0, (Date.now() - since) / 1000) };
    })));

  private readonly outbox = cached(async (): Promise<OutboxState> => {
    const [row] = await this.db.query(
      `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM outbox_message WHERE sent_at IS NULL LIMIT $1) p) AS unrelayed,
              (SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8
                 FROM (SELECT created_at FROM outbox_message WHERE sent_at IS NULL ORDER BY deliver_after LIMIT $1) p) AS oldest,
              (SELECT count(*)::int FROM (SELECT 1 FROM notification_delivery WHERE status = 'DEAD' LIMIT $1) d) AS dead`,
      [COUNT_CAP],
    );
    return { unrelayed: row.unrelayed, oldestSeconds: Math.max(0, row.oldest), deadLetters: row.dead };
  });

  onModuleInit(): void {
    this.gauges.push(
      scrapeGauge('rujuk_queue_jobs', 'Jobs per queue and state (wait, active, delayed, failed, prioritized, waiting-children, completed kept)', ['queue', 'state'], async (g) => {
        g.reset();
        for (const s of await this.queues()) for (const [state, n] of Object.entries(s.counts)) g.set({ queue: s.queue, state }, n);
      }),
      scrapeGauge('rujuk_queue_oldest_waiting_seconds', 'Age of the oldest job waiting to run per queue (since it became due); 0 when none waits', ['queue'], async (g) => {
        for (const s of await this.queues()) g.set({ queue: s.queue }, s.oldestWaitingSeconds);
      }),
      scrapeGauge('rujuk_timer_set_pending', 'Timers pending per timer set (e.g. referral-deadlines: the referrals waiting for an answer), claimed ones included', ['set'], async (g) => {
        for (const s of await this.timerSets()) g.set({ set: s.set }, s.pending);
      }),
      scrapeGauge('rujuk_timer_set_overdue_seconds', 'How long past due the earliest timer no sweeper has claimed yet is, per timer set; 0 when none is due', ['set'], async (g) => {
        for (const s of await this.timerSets()) g.set({ set: s.set }, s.overdueSeconds);
      }),
      scrapeGauge('rujuk_outbox_unrelayed', `Outbox rows not yet relayed to Redis (counted up to ${COUNT_CAP})`, [], async (g) => {
        g.set((await this.outbox()).unrelayed);
      }),
      scrapeGauge('rujuk_outbox_oldest_unrelayed_seconds', 'Age of the oldest outbox row not yet relayed; 0 when none', [], async (g) => {
        g.set((await this.outbox()).oldestSeconds);
      }),
      scrapeGauge('rujuk_notification_dead_letters', `Notification deliveries that failed for good (dead letters, counted up to ${COUNT_CAP})`, [], async (g) => {
        g.set((await this.outbox()).deadLetters);
      }),
    );
  }

  onApplicationShutdown(): void {
    for (const g of this.gauges) {
      if (register.getSingleMetric((g as unknown as { name: string }).name) === g) register.removeSingleMetric((g as unknown as { name: string }).name);
    }
  }
}
