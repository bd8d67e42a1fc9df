import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a service's organisation is active, kept on the service row by triggers, so the matcher tests it on
 * the rows it reads anyway instead of hashing the inactive organisations on every match (823 of 40,000 in the
 * bench directory: a quarter of the candidate statement's execution; docs/performance.md, matching).
 */
export class ServiceOrganizationActive1795400009110 implements MigrationInterface {
  name = 'ServiceOrganizationActive1795400009110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service ADD COLUMN organization_active boolean NOT NULL DEFAULT true`);
    await q.query(`UPDATE service s SET organization_active = false FROM organization o WHERE o.id = s.organization_id AND NOT o.active`);
    await q.query(`
      CREATE FUNCTION service_organization_active() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.organization_active := (SELECT o.active FROM organization o WHERE o.id = NEW.organization_id);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER service_organization_active BEFORE INSERT OR UPDATE OF organization_id ON service
      FOR EACH ROW EXECUTE FUNCTION service_organization_active()`);
    await q.query(`
      CREATE FUNCTION organization_active_services() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE service SET organization_active = NEW.active WHERE organization_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER organization_active_services AFTER UPDATE OF active ON organization
      FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active) EXECUTE FUNCTION organization_active_services()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER organization_active_services ON organization`);
    await q.query(`DROP FUNCTION organization_active_services()`);
    await q.query(`DROP TRIGGER service_organization_active ON service`);
    await q.query(`DROP FUNCTION service_organization_active()`);
    await q.query(`ALTER TABLE service DROP COLUMN organization_active`);
  }
}
