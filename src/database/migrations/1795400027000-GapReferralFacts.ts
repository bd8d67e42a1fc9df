import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Gap analysis reads what it counts of needs and referrals from narrow tables kept by triggers in the transaction
 * of every change, instead of the wide referral table joined to need, case and client (docs/gaps.md):
 *
 * - gap_cell_group: a dictionary of cell keys: a regency, a need category and the service types a need asked for
 *   (or the category's defaults). Grows only; each key gets an integer id, so the analysis groups a million rows
 *   by one integer instead of three texts.
 * - gap_need_group: each need's cell group (its client's regency, its category, its types).
 * - gap_referral: one row per sent referral: its need's cell group, when it was sent, its kind and its hours to
 *   acceptance. Kinds:
 *     0 neither accepted, declined nor expired (pending, cancelled before an answer, failed)
 *     1 accepted (answered and not declined; whatever followed), with `hours` from sending to acceptance
 *     2 declined for a reason that is not about supply
 *     3 declined for a supply reason other than capacity (NOT_ELIGIBLE, OUTSIDE_SERVICE_AREA, SERVICE_NOT_OFFERED)
 *     4 declined for NO_CAPACITY
 *     5 expired
 *   A referral's kind never changes after its answer or expiry, so later transitions (in progress, completed)
 *   write nothing here.
 *
 * A need re-classified, a case given to another client, a client who moves, a category whose default types change:
 * the groups of their needs and referrals follow in the same transaction. `gap_referral_rebuild()` recomputes both
 * tables from the source tables (this migration, and bulk loads that bypass triggers).
 *
 * Frozen: a later change of the rule replaces these functions in a new migration.
 */
