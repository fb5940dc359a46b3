import { MigrationInterface, QueryRunner } from 'typeorm';

// Partner users: people of a partner signing in to the console with a password. They hold
// exactly one partner in user_partners (the service enforces it on every write).
export class PartnerUsers1764600000000 implements MigrationInterface {
  name = 'PartnerUsers1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users DROP CONSTRAINT users_role_check;
      ALTER TABLE users ADD CONSTRAINT users_role_check
        CHECK (role IN ('admin','coordinator','ministry','partner'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users DROP CONSTRAINT users_role_check;
      ALTER TABLE users ADD CONSTRAINT users_role_check
        CHECK (role IN ('admin','coordinator','ministry'));
    `);
  }
}
