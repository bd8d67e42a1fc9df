import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The provider directory, modelled on HSDS 3.0 (organization, service, location, service_at_location,
 * schedule) with the 3.1 service_capacity fields folded into service. Service areas are region codes at any
 * level; `coverage_keys` holds one 'region|category' entry per covered region x category so that the
 * match/search candidate query is one GIN lookup (see PERFORMANCE.md).
 */
export class Directory1795400000200 implements MigrationInterface {
  name = 'Directory1795400000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organization (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        partner_kind text NOT NULL REFERENCES partner_kind(code),
        description text,
        website text,
        email text,
        phones jsonb NOT NULL DEFAULT '[]',
        legal_status text,
        identifiers jsonb NOT NULL DEFAULT '[]',
        region_code varchar(13) NOT NULL REFERENCES region(code),
        referral_contact jsonb,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX organization_region_idx ON organization (region_code)`);
    await q.query(`CREATE INDEX organization_name_trgm_idx ON organization USING gin (name gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE service (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        name text NOT NULL,
        description text,
        need_categories text[] NOT NULL DEFAULT '{}',
        service_types text[] NOT NULL DEFAULT '{}',
        minimum_age int CHECK (minimum_age >= 0),
        maximum_age int CHECK (maximum_age >= 0),
        sex char(1) CHECK (sex IN ('F', 'M')),
        required_documents text[] NOT NULL DEFAULT '{}',
        free boolean NOT NULL DEFAULT true,
        cost_description text,
        languages text[] NOT NULL DEFAULT '{id}',
        area_codes text[] NOT NULL DEFAULT '{}',
        coverage_keys text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'INACTIVE', 'DEFUNCT', 'TEMPORARILY_CLOSED')),
        accepts_referrals boolean NOT NULL DEFAULT true,
        deadline_emergency_minutes int CHECK (deadline_emergency_minutes > 0),
        deadline_urgent_minutes int CHECK (deadline_urgent_minutes > 0),
        deadline_routine_minutes int CHECK (deadline_routine_minutes > 0),
        capacity_available int CHECK (capacity_available >= 0),
        capacity_maximum int CHECK (capacity_maximum >= 0),
        capacity_unit text,
        capacity_updated_at timestamptz,
        verified_at timestamptz,
        verified_by uuid,
        stale_since timestamptz,
        search_names text NOT NULL DEFAULT '',
        search_vector tsvector NOT NULL DEFAULT ''::tsvector,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT service_age_range_chk CHECK (minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age),
        CONSTRAINT service_capacity_chk CHECK (capacity_available IS NULL OR capacity_maximum IS NULL OR capacity_available <= capacity_maximum)
      )`);
    await q.query(`CREATE INDEX service_organization_idx ON service (organization_id)`);
    await q.query(`CREATE INDEX service_coverage_keys_idx ON service USING gin (coverage_keys)`);
    await q.query(`CREATE INDEX service_area_codes_idx ON service USING gin (area_codes)`);
    await q.query(`CREATE INDEX service_need_categories_idx ON service USING gin (need_categories)`);
    await q.query(`CREATE INDEX service_types_idx ON service USING gin (service_types)`);
    await q.query(`CREATE INDEX service_search_vector_idx ON service USING gin (search_vector)`);
    await q.query(`CREATE INDEX service_search_names_trgm_idx ON service USING gin (search_names gin_trgm_ops)`);
    await q.query(`CREATE INDEX service_verified_idx ON service (verified_at) WHERE status <> 'DEFUNCT'`);

    // Search text: service name (A), organisation name (B), description (C), stop words removed.
    await q.query(`
      CREATE FUNCTION service_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE org_name text;
      BEGIN
        SELECT name INTO org_name FROM organization WHERE id = NEW.organization_id;
        NEW.search_names := NEW.name || ' ' || coalesce(org_name, '');
        NEW.search_vector := setweight(rujuk_tsvector(NEW.name), 'A')
                          || setweight(rujuk_tsvector(org_name), 'B')
                          || setweight(rujuk_tsvector(NEW.description), 'C');
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER service_search_refresh BEFORE INSERT OR UPDATE OF name, description, organization_id ON service
      FOR EACH ROW EXECUTE FUNCTION service_search_refresh()`);
    await q.query(`
      CREATE FUNCTION organization_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE service SET name = name WHERE organization_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER organization_renamed AFTER UPDATE OF name ON organization
      FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION organization_renamed()`);

    await q.query(`
      CREATE TABLE location (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id),
        name text NOT NULL,
        description text,
        address_line text,
        postal_code text,
        region_code varchar(13) NOT NULL REFERENCES region(code),
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        time_zone text NOT NULL DEFAULT 'Asia/Jakarta' CHECK (time_zone IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
        accessibility text,
        confidential boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT location_coordinates_chk CHECK ((latitude IS NULL) = (longitude IS NULL))
      )`);
    await q.query(`CREATE INDEX location_organization_idx ON location (organization_id)`);
    await q.query(
      `CREATE INDEX location_earth_idx ON location USING gist (ll_to_earth(latitude, longitude)) WHERE latitude IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE service_at_location (
        service_id uuid NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        location_id uuid NOT NULL REFERENCES location(id) ON DELETE CASCADE,
        PRIMARY KEY (service_id, location_id)
      )`);
    await q.query(`CREATE INDEX service_at_location_location_idx ON service_at_location (location_id)`);

    // Weekly opening hours, in the location's own time zone; ISO weekday 1 = Monday. closes_at may be 24:00.
    await q.query(`
      CREATE TABLE schedule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        location_id uuid NOT NULL REFERENCES location(id) ON DELETE CASCADE,
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        opens_at time NOT NULL,
        closes_at time NOT NULL,
        CONSTRAINT schedule_range_chk CHECK (opens_at < closes_at)
      )`);
    await q.query(`CREATE INDEX schedule_location_idx ON schedule (location_id, weekday)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE schedule`);
    await q.query(`DROP TABLE service_at_location`);
    await q.query(`DROP TABLE location`);
    await q.query(`DROP TRIGGER organization_renamed ON organization`);
    await q.query(`DROP FUNCTION organization_renamed()`);
    await q.query(`DROP TABLE service`);
    await q.query(`DROP FUNCTION service_search_refresh()`);
    await q.query(`DROP TABLE organization`);
  }
}
