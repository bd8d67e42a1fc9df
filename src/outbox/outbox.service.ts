import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { currentTraceparent } from '../common/tracing';
import { JOBS, TIMER_SETS } from '../jobs/job-registry';
import { requestIdOf } from '../jobs/job-request-id';
import { OutboxKind, OutboxMessage } from './outbox.types';

/** The Postgres channel the relay LISTENs on; NOTIFY is delivered at commit and dropped on rollback. */
export const OUTBOX_NOTIFY_CHANNEL = 'rujuk_outbox';

interface Row {
  id: string;
  kind: OutboxKind;
  topic: string;
  payload: unknown;
  dedupeKey: string;
  jobId: string | null;
  runAt: Date | null;
}

/**
 * A row id whose first 48 bits are the time in ms (the layout of RFC 9562's version 7; the rest random): the rows
 * of a moment sit together at the end of the primary key (and of notification_delivery's key, which starts with
 * the notification's id), instead of each insert, and the relay's update of each row, landing on a random leaf
 * page of an index that grows with every message ever written: fewer pages touched per message, fewer full-page
 * images in the WAL after a checkpoint, and a working set that does not grow with the table.
 */
export function timeOrderedUuid(now: number = Date.now()): string {
  const t = Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12);
  const r = randomUUID(); // xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx: keeps its random bits and variant after the version
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${r.slice(15)}`;
}

function toRow(m: OutboxMessage): Row {
  const id = (m.kind === 'notification' && m.id) || timeOrderedUuid();
  switch (m.kind) {
    case 'job':
      if (!(m.name in JOBS)) throw new Error(`Outbox: unknown job "${m.name}"`);
      if (m.runAt && JOBS[m.name].recovery !== 'reconciled') {
        throw new Error(`Outbox: job "${m.name}" is delayed (runAt) but not a reconciled timer (JOBS[...].recovery): a Redis wipe would lose it`);
      }
      if (!m.jobId || m.jobId.includes(':') || /^\d+$/.test(m.jobId)) {
        throw new Error(`Outbox: job id "${m.jobId}" must be non-empty, without ':' and not all digits`);
      }
      return { id, kind: 'JOB', topic: m.name, payload: m.payload, dedupeKey: m.dedupeKey ?? `job:${m.jobId}`, jobId: m.jobId, runAt: m.runAt ?? null };
    case 'notification':
      return { id, kind: 'NOTIFICATION', topic: m.payload.template, payload: m.payload, dedupeKey: m.dedupeKey ?? `notification:${id}`, jobId: null, runAt: null };
    case 'timer':
      if (!(m.set in TIMER_SETS)) throw new Error(`Outbox: unknown timer set "${m.set}"`);
      if (!m.member || /\s/.test(m.member)) throw new Error(`Outbox: timer member "${m.member}" must be non-empty, without spaces`);
      return {
        id, kind: 'TIMER', topic: m.set, payload: { member: m.member }, dedupeKey: m.dedupeKey ?? `timer:${m.set}:${m.member}:${m.runAt.toISOString()}`,
        jobId: null, runAt: m.runAt,
      };
    case 'event': {
      const channels = typeof m.channel === 'string' ? [m.channel] : m.channel;
      if (!channels.length || channels.some((c) => !c || /\s/.test(c))) throw new Error(`Outbox: event channels ${JSON.stringify(channels)} must be non-empty, without spaces`);
      return { id, kind: 'EVENT', topic: channels.join(' '), payload: m.payload, dedupeKey: m.dedupeKey ?? `event:${id}`, jobId: null, runAt: null };
    }
    default: {
      const unknownKind: never = m;
      throw new Error(`Outbox: unknown message ${JSON.stringify(unknownKind)}`);
    }
  }
}

/**
 * Writes outbox rows in the caller's transaction. Call it with the EntityManager of the transaction that
 * changes the state the message is about, so the message exists if and only if the change committed.
 * A message whose dedupe key is already stored is ignored (returns false for it).
 *
 * `cause` is who or what made the change, as requestContextOf understands it: the acting viewer or link (an actor
 * of its request, actorInRequest) or the request itself. Its request id is stored with the rows and travels on
 * into the jobs' data (job-request-id.ts); without a cause (a job acting), the id of the job now running.
 */
@Injectable()
export class OutboxService {
  /** Adds one message; resolves to its row id, or null when its dedupe key was already there. */
  async add(manager: EntityManager, message: OutboxMessage, cause?: object): Promise<string | null> {
    const [id] = await this.addMany(manager, [message], cause);
    return id;
  }

  async addMany(manager: EntityManager, messages: OutboxMessage[], cause?: object): Promise<(string | null)[]> {
    if (!messages.length) return [];
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxService.add needs the EntityManager of an open transaction');
    }
    const rows = messages.map(toRow);
    // The relay is woken at commit by one NOTIFY (repeats within a transaction are delivered once), sent by the
    // same statement when a row was stored.
    const inserted: { id: string }[] = await manager.query(
      `WITH stored AS (
         INSERT INTO outbox_message (id, kind, topic, payload, dedupe_key, job_id, run_at, request_id, trace_context)
         SELECT *, $9::text, $10::text FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::timestamptz[])
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id)
       SELECT stored.id FROM stored CROSS JOIN LATERAL (SELECT pg_notify($8, '')) AS woken`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.kind),
        rows.map((r) => r.topic),
        rows.map((r) => JSON.stringify(r.payload)),
        rows.map((r) => r.dedupeKey),
        rows.map((r) => r.jobId),
        rows.map((r) => r.runAt?.toISOString() ?? null),
        OUTBOX_NOTIFY_CHANNEL,
        // The request (or the job acting for one) that caused the change: it travels on into the job's data.
        requestIdOf(cause),
        // With tracing on, the span writing the row (the request's or the job's): the job's span joins its trace.
        currentTraceparent(),
      ],
    );
    const stored = new Set(inserted.map((r) => r.id));
    return rows.map((r) => (stored.has(r.id) ? r.id : null));
  }
}
