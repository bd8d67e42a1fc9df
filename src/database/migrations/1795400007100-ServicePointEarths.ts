import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service's location points are also kept as `earth` values (what ll_to_earth makes of them): converting
 * 250-370 candidates' points per match, with the earth domain's checks on each value, cost more than the
 * distance itself (docs/performance.md, matching). point_earths[i] is where point_location_ids[i] is, as
 * (point_latitudes[i], point_longitudes[i]) is. Also a partial index of the few inactive organisations, which
 * the matcher hashes once instead of looking up each candidate's organisation.
 */
export class ServicePointEarths1795400007100 implements MigrationInterface {
  name = 'ServicePointEarths1795400007100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service ADD COLUMN point_earths earth[] NOT NULL DEFAULT '{}'`);
    await q.query(`
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
      $$`);
    await q.query(`SELECT service_points_refresh(ARRAY(SELECT DISTINCT service_id FROM service_at_location))`);
    await q.query(`CREATE INDEX organization_inactive_idx ON organization (id) WHERE NOT active`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX organization_inactive_idx`);
    await q.query(`
      CREATE OR REPLACE FUNCTION service_points_refresh(service_ids uuid[]) RETURNS void LANGUAGE sql AS $$
        UPDATE service s
           SET point_location_ids = p.location_ids, point_latitudes = p.latitudes, point_longitudes = p.longitudes
          FROM (SELECT u.id,
                       coalesce(array_agg(l.id ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}') AS location_ids,
                       coalesce(array_agg(l.latitude ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}') AS latitudes,
                       coalesce(array_agg(l.longitude ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}') AS longitudes
                  FROM unnest(service_ids) AS u(id)
                  LEFT JOIN service_at_location sl ON sl.service_id = u.id
                  LEFT JOIN location l ON l.id = sl.location_id AND l.latitude IS NOT NULL AND NOT l.confidential
                 GROUP BY u.id) p
         WHERE s.id = p.id
           AND (s.point_location_ids, s.point_latitudes, s.point_longitudes) IS DISTINCT FROM (p.location_ids, p.latitudes, p.longitudes)
      $$`);
    await q.query(`ALTER TABLE service DROP COLUMN point_earths`);
  }
}
