import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PgListener } from '../database/pg-listener';
import { OUTBOX_NOTIFY_CHANNEL } from './outbox.service';
import { RedisOutboxSink, relayRedis } from './outbox-publisher';
import { OutboxRelay } from './outbox-relay';

/** A relay pass that found less than a full batch is followed by the next one at least this much later. */
export const RELAY_MIN_PASS_GAP_MS = 50;

/**
 * The relay loop of the worker process (not a BullMQ job: it must keep running while Redis is down).
 * It relays batch after batch while there is work, then sleeps OUTBOX_POLL_MS, woken early by a Postgres
 * NOTIFY on `rujuk_outbox` that OutboxService sends at commit. If LISTEN is unavailable the poll alone
 * keeps it going. Any number of workers may run it: rows are claimed with FOR UPDATE SKIP LOCKED.
 * OUTBOX_RELAY_ENABLED=false turns it off in this process.
 */
@Injectable()
export class OutboxRelayRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private relay?: OutboxRelay;
  private sink?: RedisOutboxSink;
  private listener?: PgListener;
  private stopped = false;
  private wake?: () => void;
  private pendingWake = false;
  private loopDone?: Promise<void>;
  private failingSince: number | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const c = this.config.outbox;
    if (!c.relayEnabled) {
      this.logger.log('outbox relay disabled in this process (OUTBOX_RELAY_ENABLED=false)');
      return;
    }
    this.sink = new RedisOutboxSink(relayRedis(this.config.redis.url), this.config.redis.prefix);
    this.relay = new OutboxRelay(this.db, this.sink, c);
    // If LISTEN is unavailable, the poll alone keeps the relay going.
    this.listener = new PgListener({
      url: this.config.database.url, channel: OUTBOX_NOTIFY_CHANNEL, applicationName: 'rujuk-outbox-listen', onNotify: () => this.poke(),
    });
    this.listener.start();
    this.loopDone = this.loop();
  }

  private async loop(): Promise<void> {
    const { batchSize, pollMs } = this.config.outbox;
    while (!this.stopped) {
      let busy = false;
      const passStarted = Date.now();
      try {
        const r = await this.relay!.relayOnce();
        if (r.failed) {
          this.failingSince ??= Date.now();
          this.logger.warn({ failed: r.failed, sent: r.sent, error: r.error }, 'outbox relay could not publish; rows kept for retry');
        } else if (r.sent && this.failingSince !== null) {
          this.logger.log({ downForMs: Date.now() - this.failingSince }, 'outbox relay publishing again');
          this.failingSince = null;
        }
        busy = r.claimed === batchSize && r.failed === 0;
      } catch (err) {
        this.logger.error({ err: (err as Error).message }, 'outbox relay pass failed');
      }
      if (!busy && !this.stopped) {
        await this.sleep(pollMs);
        // Woken by a commit soon after the last pass: the rows committed meanwhile are relayed together a moment
        // later (a pass's transaction, Redis calls and the dispatch job it queues cost the same for 1 row as for
        // 100; without this, every committing transaction set off a pass of its own).
        const rest = passStarted + RELAY_MIN_PASS_GAP_MS - Date.now();
        if (rest > 0 && !this.stopped) await new Promise((r) => setTimeout(r, rest));
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.pendingWake) {
      this.pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  private poke(): void {
    if (this.wake) this.wake();
    else this.pendingWake = true;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.poke();
    await this.loopDone;
    await this.listener?.stop();
    await this.sink?.close();
  }
}
