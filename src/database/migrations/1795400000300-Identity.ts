import { MigrationInterface, QueryRunner } from 'typeorm';

/** Users: one organisation each, one role, a region scope (any level; null = national). */
export class Identity1795400000300 implements MigrationInterface {
  name = 'Identity1795400000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_account (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL,
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        organization_id uuid REFERENCES organization(id),
        role text NOT NULL CHECK (role IN ('ADMIN', 'COORDINATOR', 'SUPERVISOR', 'CASE_MANAGER', 'PARTNER_STAFF')),
        region_scope varchar(13) REFERENCES region(code),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deactivated_at timestamptz,
        CONSTRAINT user_org_required_chk CHECK (role = 'ADMIN' OR organization_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX user_account_email_uq ON user_account (lower(email))`);
    await q.query(`CREATE INDEX user_account_organization_idx ON user_account (organization_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_account`);
  }
}
