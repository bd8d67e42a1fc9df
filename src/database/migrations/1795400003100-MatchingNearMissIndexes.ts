import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The matcher's "category served nearby but outside the area" near misses start from the organisations of the
 * client's regency (a prefix range on region_code that holds whatever the database collation) and test each of
 * their services from the index alone, without visiting the wide service rows (docs/performance.md, matching).
 */
export class MatchingNearMissIndexes1795400003100 implements MigrationInterface {
  name = 'MatchingNearMissIndexes1795400003100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX organization_region_prefix_idx ON organization (region_code varchar_pattern_ops) INCLUDE (id)`);
    await q.query(`CREATE INDEX service_organization_match_idx ON service (organization_id) INCLUDE (id, need_categories, coverage_keys)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX service_organization_match_idx`);
    await q.query(`DROP INDEX organization_region_prefix_idx`);
  }
}
