import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * NOTIFY rujuk_user_changed with the user's id when a field the auth guard serves from its viewer cache
 * changes (email, role, organisation, region scope, active) or the user is deleted, however the change is
 * made (the API, a script, psql); an empty payload (TRUNCATE) means every user. NOTIFY goes out at commit, so
 * the API evicts exactly the committed changes.
 */
export class UserChangeNotify1795400008000 implements MigrationInterface {
  name = 'UserChangeNotify1795400008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION user_account_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('rujuk_user_changed', CASE WHEN TG_LEVEL = 'ROW' THEN OLD.id::text ELSE '' END);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER user_account_changed_update AFTER UPDATE ON user_account FOR EACH ROW
      WHEN ((OLD.id, OLD.email, OLD.role, OLD.organization_id, OLD.region_scope, OLD.active)
            IS DISTINCT FROM (NEW.id, NEW.email, NEW.role, NEW.organization_id, NEW.region_scope, NEW.active))
      EXECUTE FUNCTION user_account_changed()`);
    await q.query(`
      CREATE TRIGGER user_account_changed_delete AFTER DELETE ON user_account FOR EACH ROW
      EXECUTE FUNCTION user_account_changed()`);
    await q.query(`
      CREATE TRIGGER user_account_changed_truncate AFTER TRUNCATE ON user_account FOR EACH STATEMENT
      EXECUTE FUNCTION user_account_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER user_account_changed_truncate ON user_account`);
    await q.query(`DROP TRIGGER user_account_changed_delete ON user_account`);
    await q.query(`DROP TRIGGER user_account_changed_update ON user_account`);
    await q.query(`DROP FUNCTION user_account_changed()`);
  }
}
