import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Follow-up tasks after a referral is accepted, and their append-only history.
 *
 * follow_up: one task of a case (optionally of one referral): its kind, whom to contact (the client or the
 * provider organisation), when it is due, the case manager it is assigned to, its status and attempts, and
 * once done the channel, whether the person was reached, the result and notes. `dedupe_key` is unique: a task
 * scheduled by a job is keyed `<kind>:<referral or case>:<sequence>`, so a job delivered twice creates one task.
 * `notified_at` and `escalated_at` make the due notice and the supervisors' escalation happen once.
 * follow_up_event: every state change (created, attempted, done, rescheduled, cancelled, escalated) with its
 * actor and time; the database refuses UPDATE and DELETE on it.
 * client_case.unreachable_since: set when three attempts in a row did not reach the client, cleared when one does.
 */
export class FollowUps1795400011000 implements MigrationInterface {
  name = 'FollowUps1795400011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE follow_up (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES client_case(id) ON DELETE CASCADE,
        referral_id uuid REFERENCES referral(id) ON DELETE CASCADE,
        organization_id uuid NOT NULL,
        provider_organization_id uuid,
        kind text NOT NULL CHECK (kind IN ('ATTENDANCE_CHECK', 'PROVIDER_CHECK', 'OUTCOME_CHECK', 'REASSESSMENT', 'STALE_CASE', 'CUSTOM')),
        contact_target text NOT NULL CHECK (contact_target IN ('CLIENT', 'PROVIDER')),
        sequence int NOT NULL DEFAULT 1,
        dedupe_key text UNIQUE,
        due_at timestamptz NOT NULL,
        assignee_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DONE', 'MISSED', 'CANCELLED')),
        attempts int NOT NULL DEFAULT 0,
        channel text CHECK (channel IN ('PHONE', 'VISIT', 'SMS', 'EMAIL', 'OFFICE', 'PARTNER_IN_RUJUK')),
        reached boolean,
        result text CHECK (result IN ('ATTENDED', 'NOT_ATTENDED', 'SERVICE_RECEIVED', 'SERVICE_NOT_RECEIVED', 'NEED_MET', 'NEED_NOT_MET', 'OTHER')),
        notes text,
        reassessment_instrument text,
        status_reason text,
        notified_at timestamptz,
        escalated_at timestamptz,
        completed_at timestamptz,
        completed_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT follow_up_provider_chk CHECK (contact_target = 'CLIENT' OR provider_organization_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX follow_up_case_idx ON follow_up (case_id, due_at)`);
    await q.query(`CREATE INDEX follow_up_referral_idx ON follow_up (referral_id) WHERE referral_id IS NOT NULL`);
    await q.query(`CREATE INDEX follow_up_org_due_idx ON follow_up (organization_id, due_at, id)`);
    await q.query(`CREATE INDEX follow_up_assignee_idx ON follow_up (assignee_id, due_at) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX follow_up_provider_idx ON follow_up (provider_organization_id, due_at) WHERE kind = 'PROVIDER_CHECK'`);
    await q.query(`CREATE INDEX follow_up_unnotified_idx ON follow_up (due_at) WHERE status = 'PENDING' AND notified_at IS NULL`);
    await q.query(`CREATE INDEX follow_up_unescalated_idx ON follow_up (due_at) WHERE status = 'PENDING' AND escalated_at IS NULL`);
    await q.query(`
      CREATE TABLE follow_up_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        follow_up_id uuid NOT NULL REFERENCES follow_up(id) ON DELETE CASCADE,
        case_id uuid NOT NULL,
        type text NOT NULL,
        from_status text,
        to_status text,
        actor_id uuid,
        actor_kind text NOT NULL CHECK (actor_kind IN ('CASE_MANAGER', 'PARTNER', 'SYSTEM')),
        channel text,
        reached boolean,
        result text,
        reason text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX follow_up_event_task_idx ON follow_up_event (follow_up_id, id)`);
    await q.query(`CREATE INDEX follow_up_event_case_idx ON follow_up_event (case_id, id)`);
    await q.query(`
      CREATE FUNCTION follow_up_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'follow_up_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER follow_up_event_append_only BEFORE UPDATE OR DELETE ON follow_up_event FOR EACH ROW EXECUTE FUNCTION follow_up_event_is_append_only()`);
    await q.query(`ALTER TABLE client_case ADD COLUMN unreachable_since timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE client_case DROP COLUMN unreachable_since`);
    await q.query(`DROP TRIGGER follow_up_event_append_only ON follow_up_event`);
    await q.query(`DROP TABLE follow_up_event`);
    await q.query(`DROP FUNCTION follow_up_event_is_append_only()`);
    await q.query(`DROP TABLE follow_up`);
  }
}
