import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transactional outbox, per-organisation webhooks and notification deliveries.
 * outbox_message rows are written in the caller's transaction and published by the worker's relay; payloads
 * hold ids only. notification_delivery is one row per (notification, channel, recipient): its status is the
 * delivery's truth and DEAD rows are the dead-letter list.
 */
export class Notifications1795400005000 implements MigrationInterface {
  name = 'Notifications1795400005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('JOB', 'NOTIFICATION', 'EVENT')),
        topic text NOT NULL,
        payload jsonb NOT NULL,
        dedupe_key text NOT NULL,
        job_id text,
        run_at timestamptz,
        deliver_after timestamptz NOT NULL DEFAULT now(),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT outbox_message_dedupe_uq UNIQUE (dedupe_key),
        CONSTRAINT outbox_message_job_chk CHECK (kind <> 'JOB' OR job_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX outbox_message_pending_idx ON outbox_message (deliver_after) WHERE sent_at IS NULL`);
    await q.query(`CREATE INDEX outbox_message_sent_idx ON outbox_message (sent_at) WHERE sent_at IS NOT NULL`);

    await q.query(`
      CREATE TABLE organization_webhook (
        organization_id uuid PRIMARY KEY REFERENCES organization(id) ON DELETE CASCADE,
        url text NOT NULL,
        secret text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        secret_rotated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE notification_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notification_id uuid NOT NULL,
        template text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('WEBHOOK', 'EMAIL', 'SMS')),
        organization_id uuid REFERENCES organization(id) ON DELETE CASCADE,
        user_id uuid REFERENCES user_account(id) ON DELETE CASCADE,
        data jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'DEAD', 'SKIPPED')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        last_status_code int,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        dead_at timestamptz,
        CONSTRAINT notification_delivery_recipient_chk CHECK (organization_id IS NOT NULL OR user_id IS NOT NULL),
        CONSTRAINT notification_delivery_uq UNIQUE NULLS NOT DISTINCT (notification_id, channel, organization_id, user_id)
      )`);
    await q.query(`CREATE INDEX notification_delivery_dead_idx ON notification_delivery (dead_at DESC, id) WHERE status = 'DEAD'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_delivery`);
    await q.query(`DROP TABLE organization_webhook`);
    await q.query(`DROP TABLE outbox_message`);
  }
}
