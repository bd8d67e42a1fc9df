import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * service_referral_stats copied onto service_match_row by triggers, so the candidate statement reads a service's
 * answers, acceptances and median time to accept with its row instead of joining the stats table. The join was
 * planned once per connection (generic plan) and, with the table populated, was a hash join over a sequential
 * scan of every stats row on every match: 100,000 stats rows in a test database made the candidate statement a
 * Hash Right Join under a Seq Scan of all of them (8-12 ms of a 130-160 ms execution there). In the bench
 * database the table is empty, and the join still cost 0.02 ms per execution (its hash table and nodes).
 * The cost: one more row written per stats change (an answer or an accept).
 */
export class ServiceMatchRowStats1795400009310 implements MigrationInterface {
  name = 'ServiceMatchRowStats1795400009310';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE service_match_row
        ADD COLUMN answered integer NOT NULL DEFAULT 0,
        ADD COLUMN accepted integer NOT NULL DEFAULT 0,
        ADD COLUMN median_accept_minutes numeric`);
    await q.query(`
      UPDATE service_match_row m SET (answered, accepted, median_accept_minutes) = (st.answered, st.accepted, st.median_accept_minutes)
        FROM service_referral_stats st WHERE st.service_id = m.id`);
    await q.query(`
      CREATE FUNCTION service_match_rows_stats() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          UPDATE service_match_row SET (answered, accepted, median_accept_minutes) = (0, 0, NULL) WHERE id = OLD.service_id;
        ELSE
          UPDATE service_match_row SET (answered, accepted, median_accept_minutes) = (NEW.answered, NEW.accepted, NEW.median_accept_minutes)
           WHERE id = NEW.service_id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER service_match_rows_stats AFTER INSERT OR UPDATE OR DELETE ON service_referral_stats
      FOR EACH ROW EXECUTE FUNCTION service_match_rows_stats()`);
    await q.query(`
      CREATE FUNCTION service_match_rows_stats_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE service_match_row SET (answered, accepted, median_accept_minutes) = (0, 0, NULL)
         WHERE (answered, accepted, median_accept_minutes) IS DISTINCT FROM (0, 0, NULL);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER service_match_rows_stats_truncate AFTER TRUNCATE ON service_referral_stats
      FOR EACH STATEMENT EXECUTE FUNCTION service_match_rows_stats_truncate()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER service_match_rows_stats_truncate ON service_referral_stats`);
    await q.query(`DROP FUNCTION service_match_rows_stats_truncate()`);
    await q.query(`DROP TRIGGER service_match_rows_stats ON service_referral_stats`);
    await q.query(`DROP FUNCTION service_match_rows_stats()`);
    await q.query(`ALTER TABLE service_match_row DROP COLUMN answered, DROP COLUMN accepted, DROP COLUMN median_accept_minutes`);
  }
}
