import { Logger } from '@nestjs/common';
import { Client } from 'pg';

export interface PgListenerOptions {
  url: string;
  channel: string;
  applicationName: string;
  /** Called for every NOTIFY on the channel, with its payload ('' when none). */
  onNotify: (payload: string) => void;
  /** Called when LISTEN is in force again after start or a loss (notifications may have been missed meanwhile). */
  onListening?: () => void;
  /** Called when the connection is lost: from now until onListening, notifications are not heard. */
  onLost?: () => void;
  retryMs?: number;
}

/**
 * One dedicated connection LISTENing on a Postgres channel, reconnecting after a loss. NOTIFY is delivered at
 * commit and dropped on rollback, so a listener hears exactly the committed changes, but none sent while it
 * was disconnected: users of it must treat onLost/onListening as "anything may have changed".
 */
export class PgListener {
  private client?: Client;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private readonly logger: Logger;

  constructor(private readonly o: PgListenerOptions) {
    this.logger = new Logger(`PgListener:${o.channel}`);
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  start(): void {
    void this.connect();
  }

  private retry(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.connect(), this.o.retryMs ?? 5_000);
    this.timer.unref();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.o.url, application_name: this.o.applicationName });
    client.on('notification', (msg) => this.o.onNotify(msg.payload ?? ''));
    client.on('error', (err) => {
      client.end().catch(() => undefined);
      if (this.client !== client) return; // a failed connect: its catch below retries
      this.logger.warn({ err: err.message }, `LISTEN ${this.o.channel} connection lost; reconnecting`);
      this.client = undefined;
      this.o.onLost?.();
      this.retry();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.o.channel}`);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, `LISTEN ${this.o.channel} unavailable; retrying`);
      client.end().catch(() => undefined);
      this.retry();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.o.onListening?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
