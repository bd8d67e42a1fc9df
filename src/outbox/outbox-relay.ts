import type { DataSource } from 'typeorm';
import { dispatchGroups, dispatchJobId, type OutboxSink } from './outbox-publisher';
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
 * ignores the second add while it keeps the job), notifications are dispatched in jobs named by their
 * rows' ids (the same rows again: ignored; in another grouping: dispatched again, and their deliveries are
 * unique per (notification, channel, recipient), so a delivery already made is not repeated), and
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
          `SELECT id, kind, topic, payload, job_id AS "jobId", run_at AS "runAt", attempts, created_at AS "createdAt",
                  request_id AS "requestId", trace_context AS "traceContext"
             FROM outbox_message
            WHERE sent_at IS NULL AND deliver_after <= now()
            ORDER BY deliver_after
            LIMIT $1
            FOR UPDATE SKIP LOCKED`,
          [this.options.batchSize],
        )
      ).map((r: OutboxRow) => ({ ...r, runAt: r.runAt ? new Date(r.runAt) : null, createdAt: new Date(r.createdAt) }));
      if (!rows.length) return { claimed: 0, sent: 0, failed: 0 };

      // A NOTIFICATION row is both a job (its dispatch) and an event (its in-app message): it is sent when both
      // were published, and tried again (both; repeats are harmless, see above) when either failed.
      const now = new Date();
      const groups = [
        { rows: rows.filter((r) => r.kind !== 'EVENT'), publish: (g: OutboxRow[]) => this.sink.addJobs(g, now) },
        { rows: rows.filter((r) => r.kind === 'EVENT' || r.kind === 'NOTIFICATION'), publish: (g: OutboxRow[]) => this.sink.publishEvents(g) },
      ];
      const errors = new Map<string, string>();
      for (const group of groups) {
        if (!group.rows.length) continue;
        try {
          await withTimeout(group.publish(group.rows), PUBLISH_TIMEOUT_MS);
        } catch (err) {
          const error = String((err as Error)?.message ?? err).slice(0, 500);
          for (const r of group.rows) if (!errors.has(r.id)) errors.set(r.id, error);
        }
      }
      const sent = rows.filter((r) => !errors.has(r.id)).map((r) => r.id);
      const failed = rows.filter((r) => errors.has(r.id));

      if (sent.length) {
        // A NOTIFICATION row notes the id of its dispatch job: until that job has run (dispatched_at), the
        // reconciler adds it again if Redis loses it. `id = ANY` finds the rows by primary key (the planner cannot
        // estimate the recordset and would scan the outbox).
        const dispatchJobs = new Map(dispatchGroups(rows).flatMap((g) => g.map((r) => [r.id, dispatchJobId(g)] as const)));
        await tx.query(
          `UPDATE outbox_message m SET sent_at = now(), attempts = m.attempts + 1, last_error = NULL, job_id = coalesce(s.job_id, m.job_id)
             FROM unnest($1::uuid[], $2::text[]) AS s(id, job_id)
            WHERE m.id = ANY($1::uuid[]) AND m.id = s.id`,
          [sent, sent.map((id) => dispatchJobs.get(id) ?? null)],
        );
      }
      if (failed.length) {
        await tx.query(
          `UPDATE outbox_message m SET attempts = m.attempts + 1, last_error = d.error,
                  deliver_after = clock_timestamp() + make_interval(secs => d.delay_ms / 1000.0)
             FROM unnest($1::uuid[], $2::int[], $3::text[]) AS d(id, delay_ms, error)
            WHERE m.id = ANY($1::uuid[]) AND m.id = d.id`,
          [
            failed.map((r) => r.id),
            failed.map((r) => relayRetryDelayMs(r.attempts + 1, this.options.retryBaseMs, this.options.retryMaxMs)),
            failed.map((r) => errors.get(r.id)!),
          ],
        );
      }
      return { claimed: rows.length, sent: sent.length, failed: failed.length, error: failed.length ? errors.get(failed[0].id) : undefined };
    });
  }
}
