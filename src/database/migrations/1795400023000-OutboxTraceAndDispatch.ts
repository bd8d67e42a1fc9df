import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * - `trace_context`: the W3C `traceparent` of the span that wrote an outbox row (the request's, or the job's that
 *   wrote it on behalf of one) when tracing is on; the relay puts it into the job's data, so the worker's job span
 *   belongs to the request's trace. Null when tracing is off.
 * - `dispatched_at`: when a relayed NOTIFICATION row's `notifications.dispatch` job recorded its deliveries. A row
 *   relayed (`sent_at`) but not dispatched waits for the dispatch job named by `job_id` (the relay notes it on the
 *   row); the reconciler re-adds that job when Redis lost it. Rows relayed before this migration count as
 *   dispatched.
 */
export class OutboxTraceAndDispatch1795400023000 implements MigrationInterface {
  name = 'OutboxTraceAndDispatch1795400023000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_message ADD COLUMN trace_context text, ADD COLUMN dispatched_at timestamptz`);
    await q.query(`UPDATE outbox_message SET dispatched_at = sent_at WHERE kind = 'NOTIFICATION' AND sent_at IS NOT NULL`);
    await q.query(`
      CREATE INDEX outbox_message_undispatched_idx ON outbox_message (job_id)
       WHERE kind = 'NOTIFICATION' AND sent_at IS NOT NULL AND dispatched_at IS NULL`);
    // What the reconciler reads for directory imports waiting for their job.
    await q.query(`CREATE INDEX directory_import_queued_idx ON directory_import (id) WHERE status = 'QUEUED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX directory_import_queued_idx`);
    await q.query(`DROP INDEX outbox_message_undispatched_idx`);
    await q.query(`ALTER TABLE outbox_message DROP COLUMN dispatched_at, DROP COLUMN trace_context`);
  }
}
