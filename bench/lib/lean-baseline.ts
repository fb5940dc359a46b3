// The lean schema: what the same data costs in a schema built only for this load, so the
// pipeline's figures can be read against both our schema (the heavy baseline, with every index,
// foreign key and check the app needs) and the cheapest honest schema for the same rows.
//
// Same table and column names as ours, so sql-baseline.ts's statements run on it unchanged (one
// definition of the merge, same IS DISTINCT FROM rule: an unchanged row costs no write). What
// differs is only what the load has to maintain:
// - bigint identity keys instead of uuid + a second bigint `seq` key;
// - one unique index per natural key and no other index (no search, listing or report indexes);
// - at most one foreign key per child table (trainee_id → trainees);
// - no CHECK constraints (the roster is valid; the heavy schema's checks are a few CPU cycles a row);
// - contacts keyed by (trainee_id, partner_id) alone: no row references a contact, so a surrogate
//   key would be one more index that nothing reads.
// The columns are ours, nullable ones the import never writes included, so rows are as wide.
import type { BenchCatalogueSpec } from './bench-databases';
import { withClient } from './pg-client';

const LEAN_SCHEMA = `
  CREATE TABLE partners (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE, name text NOT NULL, kind text NOT NULL);
  CREATE TABLE programs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE, name text NOT NULL,
    partner_id bigint NOT NULL REFERENCES partners (id));
  CREATE TABLE cohorts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE, program_id bigint NOT NULL REFERENCES programs (id),
    name text NOT NULL, track text NOT NULL, city text, province text);
  CREATE TABLE trainees (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cnic text NOT NULL UNIQUE,
    full_name text NOT NULL, gender text NOT NULL, date_of_birth date, province text,
    district text, category text NOT NULL DEFAULT 'youth',
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    created_by_user_id bigint);
  CREATE TABLE trainee_contacts (
    trainee_id bigint NOT NULL REFERENCES trainees (id),
    partner_id bigint NOT NULL,
    email text, phone text, updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (trainee_id, partner_id));
  CREATE TABLE enrollments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trainee_id bigint NOT NULL REFERENCES trainees (id),
    program_id bigint NOT NULL, cohort_id bigint NOT NULL, partner_id bigint NOT NULL,
    external_id text, status text NOT NULL DEFAULT 'enrolled',
    progress_pct smallint NOT NULL DEFAULT 0, enrolled_on date NOT NULL DEFAULT current_date,
    completed_on date,
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (trainee_id, program_id));
  CREATE TABLE certifications (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trainee_id bigint NOT NULL REFERENCES trainees (id),
    program_id bigint NOT NULL, partner_id bigint NOT NULL,
    name text NOT NULL, certificate_number text NOT NULL, issued_on date NOT NULL,
    expires_on date, verification_code text NOT NULL, revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (partner_id, certificate_number));`;

/** Creates the lean tables in an empty database. */
export async function createLeanSchema(url: string): Promise<void> {
  await withClient(url, (client) => client.query(LEAN_SCHEMA));
}

/** The catalogue rows the merge joins to (partner, program, cohorts); returns the partner's id. */
export async function seedLeanCatalogue(url: string, spec: BenchCatalogueSpec): Promise<string> {
  return withClient(url, async (client) => {
    await client.query('BEGIN');
    const partner = await client.query<{ id: string }>(
      `INSERT INTO partners (code, name, kind) VALUES ($1, $2, $3) RETURNING id`,
      [spec.partner.code, spec.partner.name, spec.partner.kind],
    );
    const partnerId = partner.rows[0].id;
    const program = await client.query<{ id: string }>(
      `INSERT INTO programs (code, name, partner_id) VALUES ($1, $2, $3) RETURNING id`,
      [spec.program.code, spec.program.name, partnerId],
    );
    for (const c of spec.cohorts) {
      await client.query(
        `INSERT INTO cohorts (code, program_id, name, track, city, province)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [c.code, program.rows[0].id, `${c.city} ${c.track}`, c.track, c.city, c.province],
      );
    }
    await client.query('COMMIT');
    return partnerId;
  });
}
