import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The run of every snapshot cell is checked once per INSERT statement instead of once per row. A national snapshot
 * writes 31,000 cells of one run in one statement; the foreign key looked the run up and locked it 31,000 times,
 * about a tenth of the run. What the foreign key also guarded, a run deleted under its cells, cannot happen: runs
 * refuse DELETE (gap_analysis_run_final). The statement-level trigger refuses an insert naming a run that does not
 * exist, with the foreign key's error code.
 */
export class GapSnapshotRunCheck1795400032000 implements MigrationInterface {
  name = 'GapSnapshotRunCheck1795400032000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gap_snapshot_cell DROP CONSTRAINT gap_snapshot_cell_run_id_fkey`);
    await q.query(`
      CREATE FUNCTION gap_snapshot_cell_runs_exist() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE missing uuid;
      BEGIN
        SELECT n.run_id INTO missing FROM (SELECT DISTINCT run_id FROM new_cells) n
         WHERE NOT EXISTS (SELECT 1 FROM gap_analysis_run g WHERE g.id = n.run_id) LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'gap_snapshot_cell: run % does not exist', missing USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER gap_snapshot_cell_runs_exist AFTER INSERT ON gap_snapshot_cell
      REFERENCING NEW TABLE AS new_cells FOR EACH STATEMENT EXECUTE FUNCTION gap_snapshot_cell_runs_exist()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER gap_snapshot_cell_runs_exist ON gap_snapshot_cell`);
    await q.query(`DROP FUNCTION gap_snapshot_cell_runs_exist()`);
    await q.query(`ALTER TABLE gap_snapshot_cell ADD CONSTRAINT gap_snapshot_cell_run_id_fkey FOREIGN KEY (run_id) REFERENCES gap_analysis_run(id)`);
  }
}
