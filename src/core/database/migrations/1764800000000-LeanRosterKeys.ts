import { MigrationInterface, QueryRunner } from 'typeorm';

// Fewer checks per imported row, and stronger ones (issue 20). Every enrollment and certificate
// row paid one row-level foreign-key check per parent (trainee, program, cohort, partner). The
// partner is the program's and the program the cohort's, so two composite keys say it all:
// enrollments (cohort_id, program_id) → cohorts (id, program_id) and (program_id, partner_id) →
// programs (id, partner_id); certifications (program_id, partner_id) → programs. One check
// fewer per row, and a row whose partner is not its program's (or whose cohort is another
// program's) can no longer exist at all: the invariant the merge and the API kept by hand is now
// the database's. Indexes no query needs go too (EXPLAIN in the README's import section):
// enrollments (trainee_id) is the leading column of the (trainee_id, program_id) unique key,
// and trainee_contacts (partner_id) served only the partner key's RESTRICT check, and partners
// are never deleted.
export class LeanRosterKeys1764800000000 implements MigrationInterface {
  name = 'LeanRosterKeys1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE programs ADD CONSTRAINT programs_id_partner_key UNIQUE (id, partner_id);
      ALTER TABLE cohorts ADD CONSTRAINT cohorts_id_program_key UNIQUE (id, program_id);

      ALTER TABLE enrollments
        DROP CONSTRAINT enrollments_partner_id_fkey,
        DROP CONSTRAINT enrollments_program_id_fkey,
        DROP CONSTRAINT enrollments_cohort_id_fkey,
        ADD CONSTRAINT enrollments_cohort_program_fkey FOREIGN KEY (cohort_id, program_id)
          REFERENCES cohorts (id, program_id) ON DELETE RESTRICT,
        ADD CONSTRAINT enrollments_program_partner_fkey FOREIGN KEY (program_id, partner_id)
          REFERENCES programs (id, partner_id) ON DELETE RESTRICT;
      DROP INDEX enrollments_trainee_idx;

      ALTER TABLE certifications
        DROP CONSTRAINT certifications_partner_id_fkey,
        DROP CONSTRAINT certifications_program_id_fkey,
        ADD CONSTRAINT certifications_program_partner_fkey FOREIGN KEY (program_id, partner_id)
          REFERENCES programs (id, partner_id) ON DELETE RESTRICT;

      DROP INDEX trainee_contacts_partner_idx;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX trainee_contacts_partner_idx ON trainee_contacts (partner_id);

      ALTER TABLE certifications
        DROP CONSTRAINT certifications_program_partner_fkey,
        ADD CONSTRAINT certifications_program_id_fkey FOREIGN KEY (program_id)
          REFERENCES programs (id) ON DELETE RESTRICT,
        ADD CONSTRAINT certifications_partner_id_fkey FOREIGN KEY (partner_id)
          REFERENCES partners (id) ON DELETE RESTRICT;

      CREATE INDEX enrollments_trainee_idx ON enrollments (trainee_id);
      ALTER TABLE enrollments
        DROP CONSTRAINT enrollments_program_partner_fkey,
        DROP CONSTRAINT enrollments_cohort_program_fkey,
        ADD CONSTRAINT enrollments_cohort_id_fkey FOREIGN KEY (cohort_id)
          REFERENCES cohorts (id) ON DELETE RESTRICT,
        ADD CONSTRAINT enrollments_program_id_fkey FOREIGN KEY (program_id)
          REFERENCES programs (id) ON DELETE RESTRICT,
        ADD CONSTRAINT enrollments_partner_id_fkey FOREIGN KEY (partner_id)
          REFERENCES partners (id) ON DELETE RESTRICT;

      ALTER TABLE cohorts DROP CONSTRAINT cohorts_id_program_key;
      ALTER TABLE programs DROP CONSTRAINT programs_id_partner_key;
    `);
  }
}