export class GapReferralFacts1795400027000 implements MigrationInterface {
  name = 'GapReferralFacts1795400027000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gap_cell_group (
        id serial PRIMARY KEY,
        regency text COLLATE "C" NOT NULL,
        category text COLLATE "C" NOT NULL,
        types text[] COLLATE "C" NOT NULL,
        UNIQUE (regency, category, types)
      )`);
    await q.query(`
      CREATE TABLE gap_need_group (
        need_id uuid PRIMARY KEY REFERENCES need(id) ON DELETE CASCADE,
        cell_group int NOT NULL
      )`);
    await q.query(`CREATE INDEX gap_need_group_group_idx ON gap_need_group (cell_group)`);
    await q.query(`
      CREATE TABLE gap_referral (
        referral_id uuid PRIMARY KEY REFERENCES referral(id) ON DELETE CASCADE,
        need_id uuid NOT NULL,
        cell_group int NOT NULL,
        sent_at timestamptz NOT NULL,
        kind smallint NOT NULL CHECK (kind BETWEEN 0 AND 5),
        hours float8
      ) WITH (fillfactor = 90)`);
    await q.query(`CREATE INDEX gap_referral_need_idx ON gap_referral (need_id)`);
    await q.query(`CREATE INDEX gap_referral_group_idx ON gap_referral (cell_group, sent_at)`);

    // What a referral row counts as (kind) and its hours to acceptance.
    await q.query(`
      CREATE FUNCTION gap_referral_kind(status text, decline_reason text, answered_at timestamptz) RETURNS smallint
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT (CASE
          WHEN answered_at IS NOT NULL AND status <> 'DECLINED' THEN 1
          WHEN status = 'DECLINED' AND decline_reason = 'NO_CAPACITY' THEN 4
          WHEN status = 'DECLINED' AND decline_reason IN ('NOT_ELIGIBLE', 'OUTSIDE_SERVICE_AREA', 'SERVICE_NOT_OFFERED') THEN 3
          WHEN status = 'DECLINED' THEN 2
          WHEN status = 'EXPIRED' THEN 5
          ELSE 0 END)::smallint $$`);
    await q.query(`
      CREATE FUNCTION gap_referral_hours(status text, sent_at timestamptz, answered_at timestamptz) RETURNS float8
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN answered_at IS NOT NULL AND status <> 'DECLINED' THEN (extract(epoch FROM answered_at - sent_at) / 3600)::float8 END $$`);
    // The cell key of a need: its client's regency, its category, its service types or the category's defaults;
    // and the id of a key (added to the dictionary when new; a concurrent insert of the same key waits for the first).
    await q.query(`
      CREATE VIEW gap_need_key AS
      SELECT n.id AS need_id, c.regency_code::text COLLATE "C" AS regency, n.category COLLATE "C" AS category,
             (CASE WHEN cardinality(n.service_types) > 0 THEN n.service_types ELSE nc.default_service_types END) COLLATE "C" AS types
        FROM need n JOIN client_case k ON k.id = n.case_id JOIN client c ON c.id = k.client_id JOIN need_category nc ON nc.code = n.category`);
    await q.query(`
      CREATE FUNCTION gap_cell_group_of(p_regency text, p_category text, p_types text[]) RETURNS int LANGUAGE plpgsql AS $$
      DECLARE found_id int;
      BEGIN
        SELECT id INTO found_id FROM gap_cell_group WHERE regency = p_regency AND category = p_category AND types = p_types;
        IF found_id IS NOT NULL THEN RETURN found_id; END IF;
        INSERT INTO gap_cell_group (regency, category, types) VALUES (p_regency, p_category, p_types)
        ON CONFLICT (regency, category, types) DO NOTHING RETURNING id INTO found_id;
        IF found_id IS NULL THEN
          SELECT id INTO found_id FROM gap_cell_group WHERE regency = p_regency AND category = p_category AND types = p_types;
        END IF;
        RETURN found_id;
      END $$`);
    await q.query(`
      CREATE FUNCTION gap_need_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO gap_need_group (need_id, cell_group)
        SELECT k.need_id, gap_cell_group_of(k.regency, k.category, k.types) FROM gap_need_key k WHERE k.need_id = NEW.id
        ON CONFLICT (need_id) DO UPDATE SET cell_group = EXCLUDED.cell_group;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER gap_need_added AFTER INSERT ON need FOR EACH ROW EXECUTE FUNCTION gap_need_added()`);

    await q.query(`
      CREATE FUNCTION gap_referral_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.sent_at IS NULL THEN
          IF TG_OP = 'UPDATE' AND OLD.sent_at IS NOT NULL THEN DELETE FROM gap_referral WHERE referral_id = NEW.id; END IF;
          RETURN NULL;
        END IF;
        IF TG_OP = 'INSERT' OR OLD.sent_at IS NULL OR OLD.need_id IS DISTINCT FROM NEW.need_id THEN
          INSERT INTO gap_referral (referral_id, need_id, cell_group, sent_at, kind, hours)
          SELECT NEW.id, g.need_id, g.cell_group, NEW.sent_at,
                 gap_referral_kind(NEW.status, NEW.decline_reason, NEW.answered_at), gap_referral_hours(NEW.status, NEW.sent_at, NEW.answered_at)
            FROM gap_need_group g WHERE g.need_id = NEW.need_id
          ON CONFLICT (referral_id) DO UPDATE SET need_id = EXCLUDED.need_id, cell_group = EXCLUDED.cell_group,
            sent_at = EXCLUDED.sent_at, kind = EXCLUDED.kind, hours = EXCLUDED.hours;
        ELSE
          UPDATE gap_referral SET sent_at = NEW.sent_at, kind = gap_referral_kind(NEW.status, NEW.decline_reason, NEW.answered_at),
                 hours = gap_referral_hours(NEW.status, NEW.sent_at, NEW.answered_at)
           WHERE referral_id = NEW.id
             AND (sent_at, kind, hours) IS DISTINCT FROM
                 (NEW.sent_at, gap_referral_kind(NEW.status, NEW.decline_reason, NEW.answered_at), gap_referral_hours(NEW.status, NEW.sent_at, NEW.answered_at));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER gap_referral_inserted AFTER INSERT ON referral
      FOR EACH ROW WHEN (NEW.sent_at IS NOT NULL) EXECUTE FUNCTION gap_referral_changed()`);
    await q.query(`
      CREATE TRIGGER gap_referral_updated AFTER UPDATE OF status, decline_reason, sent_at, answered_at, need_id ON referral
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.decline_reason IS DISTINCT FROM NEW.decline_reason
        OR OLD.sent_at IS DISTINCT FROM NEW.sent_at OR OLD.answered_at IS DISTINCT FROM NEW.answered_at OR OLD.need_id IS DISTINCT FROM NEW.need_id)
      EXECUTE FUNCTION gap_referral_changed()`);

    // A need re-classified, a case moved to another client, a client moved, a category's default types changed:
    // the cell keys of their referrals follow.
    await q.query(`
      CREATE FUNCTION gap_referral_rekey() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE needs uuid[];
      BEGIN
        IF TG_TABLE_NAME = 'need' THEN
          needs := ARRAY[NEW.id];
        ELSIF TG_TABLE_NAME = 'client_case' THEN
          SELECT array_agg(n.id) INTO needs FROM need n WHERE n.case_id = NEW.id;
        ELSIF TG_TABLE_NAME = 'client' THEN
          SELECT array_agg(n.id) INTO needs FROM client_case k JOIN need n ON n.case_id = k.id WHERE k.client_id = NEW.id;
        ELSE
          SELECT array_agg(n.id) INTO needs FROM need n WHERE n.category = NEW.code AND cardinality(n.service_types) = 0;
        END IF;
        IF needs IS NULL THEN RETURN NULL; END IF;
        UPDATE gap_need_group g SET cell_group = gap_cell_group_of(k.regency, k.category, k.types)
          FROM gap_need_key k
         WHERE k.need_id = g.need_id AND g.need_id = ANY(needs);
        UPDATE gap_referral r SET cell_group = g.cell_group
          FROM gap_need_group g
         WHERE g.need_id = r.need_id AND r.need_id = ANY(needs) AND r.cell_group <> g.cell_group;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER gap_referral_need_rekey AFTER UPDATE OF category, service_types, case_id ON need
      FOR EACH ROW WHEN (OLD.category IS DISTINCT FROM NEW.category OR OLD.service_types IS DISTINCT FROM NEW.service_types OR OLD.case_id IS DISTINCT FROM NEW.case_id)
      EXECUTE FUNCTION gap_referral_rekey()`);
    await q.query(`
      CREATE TRIGGER gap_referral_case_rekey AFTER UPDATE OF client_id ON client_case
      FOR EACH ROW WHEN (OLD.client_id IS DISTINCT FROM NEW.client_id) EXECUTE FUNCTION gap_referral_rekey()`);
    await q.query(`
      CREATE TRIGGER gap_referral_client_rekey AFTER UPDATE OF regency_code ON client
      FOR EACH ROW WHEN (OLD.regency_code IS DISTINCT FROM NEW.regency_code) EXECUTE FUNCTION gap_referral_rekey()`);
    await q.query(`
      CREATE TRIGGER gap_referral_category_rekey AFTER UPDATE OF default_service_types ON need_category
      FOR EACH ROW WHEN (OLD.default_service_types IS DISTINCT FROM NEW.default_service_types) EXECUTE FUNCTION gap_referral_rekey()`);

    await q.query(`
      CREATE FUNCTION gap_referral_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
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
    await q.query(`SELECT gap_referral_rebuild()`);
    await q.query(`ANALYZE gap_cell_group`);
    await q.query(`ANALYZE gap_need_group`);
    await q.query(`ANALYZE gap_referral`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION gap_referral_rebuild()`);
    await q.query(`DROP TRIGGER gap_referral_category_rekey ON need_category`);
    await q.query(`DROP TRIGGER gap_referral_client_rekey ON client`);
    await q.query(`DROP TRIGGER gap_referral_case_rekey ON client_case`);
    await q.query(`DROP TRIGGER gap_referral_need_rekey ON need`);
    await q.query(`DROP FUNCTION gap_referral_rekey()`);
    await q.query(`DROP TRIGGER gap_referral_updated ON referral`);
    await q.query(`DROP TRIGGER gap_referral_inserted ON referral`);
    await q.query(`DROP FUNCTION gap_referral_changed()`);
    await q.query(`DROP TRIGGER gap_need_added ON need`);
    await q.query(`DROP FUNCTION gap_need_added()`);
    await q.query(`DROP FUNCTION gap_cell_group_of(text, text, text[])`);
    await q.query(`DROP VIEW gap_need_key`);
    await q.query(`DROP FUNCTION gap_referral_hours(text, timestamptz, timestamptz)`);
    await q.query(`DROP FUNCTION gap_referral_kind(text, text, timestamptz)`);
    await q.query(`DROP TABLE gap_referral`);
    await q.query(`DROP TABLE gap_need_group`);
    await q.query(`DROP TABLE gap_cell_group`);
  }
}
