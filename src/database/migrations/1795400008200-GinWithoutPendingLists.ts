import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The GIN indexes that searches, matching and duplicate checks read on every request write their entries
 * directly instead of through a pending list (`fastupdate = off`), and the pending entries already there are
 * merged now.
 *
 * With fastupdate on (the default) every new row version adds its keys to a pending list that every scan of the
 * index reads linearly until VACUUM (or a 4 MB list) merges it. A directory changes a service row at every
 * capacity update; between two vacuums (and always where autovacuum is off) the searches paid for it: with 1,929
 * rewritten service rows pending, the coverage-key scan of one search took 5-10 ms instead of 0.1 ms. Writes pay
 * instead, a few index pages per changed row, and directory writes are rare next to reads.
 */
const INDEXES = [
  'service_coverage_keys_idx',
  'service_area_codes_idx',
  'service_need_categories_idx',
  'service_types_idx',
  'service_search_vector_idx',
  'service_search_names_trgm_idx',
  'organization_name_trgm_idx',
  'client_name_trgm_idx',
];

export class GinWithoutPendingLists1795400008200 implements MigrationInterface {
  name = 'GinWithoutPendingLists1795400008200';

  async up(q: QueryRunner): Promise<void> {
    for (const index of INDEXES) {
      await q.query(`ALTER INDEX ${index} SET (fastupdate = off)`);
      await q.query(`SELECT gin_clean_pending_list($1::regclass)`, [index]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of INDEXES) await q.query(`ALTER INDEX ${index} RESET (fastupdate)`);
  }
}
