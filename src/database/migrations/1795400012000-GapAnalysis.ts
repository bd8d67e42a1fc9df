import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Gap analysis: runs and their immutable snapshots (docs/gaps.md).
 *
 * `gap_analysis_run` is one requested or scheduled analysis of a scope (a province, a regency, or the whole
 * network when region_code is NULL). At most one run per scope is pending (QUEUED or RUNNING): a second request
 * while one is pending joins it (the partial unique index). A finished run (SUCCEEDED, FAILED) never changes.
 *
 * `gap_snapshot_cell` holds the figures of a run: one row per region x need category x service type at the
 * regency level, rolled up to the province and the whole network. Rows are written once, in the transaction
 * that finishes the run; UPDATE and DELETE are refused for everyone by statement triggers (as for audit_event),
 * so a snapshot read next year says what was measured then. TRUNCATE stays possible for the test harness and
 * for an operator wiping the history on purpose.
 */
export class GapAnalysis1795400012000 implements MigrationInterface {
  name = 'GapAnalysis1795400012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gap_analysis_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_code varchar(13) REFERENCES region(code),
        status text NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
        window_days int NOT NULL CHECK (window_days BETWEEN 1 AND 3660),
        requested_by uuid REFERENCES user_account(id),
        requested_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        as_of timestamptz,
        cell_count int,
        sql_ms int,
        error text
      )`);
    await q.query(`
      CREATE UNIQUE INDEX gap_analysis_run_pending_uq ON gap_analysis_run ((coalesce(region_code, '')))
       WHERE status IN ('QUEUED', 'RUNNING')`);
    await q.query(`CREATE INDEX gap_analysis_run_done_idx ON gap_analysis_run (as_of DESC) WHERE status = 'SUCCEEDED'`);
    await q.query(`
      CREATE FUNCTION gap_analysis_run_finished_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.status IN ('SUCCEEDED', 'FAILED') THEN
          RAISE EXCEPTION 'gap_analysis_run %: a finished run is final (% refused)', OLD.id, TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER gap_analysis_run_final BEFORE UPDATE OR DELETE ON gap_analysis_run
      FOR EACH ROW EXECUTE FUNCTION gap_analysis_run_finished_is_final()`);

    await q.query(`
      CREATE TABLE gap_snapshot_cell (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES gap_analysis_run(id),
        level text NOT NULL CHECK (level IN ('REGENCY', 'PROVINCE', 'NETWORK')),
        region_code varchar(13),
        need_category text NOT NULL,
        service_type text NOT NULL,
        needs int NOT NULL,
        open_needs int NOT NULL,
        unmatched_needs int NOT NULL,
        referrals_sent int NOT NULL,
        accepted int NOT NULL,
        declined int NOT NULL,
        supply_declines int NOT NULL,
        capacity_declines int NOT NULL,
        expired int NOT NULL,
        decided int NOT NULL,
        covering_services int NOT NULL,
        capacity_reporting int NOT NULL,
        capacity_available int,
        capacity_maximum int,
        acceptance_rate numeric,
        median_accept_hours numeric,
        p90_accept_hours numeric,
        gap_level text NOT NULL CHECK (gap_level IN ('NONE', 'LOW', 'HIGH', 'CRITICAL')),
        gap_reason text NOT NULL,
        level_rank smallint NOT NULL,
        CONSTRAINT gap_snapshot_cell_region_chk CHECK ((level = 'NETWORK') = (region_code IS NULL))
      )`);
    await q.query(`
      CREATE UNIQUE INDEX gap_snapshot_cell_uq ON gap_snapshot_cell
        (run_id, level, (coalesce(region_code, '')), need_category, service_type)`);
    // serviceGaps: a run's cells by severity; gapTrend: one region and category across runs.
    await q.query(`CREATE INDEX gap_snapshot_cell_severity_idx ON gap_snapshot_cell (run_id, level_rank DESC, open_needs DESC, id)`);
    await q.query(`CREATE INDEX gap_snapshot_cell_trend_idx ON gap_snapshot_cell (region_code, need_category, run_id)`);
    await q.query(`
      CREATE FUNCTION gap_snapshot_cell_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'gap_snapshot_cell is immutable: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER gap_snapshot_cell_immutable BEFORE UPDATE OR DELETE ON gap_snapshot_cell
      FOR EACH STATEMENT EXECUTE FUNCTION gap_snapshot_cell_is_immutable()`);
    await q.query(`REVOKE UPDATE, DELETE ON gap_snapshot_cell FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gap_snapshot_cell`);
    await q.query(`DROP FUNCTION gap_snapshot_cell_is_immutable()`);
    await q.query(`DROP TABLE gap_analysis_run`);
    await q.query(`DROP FUNCTION gap_analysis_run_finished_is_final()`);
  }
}
