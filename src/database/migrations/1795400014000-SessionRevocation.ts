import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed-out console sessions: a session token (a JWT with a session id) stays signed until it expires, so
 * sign-out records its id here until then and every later use of the token is refused. Rows past expires_at
 * are pruned at the next sign-out.
 */
export class SessionRevocation1795400014000 implements MigrationInterface {
  name = 'SessionRevocation1795400014000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE auth_session_revocation (
        session_id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        revoked_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX auth_session_revocation_expires_idx ON auth_session_revocation (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auth_session_revocation`);
  }
}
