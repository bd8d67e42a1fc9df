import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two database roles. The owner (the role that runs migrations, DATABASE_OWNER_URL) owns every table; the API
 * and the worker connect (DATABASE_URL) as a login role that is a member of `rujuk_app`, which holds only what
 * they need: reading and writing rows. It owns nothing, so it cannot ALTER a table, DISABLE a TRIGGER, TRUNCATE
 * or DROP; on the append-only tables (audit_event, case_event, referral_event) it may only read and insert;
 * the migrations table it may only read. Default privileges give it the same on tables and sequences later
 * migrations create.
 *
 * The role is created here when absent (NOLOGIN: a login role is granted it, e.g.
 * `CREATE ROLE rujuk_api LOGIN PASSWORD '...' IN ROLE rujuk_app`). Roles belong to the cluster, not the
 * database, so `down` revokes this database's grants and leaves the role.
 */
export class RuntimeRole1795400013000 implements MigrationInterface {
  name = 'RuntimeRole1795400013000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rujuk_app') THEN
          BEGIN
            CREATE ROLE rujuk_app NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- created meanwhile by a migration of another database in the same cluster
          END;
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO rujuk_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO rujuk_app`);
    await q.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO rujuk_app`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE ON typeorm_migrations FROM rujuk_app`);
    await q.query(`REVOKE UPDATE, DELETE ON audit_event, case_event, referral_event FROM rujuk_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO rujuk_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO rujuk_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT, UPDATE ON SEQUENCES FROM rujuk_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM rujuk_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM rujuk_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM rujuk_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM rujuk_app`);
  }
}
