import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the reconciler reads to rebuild timers from PostgreSQL: the referrals still waiting for an answer (their
 * deadline and reminder jobs), and the pending deliveries with the id of the job that carries them (a delivery
 * job is named after the set of deliveries one dispatch queued, which the rows alone do not tell).
 */
export class TimerReconciliation1795400015000 implements MigrationInterface {
  name = 'TimerReconciliation1795400015000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX referral_sent_idx ON referral (id) WHERE status = 'SENT'`);
    await q.query(`ALTER TABLE notification_delivery ADD COLUMN job_id text`);
    await q.query(`CREATE INDEX notification_delivery_pending_idx ON notification_delivery (job_id) WHERE status = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_delivery_pending_idx`);
    await q.query(`ALTER TABLE notification_delivery DROP COLUMN job_id`);
    await q.query(`DROP INDEX referral_sent_idx`);
  }
}
