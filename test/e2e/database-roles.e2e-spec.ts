import { DataSource } from 'typeorm';
import { asOwner, startApp, TestApp, userWithToken } from '../support/harness';

/**
 * The API and the worker connect as a runtime role (a member of rujuk_app) that owns nothing: it cannot change
 * a table's definition or its triggers, and on the append-only tables it may only read and insert. The whole
 * suite runs as that role, so every other test also proves it is enough for the API and the worker.
 */
describe('database roles: the runtime role cannot tamper with the audit trail', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
    await userWithToken(t, 'ADMIN'); // a login writes audit rows as the runtime role
  });
  afterAll(() => t?.close());

  it('the API connects as a role that is neither superuser nor owner, and a member of rujuk_app', async () => {
    const [me] = await t.db.query(
      `SELECT current_user AS "user", r.rolsuper AS super, r.rolcreaterole AS "createRole", pg_has_role(current_user, 'rujuk_app', 'MEMBER') AS member,
              (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owned
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(me).toMatchObject({ super: false, createRole: false, member: true, owned: 0 });
  });

  it.each([
    ['ALTER TABLE', `ALTER TABLE audit_event ADD COLUMN tampered boolean`],
    ['DISABLE TRIGGER', `ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`],
    ['DISABLE TRIGGER ALL', `ALTER TABLE audit_event DISABLE TRIGGER ALL`],
    ['DELETE', `DELETE FROM audit_event`],
    ['UPDATE', `UPDATE audit_event SET action = 'TAMPERED'`],
    ['TRUNCATE', `TRUNCATE audit_event`],
    ['DROP TRIGGER', `DROP TRIGGER audit_event_no_truncate ON audit_event`],
    ['DROP TABLE', `DROP TABLE audit_event`],
    ['replication role', `SET session_replication_role = replica`],
    ['case_event UPDATE', `UPDATE case_event SET reason = 'x'`],
    ['referral_event DELETE', `DELETE FROM referral_event`],
    ['migrations table', `DELETE FROM typeorm_migrations`],
    ['new table', `CREATE TABLE tampering (id int)`],
  ])('refuses %s', async (_what, sql) => {
    await expect(t.db.query(sql)).rejects.toThrow(/permission denied|must be owner|must be superuser/);
  });

  it('leaves the trail as it was', async () => {
    const count = async (db: { query: (q: string) => Promise<any> }) => db.query(`SELECT count(*)::int AS n FROM audit_event`);
    const [{ n }] = await count(t.db);
    expect(n).toBeGreaterThan(0);
    const owner = await asOwner(async (o) => (await o.query(`SELECT count(*)::int AS n, bool_and(action <> 'TAMPERED') AS clean FROM audit_event`)).rows[0]);
    expect(owner).toEqual({ n, clean: true });
  });

  it('tables created by later migrations are covered by the same grants (default privileges)', async () => {
    await asOwner((o) => o.query(`CREATE TABLE later_feature_probe (id int); `));
    try {
      const probe = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
      await probe.initialize();
      try {
        await probe.query(`INSERT INTO later_feature_probe VALUES (1)`);
        await expect(probe.query(`ALTER TABLE later_feature_probe ADD COLUMN x int`)).rejects.toThrow(/must be owner/);
      } finally {
        await probe.destroy();
      }
    } finally {
      await asOwner((o) => o.query(`DROP TABLE later_feature_probe`));
    }
  });
});
