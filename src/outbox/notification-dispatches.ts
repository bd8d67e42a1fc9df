import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PendingTimer, TimerSource, TimerSourceProvider } from '../jobs/timer-source.decorator';
import { dispatchJobOf } from './outbox-publisher';
import type { OutboxRow } from './outbox.types';

/**
 * Relayed notifications waiting for their dispatch: the relay notes on each NOTIFICATION row the id of the
 * `notifications.dispatch` job it added (`job_id`), and the job, once it has recorded the notification's
 * deliveries and in-app rows, notes `dispatched_at`. In between the job must be in its queue; the reconciler adds
 * the one Redis lost again, under the same id and with the same data (dispatchJobOf, as the relay made it), due at
 * once. Dispatching twice is harmless: deliveries and in-app rows are unique per notification and recipient.
 */
@Injectable()
@TimerSource('notifications.dispatch')
export class NotificationDispatches implements TimerSourceProvider<'notifications.dispatch'> {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Notes the notifications as dispatched (their rows leave the reconciler's list). */
  async markDispatched(notificationIds: string[]): Promise<void> {
    if (!notificationIds.length) return;
    await this.db.query(
      `UPDATE outbox_message SET dispatched_at = now() WHERE id = ANY($1::uuid[]) AND kind = 'NOTIFICATION' AND dispatched_at IS NULL`,
      [notificationIds],
    );
  }

  /** Dispatch jobs whose notifications were relayed before `writtenBefore` and not dispatched, by job id. */
  async pending(after: string | null, limit: number, writtenBefore: Date): Promise<PendingTimer<'notifications.dispatch'>[]> {
    const rows: (OutboxRow & { createdAt: string | Date })[] = await this.db.query(
      `WITH jobs AS (
         SELECT DISTINCT job_id FROM outbox_message
          WHERE kind = 'NOTIFICATION' AND sent_at IS NOT NULL AND dispatched_at IS NULL AND job_id IS NOT NULL
            AND sent_at < $3 AND ($1::text IS NULL OR job_id > $1)
          ORDER BY job_id
          LIMIT $2)
       SELECT m.id, m.kind, m.topic, m.payload, m.job_id AS "jobId", m.run_at AS "runAt", m.attempts, m.created_at AS "createdAt",
              m.request_id AS "requestId", m.trace_context AS "traceContext"
         FROM outbox_message m JOIN jobs ON m.job_id = jobs.job_id
        WHERE m.kind = 'NOTIFICATION' AND m.sent_at IS NOT NULL AND m.dispatched_at IS NULL
        ORDER BY m.job_id, m.created_at, m.id`,
      [after, limit, writtenBefore],
    );
    const groups = new Map<string, OutboxRow[]>();
    for (const r of rows) {
      const list = groups.get(r.jobId!) ?? [];
      list.push({ ...r, createdAt: new Date(r.createdAt) });
      groups.set(r.jobId!, list);
    }
    return [...groups].map(([jobId, group]) => {
      const job = dispatchJobOf(group);
      return { key: jobId, jobId, data: job.data as PendingTimer<'notifications.dispatch'>['data'], runAt: null };
    });
  }
}
