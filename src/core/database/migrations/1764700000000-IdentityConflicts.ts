import { MigrationInterface, QueryRunner } from 'typeorm';

// What a partner supplied for a shared trainee's identity, where it differs from the national
// record (API.md, "A trainee shared by two partners"): one row per trainee and partner, written
// set-based by the roster merge. While it is open, or after staff kept the record, the partner
// reads back these values instead of the record, so sending a known CNIC with made-up details
// reveals nothing another partner supplied. Coordinators and admins reconcile open rows.
//
// Conflicts from before this migration cannot be rebuilt (the supplied values were never kept);
// the next roster that carries them records them again.
export class IdentityConflicts1764700000000 implements MigrationInterface {
  name = 'IdentityConflicts1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity_conflicts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        trainee_id uuid NOT NULL REFERENCES trainees(id) ON DELETE CASCADE,
        partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
        -- The identity columns in which the supplied values differ from the record.
        columns text[] NOT NULL,
        full_name text NOT NULL,
        gender text NOT NULL,
        date_of_birth date,
        province text,
        district text,
        category text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        -- record / supplied: a coordinator's choice; agreed: a later row matched the record.
        resolution text CHECK (resolution IN ('record', 'supplied', 'agreed')),
        import_id uuid REFERENCES imports(id) ON DELETE SET NULL,
        line integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        resolved_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        CONSTRAINT identity_conflicts_pair_uq UNIQUE (trainee_id, partner_id),
        CHECK ((status = 'open') = (resolution IS NULL))
      );
      CREATE INDEX identity_conflicts_status_idx ON identity_conflicts (status, seq);
      CREATE INDEX identity_conflicts_partner_idx ON identity_conflicts (partner_id, status, seq);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE identity_conflicts');
  }
}
