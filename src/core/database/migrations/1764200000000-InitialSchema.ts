import { MigrationInterface, QueryRunner } from 'typeorm';

// The foundation schema. Every rule the contract states about stored data is also a database
// constraint (uniques, foreign keys, enum and range checks), so no code path can bypass it.
// Each resource table has a `seq` identity used only as the keyset-pagination order.
export class InitialSchema1764200000000 implements MigrationInterface {
  name = 'InitialSchema1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partners (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_-]{2,32}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('industry','government','academic','donor')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX partners_kind_idx ON partners (kind, seq);

      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin','coordinator','ministry')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_uq ON users (email);

      CREATE TABLE user_partners (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE RESTRICT,
        PRIMARY KEY (user_id, partner_id)
      );

      CREATE TABLE partner_api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
        prefix text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE INDEX partner_api_keys_partner_idx ON partner_api_keys (partner_id, seq);

      CREATE TABLE programs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_-]{2,64}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE RESTRICT,
        target_trainees integer NOT NULL CHECK (target_trainees > 0),
        tracks text[] NOT NULL DEFAULT '{}',
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','active','closed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on >= starts_on)
      );
      CREATE INDEX programs_partner_idx ON programs (partner_id, seq);
      CREATE INDEX programs_status_idx ON programs (status, seq);

      CREATE TABLE program_targets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        program_id uuid NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
        dimension text NOT NULL CHECK (dimension IN ('province','gender','track')),
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
        target integer NOT NULL CHECK (target > 0),
        UNIQUE (program_id, dimension, key)
      );

      CREATE TABLE cohorts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_-]{2,64}$'),
        program_id uuid NOT NULL REFERENCES programs(id) ON DELETE RESTRICT,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        track text NOT NULL CHECK (length(track) BETWEEN 1 AND 100),
        training_centre text,
        city text,
        province text CHECK (province IN ('PB','SD','KP','BA','ICT','GB','AJK')),
        mode text NOT NULL DEFAULT 'onsite' CHECK (mode IN ('onsite','online','hybrid')),
        starts_on date,
        ends_on date,
        capacity integer CHECK (capacity > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
      );
      CREATE INDEX cohorts_program_idx ON cohorts (program_id, seq);
      CREATE INDEX cohorts_province_idx ON cohorts (province, seq);

      CREATE TABLE trainees (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        cnic text NOT NULL UNIQUE CHECK (cnic ~ '^[0-9]{13}$'),
        full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
        gender text NOT NULL CHECK (gender IN ('female','male','transgender')),
        date_of_birth date,
        province text CHECK (province IN ('PB','SD','KP','BA','ICT','GB','AJK')),
        district text,
        email text,
        phone text CHECK (phone ~ '^\\+92[0-9]{9,10}$'),
        category text NOT NULL DEFAULT 'youth'
          CHECK (category IN ('youth','government_official','professional','other')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX trainees_province_idx ON trainees (province, seq);

      CREATE TABLE enrollments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        trainee_id uuid NOT NULL REFERENCES trainees(id) ON DELETE RESTRICT,
        program_id uuid NOT NULL REFERENCES programs(id) ON DELETE RESTRICT,
        cohort_id uuid NOT NULL REFERENCES cohorts(id) ON DELETE RESTRICT,
        partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE RESTRICT,
        external_id text,
        status text NOT NULL DEFAULT 'enrolled'
          CHECK (status IN ('enrolled','active','completed','dropped')),
        progress_pct smallint NOT NULL DEFAULT 0 CHECK (progress_pct BETWEEN 0 AND 100),
        enrolled_on date NOT NULL DEFAULT CURRENT_DATE,
        completed_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (trainee_id, program_id),
        CHECK (status <> 'completed' OR progress_pct = 100),
        CHECK (completed_on IS NULL OR completed_on >= enrolled_on)
      );
      CREATE INDEX enrollments_program_idx ON enrollments (program_id, seq);
      CREATE INDEX enrollments_cohort_idx ON enrollments (cohort_id, seq);
      CREATE INDEX enrollments_partner_idx ON enrollments (partner_id, seq);
      CREATE INDEX enrollments_trainee_idx ON enrollments (trainee_id);
      CREATE INDEX enrollments_status_idx ON enrollments (status, seq);

      CREATE TABLE certifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        trainee_id uuid NOT NULL REFERENCES trainees(id) ON DELETE RESTRICT,
        program_id uuid NOT NULL REFERENCES programs(id) ON DELETE RESTRICT,
        partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE RESTRICT,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        certificate_number text NOT NULL CHECK (length(certificate_number) BETWEEN 1 AND 100),
        issued_on date NOT NULL,
        expires_on date,
        verification_code text NOT NULL UNIQUE,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (partner_id, certificate_number),
        CHECK (expires_on IS NULL OR expires_on >= issued_on)
      );
      CREATE INDEX certifications_trainee_idx ON certifications (trainee_id);
      CREATE INDEX certifications_program_idx ON certifications (program_id, seq);
      CREATE INDEX certifications_partner_idx ON certifications (partner_id, seq);

      CREATE TABLE imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE RESTRICT,
        requested_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        status text NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued','processing','completed','failed','cancelled')),
        filename text,
        content_type text NOT NULL,
        format text NOT NULL CHECK (format IN ('csv','json')),
        size_bytes bigint NOT NULL DEFAULT 0,
        sha256 text,
        idempotency_key text,
        dry_run boolean NOT NULL DEFAULT false,
        atomic boolean NOT NULL DEFAULT false,
        duplicate_of_import_id uuid REFERENCES imports(id) ON DELETE SET NULL,
        total_rows integer,
        processed_rows integer NOT NULL DEFAULT 0,
        created integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        warnings integer NOT NULL DEFAULT 0,
        committed_records integer NOT NULL DEFAULT 0,
        cancel_requested boolean NOT NULL DEFAULT false,
        failure_reason text,
        started_at timestamptz,
        finished_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX imports_idempotency_uq ON imports (partner_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL;
      CREATE INDEX imports_partner_idx ON imports (partner_id, seq DESC);
      CREATE INDEX imports_status_idx ON imports (status) WHERE status IN ('queued','processing');
      CREATE INDEX imports_sha_idx ON imports (partner_id, sha256);

      CREATE TABLE import_chunks (
        import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        chunk_no integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (import_id, chunk_no)
      );

      CREATE TABLE import_problems (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        line integer NOT NULL,
        "column" text,
        code text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('error','warning')),
        message text NOT NULL
      );
      CREATE INDEX import_problems_order_idx ON import_problems (import_id, line, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE import_problems, import_chunks, imports, certifications, enrollments, trainees,
        cohorts, program_targets, programs, partner_api_keys, user_partners, users, partners;
    `);
  }
}
