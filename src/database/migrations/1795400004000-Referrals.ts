import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Referrals with their append-only event log. A referral snapshots the consent in force and the ranked
 * alternatives of the match that produced it; a re-routed referral links to the one it replaces.
 */
export class Referrals1795400004000 implements MigrationInterface {
  name = 'Referrals1795400004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referral (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES client_case(id),
        need_id uuid NOT NULL REFERENCES need(id),
        client_id uuid NOT NULL REFERENCES client(id),
        from_organization_id uuid NOT NULL REFERENCES organization(id),
        from_user_id uuid NOT NULL REFERENCES user_account(id),
        service_id uuid NOT NULL REFERENCES service(id),
        to_organization_id uuid NOT NULL REFERENCES organization(id),
        location_id uuid REFERENCES location(id),
        urgency text NOT NULL CHECK (urgency IN ('EMERGENCY', 'URGENT', 'ROUTINE')),
        note text,
        consent_categories text[] NOT NULL DEFAULT '{}',
        consent_ids uuid[] NOT NULL DEFAULT '{}',
        alternatives uuid[] NOT NULL DEFAULT '{}',
        match_run_id uuid REFERENCES match_run(id),
        eligibility_override text,
        attempt int NOT NULL DEFAULT 1 CHECK (attempt >= 1),
        previous_id uuid REFERENCES referral(id),
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN
          ('DRAFT', 'SENT', 'ACCEPTED', 'DECLINED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'CANCELLED', 'EXPIRED', 'FAILED')),
        version int NOT NULL DEFAULT 1,
        accept_by timestamptz,
        viewed_at timestamptz,
        appointment_at timestamptz,
        decline_reason text CHECK (decline_reason IN ('NO_CAPACITY', 'NOT_ELIGIBLE', 'OUTSIDE_SERVICE_AREA',
          'SERVICE_NOT_OFFERED', 'CLIENT_UNREACHABLE', 'CLIENT_DECLINED', 'DUPLICATE', 'OTHER')),
        status_reason text,
        outcome text CHECK (outcome IN ('NEED_MET', 'PARTIALLY_MET', 'NOT_MET')),
        suggested_next_service_id uuid REFERENCES service(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        answered_at timestamptz,
        closed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX referral_inbox_idx ON referral (to_organization_id, status, accept_by)`);
    await q.query(`CREATE INDEX referral_case_idx ON referral (case_id, created_at)`);
    await q.query(`CREATE INDEX referral_need_idx ON referral (need_id)`);
    await q.query(`CREATE INDEX referral_service_idx ON referral (service_id, status)`);
    await q.query(`CREATE INDEX referral_client_declined_idx ON referral (client_id, service_id) WHERE status = 'DECLINED'`);
    await q.query(`CREATE INDEX referral_from_org_idx ON referral (from_organization_id, status)`);

    await q.query(`
      CREATE TABLE referral_event (
        id bigserial PRIMARY KEY,
        referral_id uuid NOT NULL REFERENCES referral(id),
        from_status text,
        to_status text NOT NULL,
        action text NOT NULL,
        actor_id uuid REFERENCES user_account(id),
        actor_kind text NOT NULL CHECK (actor_kind IN ('SENDER', 'RECEIVER', 'SYSTEM')),
        reason text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX referral_event_referral_idx ON referral_event (referral_id, id)`);
    await q.query(`
      CREATE FUNCTION referral_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'referral_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER referral_event_append_only BEFORE UPDATE OR DELETE ON referral_event FOR EACH ROW EXECUTE FUNCTION referral_event_is_append_only()`);

    await q.query(`
      CREATE OR REPLACE VIEW referral_decline_history AS
        SELECT DISTINCT client_id, service_id FROM referral WHERE status = 'DECLINED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE VIEW referral_decline_history AS SELECT NULL::uuid AS client_id, NULL::uuid AS service_id WHERE false`);
    await q.query(`DROP TRIGGER referral_event_append_only ON referral_event`);
    await q.query(`DROP TABLE referral_event`);
    await q.query(`DROP FUNCTION referral_event_is_append_only()`);
    await q.query(`DROP TABLE referral`);
  }
}
