import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox rows of kind TIMER: a member of a Redis timer set (e.g. a sent referral's next deadline) that the relay
 * adds to its set after the commit, as it adds a JOB row's BullMQ job.
 */
export class OutboxTimers1795400050000 implements MigrationInterface {
  name = 'OutboxTimers1795400050000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_kind_check`);
    await q.query(`ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_kind_check CHECK (kind IN ('JOB', 'NOTIFICATION', 'EVENT', 'TIMER'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM outbox_message WHERE kind = 'TIMER'`);
    await q.query(`ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_kind_check`);
    await q.query(`ALTER TABLE outbox_message ADD CONSTRAINT outbox_message_kind_check CHECK (kind IN ('JOB', 'NOTIFICATION', 'EVENT'))`);
  }
}
