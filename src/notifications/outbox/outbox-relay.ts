import type { DataSource } from 'typeorm';
import type { OutboxSink } from './outbox-publisher';
import { relayRetryDelayMs } from './outbox-timing';
import type { OutboxRow } from './outbox.types';

/** A publish that takes longer counts as failed (the rows stay locked meanwhile); it may still land: harmless. */
const PUBLISH_TIMEOUT_MS = 15_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`publish timed out after ${ms} ms`)), ms);
    }),
  ]);
}

export interface RelayOptions {
  batchSize: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

export interface RelayResult {
  claimed: number;
  sent: number;
  failed: number;
  /** The first publish error of the batch, for the log (no payloads in it). */
  error?: string;
}

/**
 * One relay pass: claims up to `batchSize` due, unsent rows with FOR UPDATE SKIP LOCKED (so several
 * relays never hold the same row), publishes them, and in the same transaction marks them sent, or
 * records the error and pushes `deliver_after` back (exponential, capped) for the ones that failed.
 *
 * At least once: a relay that dies after publishing and before committing leaves the rows unsent, and
 * they are published again. That is harmless by construction: jobs carry deterministic ids (BullMQ
 * ignores the second add while it keeps the job), a notification is dispatched under the id
 * `notification__<row id>` and its deliveries are unique per (notification, channel, recipient), and
 * subscription events carry ids that clients refetch.
 */
export class OutboxRelay {
  constructor(
    private readonly db: DataSource,
    private readonly sink: OutboxSink,
    private readonly options: RelayOptions,
  ) {}

  async relayOnce(): Promise<RelayResult> {
    return this.db.transaction(async (tx) => {
      const rows: OutboxRow[] = (
        await tx.query(
          `SELECT id, kind, topic, payload, job_id AS "jobId", run_at AS "runAt", attempts, created_at AS "createdAt"
             FROM outbox_message
            WHERE sent_at IS NULL AND deliver_after <= now()
            ORDER BY deliver_after
            LIMIT $1
            FOR UPDATE SKIP LOCKED`,
          [this.options.batchSize],
        )
      ).map((r: OutboxRow) => ({ ...r, runAt: r.runAt ? new Date(r.runAt) : null, createdAt: new Date(r.createdAt) }));
      if (!rows.length) return { claimed: 0, sent: 0, failed: 0 };

      const now = new Date();
      const jobs = rows.filter((r) => r.kind !== 'EVENT');
      const events = rows.filter((r) => r.kind === 'EVENT');
      const sent: string[] = [];
      const failed: { rows: OutboxRow[]; error: string }[] = [];
      for (const [group, publish] of [
        [jobs, () => this.sink.addJobs(jobs, now)],
        [events, () => this.sink.publishEvents(events)],
      ] as const) {
        if (!group.length) continue;
        try {
          await withTimeout(publish(), PUBLISH_TIMEOUT_MS);
          sent.push(...group.map((r) => r.id));
        } catch (err) {
          failed.push({ rows: group, error: String((err as Error)?.message ?? err).slice(0, 500) });
        }
      }

      if (sent.length) {
        await tx.query(`UPDATE outbox_message SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::uuid[])`, [sent]);
      }
      for (const f of failed) {
        const delays = f.rows.map((r) => relayRetryDelayMs(r.attempts + 1, this.options.retryBaseMs, this.options.retryMaxMs));
        await tx.query(
          `UPDATE outbox_message m SET attempts = m.attempts + 1, last_error = $3,
                  deliver_after = clock_timestamp() + make_interval(secs => d.delay_ms / 1000.0)
             FROM unnest($1::uuid[], $2::int[]) AS d(id, delay_ms)
            WHERE m.id = d.id`,
          [f.rows.map((r) => r.id), delays, f.error],
        );
      }
      const failedCount = failed.reduce((n, f) => n + f.rows.length, 0);
      return { claimed: rows.length, sent: sent.length, failed: failedCount, error: failed[0]?.error };
    });
  }
}
