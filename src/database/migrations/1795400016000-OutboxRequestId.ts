import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The id of the HTTP request (X-Request-Id) whose transaction wrote an outbox row, or of the job that wrote it on
 * behalf of one: the relay puts it into the job's data, and the worker's log lines for that job carry it, so one
 * id leads from the click to the job. Null for rows written outside a request (schedules, scripts).
 */
export class OutboxRequestId1795400016000 implements MigrationInterface {
  name = 'OutboxRequestId1795400016000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_message ADD COLUMN request_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_message DROP COLUMN request_id`);
  }
}
