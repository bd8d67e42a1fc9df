import { MigrationInterface, QueryRunner } from 'typeorm';

/** When the notified change happened (the outbox row's time), sent to webhook receivers as occurredAt. */
export class NotificationOccurredAt1795400005001 implements MigrationInterface {
  name = 'NotificationOccurredAt1795400005001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_delivery ADD COLUMN occurred_at timestamptz NOT NULL DEFAULT now()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_delivery DROP COLUMN occurred_at`);
  }
}
