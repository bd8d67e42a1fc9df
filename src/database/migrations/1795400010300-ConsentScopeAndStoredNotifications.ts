import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consent that names its recipients or its referral; what a referral shared when it was sent; per-user stored
 * notifications.
 *
 * consent.recipient_organization_ids empty means "any recipient" (consents recorded before recipients could be
 * named keep their meaning); consent.referral_id, when set, limits the consent to that referral.
 * referral.shared_categories / share_mode / share_reason are set when the referral is sent (null before):
 * the categories consented for its recipient, or the case manager's choice to send without identifying data
 * and why. Referrals sent before this migration keep the consent snapshot they were drafted with.
 * referral_event.sharing records the same decision on the SENT event.
 * user_notification holds one row per (notification, user): the notification id is the outbox row's id, so a
 * dispatch delivered twice writes once.
 */
export class ConsentScopeAndStoredNotifications1795400010300 implements MigrationInterface {
  name = 'ConsentScopeAndStoredNotifications1795400010300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE consent
        ADD COLUMN recipient_organization_ids uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN referral_id uuid REFERENCES referral(id) ON DELETE CASCADE`);
    await q.query(`
      ALTER TABLE referral
        ADD COLUMN shared_categories text[],
        ADD COLUMN share_mode text CHECK (share_mode IN ('CONSENT', 'WITHOUT_IDENTIFYING_DATA')),
        ADD COLUMN share_reason text,
        ADD CONSTRAINT referral_share_reason_chk CHECK (share_mode IS DISTINCT FROM 'WITHOUT_IDENTIFYING_DATA' OR share_reason IS NOT NULL)`);
    await q.query(`UPDATE referral SET shared_categories = consent_categories, share_mode = 'CONSENT' WHERE sent_at IS NOT NULL`);
    await q.query(`ALTER TABLE referral_event ADD COLUMN sharing jsonb`);
    await q.query(`
      CREATE TABLE user_notification (
        user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        notification_id uuid NOT NULL,
        template text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        referral_id uuid,
        case_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        PRIMARY KEY (user_id, notification_id)
      )`);
    await q.query(`CREATE INDEX user_notification_list_idx ON user_notification (user_id, created_at DESC, notification_id DESC)`);
    await q.query(`CREATE INDEX user_notification_unread_idx ON user_notification (user_id, created_at DESC, notification_id DESC) WHERE read_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_notification`);
    await q.query(`ALTER TABLE referral_event DROP COLUMN sharing`);
    await q.query(`ALTER TABLE referral DROP CONSTRAINT referral_share_reason_chk, DROP COLUMN share_reason, DROP COLUMN share_mode, DROP COLUMN shared_categories`);
    await q.query(`ALTER TABLE consent DROP COLUMN referral_id, DROP COLUMN recipient_organization_ids`);
  }
}
