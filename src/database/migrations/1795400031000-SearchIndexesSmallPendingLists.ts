import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The two text-search indexes of services take new entries through a small pending list (`fastupdate = on`,
 * `gin_pending_list_limit = 256` kB) instead of one by one, so writing many services (an import) merges their
 * trigrams and lexemes into the index in sorted runs. Each new service adds some 40 trigrams and 10 lexemes;
 * inserted one by one they were about half of the database's cost of an imported service (EXPLAIN of a
 * 2,000-service INSERT: CPU 710 ms per 2,000 with the lists off, 440 ms with these lists, 350 ms with neither
 * index).
 *
 * A search reads the pending list linearly, which is why migration GinWithoutPendingLists turned lists off (with
 * the default 4 MB list, 1,929 pending rows cost a scan 5-10 ms). At 256 kB the list never holds more than
 * 10-20 pages: a selective search read 41 buffers instead of 31 (trigrams) and 22 instead of 3 (lexemes), about
 * 0.1 ms more per index scan while the list is full, and the list is merged by the write that fills it.
 * The matching and classification GIN indexes keep no list (they are read on every match).
 */
const INDEXES = ['service_search_vector_idx', 'service_search_names_trgm_idx'];

export class SearchIndexesSmallPendingLists1795400031000 implements MigrationInterface {
  name = 'SearchIndexesSmallPendingLists1795400031000';

  async up(q: QueryRunner): Promise<void> {
    for (const index of INDEXES) await q.query(`ALTER INDEX ${index} SET (fastupdate = on, gin_pending_list_limit = 256)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of INDEXES) {
      await q.query(`ALTER INDEX ${index} SET (fastupdate = off)`);
      await q.query(`ALTER INDEX ${index} RESET (gin_pending_list_limit)`);
      await q.query(`SELECT gin_clean_pending_list('${index}'::regclass)`);
    }
  }
}
