import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * gap_need_group also holds what gap analysis reads of a need: its status, when it was opened and how many services
 * its last match found. The snapshot statement counted needs by joining each need's group to the need table (a
 * hash join of 200,000 rows at national scale); it now reads the one narrow table, as it does for referrals.
 * A trigger keeps the copies in the transaction that changes the need; gap_referral_rebuild() fills them too.
 *
 * Frozen: a later change of the rule replaces these functions in a new migration.
 */
export class GapNeedFacts1795400034000 implements MigrationInterface {
  name = 'GapNeedFacts1795400034000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE gap_need_group
        ADD COLUMN status text,
        ADD COLUMN created_at timestamptz,
        ADD COLUMN last_match_result_count int`);
    await q.query(`
      UPDATE gap_need_group g SET status = n.status, created_at = n.created_at, last_match_result_count = n.last_match_result_count
        FROM need n WHERE n.id = g.need_id`);
    await q.query(`ALTER TABLE gap_need_group ALTER COLUMN status SET NOT NULL, ALTER COLUMN created_at SET NOT NULL`);

    await q.query(`
      CREATE OR REPLACE FUNCTION gap_need_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO gap_need_group (need_id, cell_group, status, created_at, last_match_result_count)
        SELECT k.need_id, gap_cell_group_of(k.regency, k.category, k.types), NEW.status, NEW.created_at, NEW.last_match_result_count
          FROM gap_need_key k WHERE k.need_id = NEW.id
        ON CONFLICT (need_id) DO UPDATE SET cell_group = EXCLUDED.cell_group, status = EXCLUDED.status,
          created_at = EXCLUDED.created_at, last_match_result_count = EXCLUDED.last_match_result_count;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION gap_need_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE gap_need_group SET status = NEW.status, created_at = NEW.created_at, last_match_result_count = NEW.last_match_result_count
         WHERE need_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER gap_need_changed AFTER UPDATE OF status, created_at, last_match_result_count ON need
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.created_at IS DISTINCT FROM NEW.created_at
        OR OLD.last_match_result_count IS DISTINCT FROM NEW.last_match_result_count)
      EXECUTE FUNCTION gap_need_changed()`);

    await q.query(`
      CREATE OR REPLACE FUNCTION gap_referral_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE written bigint;
      BEGIN
        INSERT INTO gap_cell_group (regency, category, types)
        SELECT DISTINCT regency, category, types FROM gap_need_key
        ON CONFLICT (regency, category, types) DO NOTHING;
        DELETE FROM gap_referral;
        DELETE FROM gap_need_group;
        INSERT INTO gap_need_group (need_id, cell_group, status, created_at, last_match_result_count)
        SELECT k.need_id, g.id, n.status, n.created_at, n.last_match_result_count FROM gap_need_key k
          JOIN need n ON n.id = k.need_id
          JOIN gap_cell_group g ON g.regency = k.regency AND g.category = k.category AND g.types = k.types;
        INSERT INTO gap_referral (referral_id, need_id, cell_group, sent_at, kind, hours)
        SELECT r.id, g.need_id, g.cell_group, r.sent_at,
               gap_referral_kind(r.status, r.decline_reason, r.answered_at), gap_referral_hours(r.status, r.sent_at, r.answered_at)
          FROM referral r JOIN gap_need_group g ON g.need_id = r.need_id
         WHERE r.sent_at IS NOT NULL;
        GET DIAGNOSTICS written = ROW_COUNT;
        RETURN written;
      END $$`);
    await q.query(`ANALYZE gap_need_group`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION gap_referral_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE written bigint;
      BEGIN
        INSERT INTO gap_cell_group (regency, category, types)
        SELECT DISTINCT regency, category, types FROM gap_need_key
        ON CONFLICT (regency, category, types) DO NOTHING;
        DELETE FROM gap_referral;
        DELETE FROM gap_need_group;
        INSERT INTO gap_need_group (need_id, cell_group)
        SELECT k.need_id, g.id FROM gap_need_key k
          JOIN gap_cell_group g ON g.regency = k.regency AND g.category = k.category AND g.types = k.types;
        INSERT INTO gap_referral (referral_id, need_id, cell_group, sent_at, kind, hours)
        SELECT r.id, g.need_id, g.cell_group, r.sent_at,
               gap_referral_kind(r.status, r.decline_reason, r.answered_at), gap_referral_hours(r.status, r.sent_at, r.answered_at)
          FROM referral r JOIN gap_need_group g ON g.need_id = r.need_id
         WHERE r.sent_at IS NOT NULL;
        GET DIAGNOSTICS written = ROW_COUNT;
        RETURN written;
      END $$`);
    await q.query(`DROP TRIGGER gap_need_changed ON need`);
    await q.query(`DROP FUNCTION gap_need_changed()`);
    await q.query(`
      CREATE OR REPLACE FUNCTION gap_need_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO gap_need_group (need_id, cell_group)
        SELECT k.need_id, gap_cell_group_of(k.regency, k.category, k.types) FROM gap_need_key k WHERE k.need_id = NEW.id
        ON CONFLICT (need_id) DO UPDATE SET cell_group = EXCLUDED.cell_group;
        RETURN NULL;
      END $$`);
    await q.query(`ALTER TABLE gap_need_group DROP COLUMN last_match_result_count, DROP COLUMN created_at, DROP COLUMN status`);
  }
}
