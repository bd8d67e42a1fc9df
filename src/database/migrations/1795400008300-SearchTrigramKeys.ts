import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trigrams of a service's search names kept on its row as integers (`search_trigrams`, sorted, unique), so a
 * search can skip pg_trgm's word_similarity() for candidates that cannot reach its threshold.
 *
 * word_similarity(q, names) is count / (ulen1 + ulen2 - count) for the best stretch of `names`, where ulen1 is the
 * number of distinct trigrams of q and count <= ulen2 those of the stretch found in q: never more than
 * |trigrams(q) ∩ trigrams(names)| / ulen1. A candidate sharing fewer trigrams than the threshold asks for is
 * refused without computing word_similarity (10-20 microseconds per candidate: most of a text search's time on
 * the busiest regions). It is a necessary condition only: those that pass are still tested by word_similarity.
 *
 * A trigram's integer is its three bytes, as pg_trgm stores it: show_trgm() prints a printable trigram as its
 * characters and any other (pg_trgm's CRC of a multibyte trigram) as 0x + six hex digits, so the mapping is
 * one-to-one with pg_trgm's own trigrams and the bound is exact (no hashing, no collisions).
 *
 * PL/pgSQL, not SQL: an SQL function with a query in its body is not inlined and would be planned again at every
 * execution of the search statement (~0.3 ms); PL/pgSQL keeps its plan for the session.
 *
 * The counting uses intarray (contrib) through its functions icount(_int_inter(a, b)), which intersect sorted
 * integer arrays in C. Note for later work: intarray also defines && @> <@ for int4[], which then take
 * precedence over the built-in array operators and are not served by a default GIN index on an int4[] column
 * (none exists here).
 */
/** The search trigger's function (migration Directory's), keeping search_trigrams too when `trigrams`. */
function searchRefresh(trigrams: boolean): string {
  return `
      CREATE OR REPLACE FUNCTION service_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE org_name text;
      BEGIN
        SELECT name INTO org_name FROM organization WHERE id = NEW.organization_id;
        NEW.search_names := NEW.name || ' ' || coalesce(org_name, '');${trigrams ? `
        NEW.search_trigrams := rujuk_trigram_keys(NEW.search_names);` : ''}
        NEW.search_vector := setweight(rujuk_tsvector(NEW.name), 'A')
                          || setweight(rujuk_tsvector(org_name), 'B')
                          || setweight(rujuk_tsvector(NEW.description), 'C');
        RETURN NEW;
      END $$`;
}

export class SearchTrigramKeys1795400008300 implements MigrationInterface {
  name = 'SearchTrigramKeys1795400008300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS intarray`);
    await q.query(`
      CREATE FUNCTION rujuk_trigram_keys(t text) RETURNS int[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      BEGIN
        RETURN (SELECT coalesce(array_agg(DISTINCT k ORDER BY k), '{}')
                  FROM (SELECT CASE WHEN length(g) = 3
                                    THEN (ascii(substr(g, 1, 1)) << 16) | (ascii(substr(g, 2, 1)) << 8) | ascii(substr(g, 3, 1))
                                    ELSE ('x' || lpad(substr(g, 3), 8, '0'))::bit(32)::int END AS k
                          FROM unnest(show_trgm(coalesce(t, ''))) AS g) AS keys);
      END $$`);
    await q.query(`ALTER TABLE service ADD COLUMN search_trigrams int[] NOT NULL DEFAULT '{}'`);
    await q.query(searchRefresh(true));
    await q.query(`UPDATE service SET search_trigrams = rujuk_trigram_keys(search_names)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(searchRefresh(false));
    await q.query(`ALTER TABLE service DROP COLUMN search_trigrams`);
    await q.query(`DROP FUNCTION rujuk_trigram_keys(text)`);
    await q.query(`DROP EXTENSION IF EXISTS intarray`);
  }
}
