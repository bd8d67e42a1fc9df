import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only audit trail. Who (actor, role, organisation), did what (action) to which record
 * (entity type and id, and the organisation the record belongs to, for supervisors' view), when, under which
 * request id and from which address. `details` holds codes and field names only, never personal data.
 *
 * Append-only is enforced by the database: statement-level triggers refuse UPDATE, DELETE and TRUNCATE for
 * everyone, including the table owner (a trigger fires for superusers too), and the privileges are revoked
 * from PUBLIC. No foreign keys: the trail must outlive the rows it speaks of.
 */
export class Audit1795400001000 implements MigrationInterface {
  name = 'Audit1795400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id uuid,
        actor_role text,
        actor_organization_id uuid,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        entity_organization_id uuid,
        request_id text,
        client_address inet,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_event_entity_idx ON audit_event (entity_type, entity_id, id)`);
    await q.query(`CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, id)`);
    await q.query(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_event`);
    await q.query(`DROP FUNCTION audit_event_append_only()`);
  }
}
