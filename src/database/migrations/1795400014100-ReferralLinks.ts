import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single-referral links for receiving organisations without an account. A link is bound to one referral and
 * the organisation it was sent to, valid until the acceptance deadline and revoked when the referral is
 * answered, cancelled (or redirected away) or expires. Only a hash of the token's MAC is stored (token_hash);
 * the token is recomputed from the link id where it is sent. A referral event done through a link names it
 * (actor_kind LINK, actor_link_id).
 */
export class ReferralLinks1795400014100 implements MigrationInterface {
  name = 'ReferralLinks1795400014100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referral_link (
        id uuid PRIMARY KEY,
        referral_id uuid NOT NULL REFERENCES referral(id),
        organization_id uuid NOT NULL REFERENCES organization(id),
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_reason text
      )`);
    await q.query(`CREATE INDEX referral_link_referral_idx ON referral_link (referral_id) WHERE revoked_at IS NULL`);
    await q.query(`ALTER TABLE referral_event ADD COLUMN actor_link_id uuid REFERENCES referral_link(id)`);
    await q.query(`ALTER TABLE referral_event DROP CONSTRAINT referral_event_actor_kind_check`);
    await q.query(`ALTER TABLE referral_event ADD CONSTRAINT referral_event_actor_kind_check CHECK (actor_kind IN ('SENDER', 'RECEIVER', 'SYSTEM', 'LINK'))`);
    await q.query(`ALTER TABLE referral_event ADD CONSTRAINT referral_event_link_actor_check CHECK ((actor_kind = 'LINK') = (actor_link_id IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE referral_event DROP CONSTRAINT referral_event_link_actor_check`);
    await q.query(`ALTER TABLE referral_event DROP CONSTRAINT referral_event_actor_kind_check`);
    // Events recorded through links stay: they are kept as the receiver's (the trail is append-only).
    await q.query(`ALTER TABLE referral_event DISABLE TRIGGER referral_event_append_only`);
    await q.query(`UPDATE referral_event SET actor_kind = 'RECEIVER' WHERE actor_kind = 'LINK'`);
    await q.query(`ALTER TABLE referral_event ENABLE TRIGGER referral_event_append_only`);
    await q.query(`ALTER TABLE referral_event ADD CONSTRAINT referral_event_actor_kind_check CHECK (actor_kind IN ('SENDER', 'RECEIVER', 'SYSTEM'))`);
    await q.query(`ALTER TABLE referral_event DROP COLUMN actor_link_id`);
    await q.query(`DROP TABLE referral_link`);
  }
}
