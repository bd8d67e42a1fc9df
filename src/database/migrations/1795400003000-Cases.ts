import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clients, households, cases (with an append-only event log), needs, assessments, goals, consents, notes,
 * and the record of every match run. NIK is stored encrypted (AES-256-GCM) with a keyed hash for duplicate
 * detection; it is never stored in clear.
 */
export class Cases1795400003000 implements MigrationInterface {
  name = 'Cases1795400003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE client (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        full_name text NOT NULL,
        name_key text NOT NULL,
        birth_date date NOT NULL,
        birth_date_estimated boolean NOT NULL DEFAULT false,
        sex char(1) NOT NULL CHECK (sex IN ('F', 'M')),
        nik_ciphertext text,
        nik_hash text,
        kk_ciphertext text,
        phone text,
        address_line text,
        region_code varchar(13) NOT NULL REFERENCES region(code),
        regency_code varchar(13) NOT NULL,
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        languages text[] NOT NULL DEFAULT '{id}',
        contact_preference text NOT NULL DEFAULT 'PHONE' CHECK (contact_preference IN ('PHONE', 'SMS', 'WHATSAPP', 'VISIT', 'NONE')),
        safe_contact boolean NOT NULL DEFAULT false,
        safe_contact_note text,
        created_by uuid NOT NULL REFERENCES user_account(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE UNIQUE INDEX client_org_nik_uq ON client (organization_id, nik_hash) WHERE nik_hash IS NOT NULL`);
    await q.query(`CREATE INDEX client_duplicate_idx ON client (organization_id, name_key, birth_date, regency_code)`);
    await q.query(`CREATE INDEX client_name_trgm_idx ON client USING gin (name_key gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE household_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        full_name text NOT NULL,
        relationship text NOT NULL,
        birth_date date,
        sex char(1) CHECK (sex IN ('F', 'M'))
      )`);
    await q.query(`CREATE INDEX household_member_client_idx ON household_member (client_id)`);

    await q.query(`
      CREATE TABLE client_case (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL REFERENCES client(id),
        organization_id uuid NOT NULL REFERENCES organization(id),
        case_manager_id uuid NOT NULL REFERENCES user_account(id),
        stage text NOT NULL DEFAULT 'INTAKE'
          CHECK (stage IN ('INTAKE', 'ASSESSMENT', 'PLANNING', 'INTERVENTION', 'MONITORING', 'EVALUATION', 'CLOSED')),
        priority text NOT NULL CHECK (priority IN ('EMERGENCY', 'URGENT', 'ROUTINE')),
        auto_reroute boolean NOT NULL DEFAULT false,
        opened_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        closure_reason text,
        last_activity_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX client_case_client_idx ON client_case (client_id)`);
    await q.query(`CREATE INDEX client_case_org_idx ON client_case (organization_id, stage)`);
    await q.query(`CREATE INDEX client_case_manager_idx ON client_case (case_manager_id) WHERE stage <> 'CLOSED'`);

    // Append-only: every state change of a case (and of its needs) with actor and time.
    await q.query(`
      CREATE TABLE case_event (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES client_case(id),
        type text NOT NULL,
        need_id uuid,
        from_state text,
        to_state text,
        reason text,
        actor_id uuid REFERENCES user_account(id),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_event_case_idx ON case_event (case_id, id)`);
    await q.query(`
      CREATE FUNCTION case_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER case_event_append_only BEFORE UPDATE OR DELETE ON case_event FOR EACH ROW EXECUTE FUNCTION case_event_is_append_only()`);

    await q.query(`
      CREATE TABLE case_note (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES client_case(id),
        author_id uuid NOT NULL REFERENCES user_account(id),
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_note_case_idx ON case_note (case_id, created_at)`);

    await q.query(`
      CREATE TABLE need (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES client_case(id),
        category text NOT NULL REFERENCES need_category(code),
        description text,
        severity text NOT NULL CHECK (severity IN ('LOW', 'MODERATE', 'HIGH', 'CRITICAL')),
        status text NOT NULL DEFAULT 'OPEN'
          CHECK (status IN ('OPEN', 'REFERRED', 'BEING_SERVED', 'MET', 'NOT_MET', 'WITHDRAWN')),
        confirmed_indicators text[] NOT NULL DEFAULT '{}',
        last_match_result_count int,
        last_matched_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX need_case_idx ON need (case_id)`);
    await q.query(`CREATE INDEX need_category_status_idx ON need (category, status)`);

    await q.query(`
      CREATE TABLE assessment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES client_case(id),
        instrument text NOT NULL,
        instrument_version text NOT NULL,
        items jsonb NOT NULL,
        total numeric NOT NULL,
        baseline boolean NOT NULL DEFAULT false,
        taken_at timestamptz NOT NULL,
        recorded_by uuid NOT NULL REFERENCES user_account(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX assessment_case_idx ON assessment (case_id, instrument, taken_at)`);
    await q.query(`CREATE UNIQUE INDEX assessment_baseline_uq ON assessment (case_id, instrument) WHERE baseline`);

    await q.query(`
      CREATE TABLE goal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES client_case(id),
        term text NOT NULL CHECK (term IN ('SHORT', 'LONG')),
        description text NOT NULL,
        evaluation_criteria text NOT NULL,
        target_date date NOT NULL,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'ACHIEVED', 'PARTIALLY_ACHIEVED', 'NOT_ACHIEVED', 'CANCELLED')),
        attainment int CHECK (attainment BETWEEN 0 AND 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX goal_case_idx ON goal (case_id)`);

    await q.query(`
      CREATE TABLE consent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL REFERENCES client(id),
        case_id uuid REFERENCES client_case(id),
        categories text[] NOT NULL,
        purpose text NOT NULL,
        method text NOT NULL CHECK (method IN ('VERBAL', 'WRITTEN')),
        given_at timestamptz NOT NULL,
        recorded_by uuid NOT NULL REFERENCES user_account(id),
        withdrawn_at timestamptz,
        withdrawn_by uuid REFERENCES user_account(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT consent_categories_chk CHECK (categories <@ ARRAY['IDENTITY', 'CONTACT', 'NEEDS_SUMMARY', 'ASSESSMENT_DETAIL', 'HEALTH', 'LEGAL_HISTORY']::text[])
      )`);
    await q.query(`CREATE INDEX consent_client_idx ON consent (client_id) WHERE withdrawn_at IS NULL`);

    await q.query(`
      CREATE TABLE match_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid NOT NULL REFERENCES user_account(id),
        need_id uuid REFERENCES need(id),
        need_category text NOT NULL,
        region_code varchar(13),
        filters jsonb NOT NULL,
        candidate_ids uuid[] NOT NULL,
        excluded_ids uuid[] NOT NULL DEFAULT '{}',
        result_count int NOT NULL
      )`);
    await q.query(`CREATE INDEX match_run_need_idx ON match_run (need_id, at)`);
    await q.query(`CREATE INDEX match_run_zero_idx ON match_run (need_category, region_code, at) WHERE result_count = 0`);

    // Per-service referral history the matcher scores with; kept by the referrals module.
    await q.query(`
      CREATE TABLE service_referral_stats (
        service_id uuid PRIMARY KEY REFERENCES service(id) ON DELETE CASCADE,
        answered int NOT NULL DEFAULT 0,
        accepted int NOT NULL DEFAULT 0,
        median_accept_minutes numeric,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE service ADD COLUMN capacity_waitlist boolean NOT NULL DEFAULT false`);
    // Which provider declined which client: the matcher's penalty. Redefined by the referrals migration.
    await q.query(`CREATE VIEW referral_decline_history AS SELECT NULL::uuid AS client_id, NULL::uuid AS service_id WHERE false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW referral_decline_history`);
    await q.query(`ALTER TABLE service DROP COLUMN capacity_waitlist`);
    await q.query(`DROP TABLE service_referral_stats`);
    await q.query(`DROP TABLE match_run`);
    await q.query(`DROP TABLE consent`);
    await q.query(`DROP TABLE goal`);
    await q.query(`DROP TABLE assessment`);
    await q.query(`DROP TABLE need`);
    await q.query(`DROP TABLE case_note`);
    await q.query(`DROP TRIGGER case_event_append_only ON case_event`);
    await q.query(`DROP TABLE case_event`);
    await q.query(`DROP FUNCTION case_event_is_append_only()`);
    await q.query(`DROP TABLE client_case`);
    await q.query(`DROP TABLE household_member`);
    await q.query(`DROP TABLE client`);
  }
}
