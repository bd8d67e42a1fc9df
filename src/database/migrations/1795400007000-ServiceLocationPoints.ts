import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each service carries the points of its locations that may take part in distance (non-confidential, with
 * coordinates), ordered by location id: point_location_ids[i] is at (point_latitudes[i], point_longitudes[i]).
 * The matcher measures the distance of every candidate (250-370 in a busy city) from these, without two index
 * lookups and a sort per candidate (docs/performance.md, matching). Kept by statement-level triggers on
 * service_at_location and location, like search_names is kept by service_search_refresh.
 */
export class ServiceLocationPoints1795400007000 implements MigrationInterface {
  name = 'ServiceLocationPoints1795400007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE service
        ADD COLUMN point_location_ids uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN point_latitudes double precision[] NOT NULL DEFAULT '{}',
        ADD COLUMN point_longitudes double precision[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE FUNCTION service_points_refresh(service_ids uuid[]) RETURNS void LANGUAGE sql AS $$
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
    await q.query(`
      CREATE FUNCTION service_at_location_points() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM service_points_refresh(ARRAY(SELECT DISTINCT service_id FROM new_links));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM service_points_refresh(ARRAY(SELECT DISTINCT service_id FROM old_links));
        ELSE
          PERFORM service_points_refresh(ARRAY(SELECT service_id FROM old_links UNION SELECT service_id FROM new_links));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER service_at_location_points_insert AFTER INSERT ON service_at_location
      REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION service_at_location_points()`);
    await q.query(`
      CREATE TRIGGER service_at_location_points_delete AFTER DELETE ON service_at_location
      REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION service_at_location_points()`);
    await q.query(`
      CREATE TRIGGER service_at_location_points_update AFTER UPDATE ON service_at_location
      REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION service_at_location_points()`);
    await q.query(`
      CREATE FUNCTION location_points() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM service_points_refresh(ARRAY(
          SELECT DISTINCT sl.service_id
            FROM new_locations n JOIN old_locations o ON o.id = n.id
            JOIN service_at_location sl ON sl.location_id = n.id
           WHERE (n.latitude, n.longitude, n.confidential) IS DISTINCT FROM (o.latitude, o.longitude, o.confidential)));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER location_points AFTER UPDATE ON location
      REFERENCING OLD TABLE AS old_locations NEW TABLE AS new_locations FOR EACH STATEMENT EXECUTE FUNCTION location_points()`);
    await q.query(`SELECT service_points_refresh(ARRAY(SELECT DISTINCT service_id FROM service_at_location))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER location_points ON location`);
    await q.query(`DROP FUNCTION location_points()`);
    await q.query(`DROP TRIGGER service_at_location_points_update ON service_at_location`);
    await q.query(`DROP TRIGGER service_at_location_points_delete ON service_at_location`);
    await q.query(`DROP TRIGGER service_at_location_points_insert ON service_at_location`);
    await q.query(`DROP FUNCTION service_at_location_points()`);
    await q.query(`DROP FUNCTION service_points_refresh(uuid[])`);
    await q.query(`
      ALTER TABLE service
        DROP COLUMN point_location_ids,
        DROP COLUMN point_latitudes,
        DROP COLUMN point_longitudes`);
  }
}
