import { MigrationInterface, QueryRunner } from 'typeorm';

// Accounts people can run: a user can be disabled, and its login tokens can be revoked.
// A token carries the user's token_version when it was issued (and a random session id); any
// change that must end sessions bumps token_version. A password change by the user keeps its
// own session alive by naming it in kept_session_id.
export class UserAccounts1764600000001 implements MigrationInterface {
  name = 'UserAccounts1764600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN disabled_at timestamptz,
        ADD COLUMN token_version integer NOT NULL DEFAULT 0,
        ADD COLUMN kept_session_id uuid;
      CREATE INDEX users_role_idx ON users (role, seq);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX users_role_idx;
      ALTER TABLE users DROP COLUMN disabled_at, DROP COLUMN token_version,
        DROP COLUMN kept_session_id;
    `);
  }
}
