import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A trainee shared by two partners (API.md): contacts (email, phone) move off the trainee into
 * one row per supplying partner, so a partner reads and writes only what it supplied. Today's
 * values go to the partner that enrolled the trainee first; a trainee with no enrollment keeps
 * them as a staff-supplied contact (partner_id NULL). Trainees also remember the user who
 * created them, so a scoped coordinator can see (and enroll) a trainee it has just created.
 */
export class TraineeContacts1764500000000 implements MigrationInterface {
  name = 'TraineeContacts1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trainee_contacts (
        trainee_id uuid NOT NULL REFERENCES trainees(id) ON DELETE CASCADE,
        partner_id uuid REFERENCES partners(id) ON DELETE RESTRICT,
        email text CHECK (email = lower(email) AND length(email) <= 254),
        phone text CHECK (phone ~ '^\\+92[0-9]{9,10}$'),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT trainee_contacts_partner_uq UNIQUE (trainee_id, partner_id)
      );
      -- UNIQUE treats NULLs as distinct: one staff-supplied contact per trainee at most.
      CREATE UNIQUE INDEX trainee_contacts_staff_uq ON trainee_contacts (trainee_id)
        WHERE partner_id IS NULL;
      CREATE INDEX trainee_contacts_partner_idx ON trainee_contacts (partner_id);

      INSERT INTO trainee_contacts (trainee_id, partner_id, email, phone, updated_at)
      SELECT t.id, first.partner_id, lower(t.email), t.phone, t.updated_at
      FROM trainees t
      LEFT JOIN LATERAL (
        SELECT e.partner_id FROM enrollments e WHERE e.trainee_id = t.id
        ORDER BY e.created_at, e.seq LIMIT 1) first ON true
      WHERE t.email IS NOT NULL OR t.phone IS NOT NULL;

      ALTER TABLE trainees DROP COLUMN email, DROP COLUMN phone;
      ALTER TABLE trainees ADD COLUMN created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL;
      CREATE INDEX trainees_created_by_idx ON trainees (created_by_user_id, seq)
        WHERE created_by_user_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX trainees_created_by_idx;
      ALTER TABLE trainees DROP COLUMN created_by_user_id;
      ALTER TABLE trainees ADD COLUMN email text,
        ADD COLUMN phone text CHECK (phone ~ '^\\+92[0-9]{9,10}$');
      UPDATE trainees t SET email = c.email, phone = c.phone
      FROM (SELECT DISTINCT ON (trainee_id) trainee_id, email, phone FROM trainee_contacts
            ORDER BY trainee_id, updated_at DESC) c
      WHERE c.trainee_id = t.id;
      DROP TABLE trainee_contacts;
    `);
  }
}
