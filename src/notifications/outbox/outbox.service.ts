import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { JOBS } from '../../jobs/job-registry';
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

function toRow(m: OutboxMessage): Row {
  const id = (m.kind === 'notification' && m.id) || randomUUID();
  switch (m.kind) {
    case 'job':
      if (!(m.name in JOBS)) throw new Error(`Outbox: unknown job "${m.name}"`);
      if (!m.jobId || m.jobId.includes(':') || /^\d+$/.test(m.jobId)) {
        throw new Error(`Outbox: job id "${m.jobId}" must be non-empty, without ':' and not all digits`);
      }
      return { id, kind: 'JOB', topic: m.name, payload: m.payload, dedupeKey: m.dedupeKey ?? `job:${m.jobId}`, jobId: m.jobId, runAt: m.runAt ?? null };
    case 'notification':
      return { id, kind: 'NOTIFICATION', topic: m.payload.template, payload: m.payload, dedupeKey: m.dedupeKey ?? `notification:${id}`, jobId: null, runAt: null };
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
 */
@Injectable()
export class OutboxService {
  /** Adds one message; resolves to its row id, or null when its dedupe key was already there. */
  async add(manager: EntityManager, message: OutboxMessage): Promise<string | null> {
    const [id] = await this.addMany(manager, [message]);
    return id;
  }

  async addMany(manager: EntityManager, messages: OutboxMessage[]): Promise<(string | null)[]> {
    if (!messages.length) return [];
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxService.add needs the EntityManager of an open transaction');
    }
    const rows = messages.map(toRow);
    // The relay is woken at commit by one NOTIFY (repeats within a transaction are delivered once), sent by the
    // same statement when a row was stored.
    const inserted: { id: string }[] = await manager.query(
      `WITH stored AS (
         INSERT INTO outbox_message (id, kind, topic, payload, dedupe_key, job_id, run_at)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::timestamptz[])
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
      ],
    );
    const stored = new Set(inserted.map((r) => r.id));
    return rows.map((r) => (stored.has(r.id) ? r.id : null));
  }
}
