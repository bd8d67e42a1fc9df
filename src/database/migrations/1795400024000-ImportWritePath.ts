import { MigrationInterface, QueryRunner } from 'typeorm';

const POINTS_REFRESH_BEFORE = `
  CREATE OR REPLACE FUNCTION service_points_refresh(service_ids uuid[]) RETURNS void LANGUAGE sql AS $$
    UPDATE service s
       SET point_location_ids = p.location_ids, point_latitudes = p.latitudes, point_longitudes = p.longitudes,
           point_earths = p.earths
      FROM (SELECT u.id,
                   coalesce(array_agg(l.id ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}') AS location_ids,
                   coalesce(array_agg(l.latitude ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}') AS latitudes,
                   coalesce(array_agg(l.longitude ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}') AS longitudes,
                   coalesce(array_agg(ll_to_earth(l.latitude, l.longitude) ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}') AS earths
              FROM unnest(service_ids) AS u(id)
              LEFT JOIN service_at_location sl ON sl.service_id = u.id
              LEFT JOIN location l ON l.id = sl.location_id AND l.latitude IS NOT NULL AND NOT l.confidential
             GROUP BY u.id) p
     WHERE s.id = p.id
       AND (s.point_location_ids, s.point_latitudes, s.point_longitudes, s.point_earths)
           IS DISTINCT FROM (p.location_ids, p.latitudes, p.longitudes, p.earths)
  $$`;

/**
 * The directory import's write path:
 * - the identifier-key GIN indexes (how an import finds its records again) lose their pending list: with it,
 *   every lookup of a batch's keys scanned all entries inserted since the last cleanup (3.7 s for 1,000 keys
 *   after 19,000 inserted services), as the directory's other GIN indexes already avoid;
 * - a service's location points (what `service_points_refresh` keeps) are computed by one function,
 *   `service_points_of(service ids, location ids)` over (service, location) pairs, which the refresh uses and
 *   which an insert can use to write the points with the service, so the links' trigger then finds nothing
 *   to change instead of rewriting every new service row (and its ten indexes and match row) once more.
 */
export class ImportWritePath1795400024000 implements MigrationInterface {
  name = 'ImportWritePath1795400024000';

  async up(q: QueryRunner): Promise<void> {
    for (const index of ['organization_identifier_keys_idx', 'service_identifier_keys_idx', 'location_identifier_keys_idx']) {
      await q.query(`ALTER INDEX ${index} SET (fastupdate = off)`);
      await q.query(`SELECT gin_clean_pending_list('${index}'::regclass)`);
    }
    await q.query(`
      CREATE FUNCTION service_points_of(service_ids uuid[], location_ids uuid[])
        RETURNS TABLE (service_id uuid, location_ids uuid[], latitudes double precision[], longitudes double precision[], earths earth[])
        LANGUAGE sql STABLE AS $$
        SELECT u.service_id,
               coalesce(array_agg(l.id ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}'),
               coalesce(array_agg(l.latitude ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}'),
               coalesce(array_agg(l.longitude ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}'),
               coalesce(array_agg(ll_to_earth(l.latitude, l.longitude) ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}')
          FROM unnest(service_ids, location_ids) AS u(service_id, location_id)
          LEFT JOIN location l ON l.id = u.location_id AND l.latitude IS NOT NULL AND NOT l.confidential
         GROUP BY u.service_id
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION service_points_refresh(service_ids uuid[]) RETURNS void LANGUAGE sql AS $$
        UPDATE service s
           SET point_location_ids = p.location_ids, point_latitudes = p.latitudes, point_longitudes = p.longitudes,
               point_earths = p.earths
          FROM (SELECT array_agg(u.id) AS service_ids, array_agg(sl.location_id) AS location_ids
                  FROM unnest(service_ids) AS u(id)
                  LEFT JOIN service_at_location sl ON sl.service_id = u.id) pairs
         CROSS JOIN LATERAL service_points_of(pairs.service_ids, pairs.location_ids) p
         WHERE s.id = p.service_id
           AND (s.point_location_ids, s.point_latitudes, s.point_longitudes, s.point_earths)
               IS DISTINCT FROM (p.location_ids, p.latitudes, p.longitudes, p.earths)
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(POINTS_REFRESH_BEFORE);
    await q.query(`DROP FUNCTION service_points_of(uuid[], uuid[])`);
    for (const index of ['organization_identifier_keys_idx', 'service_identifier_keys_idx', 'location_identifier_keys_idx']) {
      await q.query(`ALTER INDEX ${index} RESET (fastupdate)`);
    }
  }
}
