import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A snapshot's cells are written by one INSERT ... SELECT grouped by exactly (level, region, category, service
 * type), and no statement may change them afterwards (gap_snapshot_cell_immutable), so a unique index on those
 * keys only re-checked what the grouping guarantees. Maintaining it was about a tenth of a national run (31,000
 * cells); the reads use the severity and trend indexes. A test checks that no run holds a key twice.
 */
export class GapSnapshotWithoutKeyIndex1795400029000 implements MigrationInterface {
  name = 'GapSnapshotWithoutKeyIndex1795400029000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX gap_snapshot_cell_uq`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNIQUE INDEX gap_snapshot_cell_uq ON gap_snapshot_cell
        (run_id, level, coalesce(region_code, ''), need_category, service_type)`);
  }
}
