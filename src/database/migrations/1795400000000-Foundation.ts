import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Extensions, and the Indonesian full-text search helpers: Postgres' `indonesian` configuration stems
 * (pelayanan -> layan) but has no stop-word list, so stop words live in a table and are removed from
 * documents and queries by rujuk_tsvector()/rujuk_tsquery().
 */
const STOP_WORDS = [
  'yang', 'dan', 'di', 'ke', 'dari', 'untuk', 'dengan', 'pada', 'dalam', 'atau', 'ini', 'itu', 'oleh', 'sebagai',
  'adalah', 'juga', 'akan', 'telah', 'sudah', 'bagi', 'para', 'tersebut', 'karena', 'agar', 'serta', 'secara',
  'kepada', 'tidak', 'bisa', 'dapat', 'ada', 'tentang', 'antara', 'hingga', 'sampai', 'saat', 'setiap', 'lebih',
  'namun', 'maupun', 'yaitu', 'yakni', 'kami', 'kita', 'kamu', 'anda', 'mereka', 'dia', 'ia', 'saya', 'nya',
  'pun', 'lah', 'kah', 'se', 'per', 'bila', 'jika', 'kalau', 'sehingga', 'tanpa', 'masih', 'belum', 'harus',
  'the', 'and', 'of', 'for', 'to', 'in', 'a', 'an', 'with', 'on', 'at', 'by', 'or',
];

/**
 * The first versions of the search helpers, as SQL functions (after "CREATE " or "CREATE OR REPLACE "). They
 * are not inlined (a sub-select, an aggregate), so each statement calling them planned them again; migration
 * 1795400008100 replaced them with PL/pgSQL versions and restores these on revert.
 */
const SQL_SEARCH_FUNCTIONS = {
  tsvector: `FUNCTION rujuk_tsvector(doc text) RETURNS tsvector LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT ts_delete(to_tsvector('indonesian', coalesce(doc, '')),
                         (SELECT coalesce(array_agg(lexeme), '{}') FROM search_stop_word))
      $$`,
  tsquery: `FUNCTION rujuk_tsquery(query text) RETURNS tsquery LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN count(*) = 0 THEN NULL
                    ELSE string_agg(quote_literal(lex) || ':*', ' & ')::tsquery END
        FROM unnest(tsvector_to_array(rujuk_tsvector(query))) AS lex
      $$`,
};

export class Foundation1795400000000 implements MigrationInterface {
  name = 'Foundation1795400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS cube`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS earthdistance`);
    await q.query(`CREATE TABLE search_stop_word (word text PRIMARY KEY, lexeme text NOT NULL)`);
    await q.query(
      `INSERT INTO search_stop_word (word, lexeme)
       SELECT w, coalesce((tsvector_to_array(to_tsvector('indonesian', w)))[1], w) FROM unnest($1::text[]) AS w`,
      [STOP_WORDS],
    );
    await q.query(`CREATE ${SQL_SEARCH_FUNCTIONS.tsvector}`);
    await q.query(`CREATE ${SQL_SEARCH_FUNCTIONS.tsquery}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION rujuk_tsquery(text)`);
    await q.query(`DROP FUNCTION rujuk_tsvector(text)`);
    await q.query(`DROP TABLE search_stop_word`);
    await q.query(`DROP EXTENSION IF EXISTS earthdistance`);
    await q.query(`DROP EXTENSION IF EXISTS cube`);
    await q.query(`DROP EXTENSION IF EXISTS pg_trgm`);
  }
}
