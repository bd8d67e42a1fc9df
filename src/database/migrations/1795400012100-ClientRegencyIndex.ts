import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A gap analysis of one province or regency reads the needs and referrals of its clients from their regencies
 * (client -> case -> need -> referral, each by index) instead of filtering every need and referral.
 */
export class ClientRegencyIndex1795400012100 implements MigrationInterface {
  name = 'ClientRegencyIndex1795400012100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX client_regency_idx ON client (regency_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX client_regency_idx`);
  }
}
