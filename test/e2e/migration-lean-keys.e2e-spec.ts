// The lean-keys migration on a database that holds data: enrollments and certificates stay,
// the composite keys refuse a row whose partner is not its program's (or whose cohort belongs
// to another program), a parent in use still cannot be deleted, and the way back restores the
// single-column keys.
import type { Client } from 'pg';
import { LeanRosterKeys1764800000000 } from '../../src/core/database/migrations/1764800000000-LeanRosterKeys';
import { isForeignKeyViolation } from '../../src/core/database/pg-errors';
import { databaseBefore, type MigrationDatabase } from '../helpers/migration-db';

/** How a statement fails: 'key' when a key refuses it, null when it succeeds. */
async function failure(db: Client, sql: string): Promise<string | null> {
  try {
    await db.query(sql);
    return null;
  } catch (err) {
    return isForeignKeyViolation(err) ? 'key' : ((err as { code?: string }).code ?? 'unknown');
  }
}

describe('migration LeanRosterKeys', () => {
  let migration: MigrationDatabase;
  let db: Client;

  beforeAll(async () => {
    migration = await databaseBefore(LeanRosterKeys1764800000000);
    db = migration.db;
    await db.query(`
      INSERT INTO partners (code, name, kind) VALUES ('ZTE', 'ZTE', 'industry'),
                                                     ('HUAWEI', 'Huawei', 'industry');
      INSERT INTO programs (code, name, partner_id, target_trainees, starts_on, ends_on)
      SELECT p.code || '-P', p.name, p.id, 100, '2026-01-01', '2026-12-31' FROM partners p;
      INSERT INTO cohorts (code, program_id, name, track)
      SELECT p.code || '-C', p.id, p.name, 'AI' FROM programs p;
      INSERT INTO trainees (cnic, full_name, gender) VALUES
        ('3520212345672', 'Shared Trainee', 'female'), ('3520212345674', 'Second Trainee', 'female');
      INSERT INTO enrollments (trainee_id, program_id, cohort_id, partner_id)
      SELECT t.id, c.program_id, c.id, p.partner_id
      FROM trainees t CROSS JOIN cohorts c JOIN programs p ON p.id = c.program_id
      WHERE t.cnic = '3520212345672';
      INSERT INTO certifications (trainee_id, program_id, partner_id, name, certificate_number,
                                  issued_on, verification_code)
      SELECT e.trainee_id, e.program_id, e.partner_id, 'AI Basics', 'C-1', '2026-06-01',
             md5(e.id::text)
      FROM enrollments e;
    `);
  });

  afterAll(() => migration.drop());

  it('keeps every row, and the database now refuses a partner or cohort that is not the program’s', async () => {
    await migration.migrate();
    const kept = await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM enrollments)::int + (SELECT count(*) FROM certifications)::int AS n`,
    );
    expect(kept.rows[0].n).toBe(4);

    const second = `(SELECT id FROM trainees WHERE cnic = '3520212345674')`;
    const program = (code: string) => `(SELECT id FROM programs WHERE code = '${code}')`;
    const cohort = (code: string) => `(SELECT id FROM cohorts WHERE code = '${code}')`;
    const partner = (code: string) => `(SELECT id FROM partners WHERE code = '${code}')`;
    // ZTE's program with Huawei as its partner; ZTE's program with Huawei's cohort.
    expect(
      await failure(
        db,
        `INSERT INTO enrollments (trainee_id, program_id, cohort_id, partner_id)
         VALUES (${second}, ${program('ZTE-P')}, ${cohort('ZTE-P-C')}, ${partner('HUAWEI')})`,
      ),
    ).toBe('key');
    expect(
      await failure(
        db,
        `INSERT INTO enrollments (trainee_id, program_id, cohort_id, partner_id)
         VALUES (${second}, ${program('ZTE-P')}, ${cohort('HUAWEI-P-C')}, ${partner('ZTE')})`,
      ),
    ).toBe('key');
    expect(
      await failure(
        db,
        `INSERT INTO certifications (trainee_id, program_id, partner_id, name, certificate_number,
                                     issued_on, verification_code)
         VALUES (${second}, ${program('ZTE-P')}, ${partner('HUAWEI')}, 'X', 'C-2', '2026-06-01', 'v2')`,
      ),
    ).toBe('key');
    // The consistent row still goes in; a cohort or program in use still cannot be deleted.
    expect(
      await failure(
        db,
        `INSERT INTO enrollments (trainee_id, program_id, cohort_id, partner_id)
         VALUES (${second}, ${program('ZTE-P')}, ${cohort('ZTE-P-C')}, ${partner('ZTE')})`,
      ),
    ).toBeNull();
    expect(await failure(db, `DELETE FROM cohorts WHERE code = 'ZTE-P-C'`)).toBe('key');
    expect(await failure(db, `DELETE FROM programs WHERE code = 'HUAWEI-P'`)).toBe('key');

    const indexes = await db.query<{ name: string }>(
      `SELECT indexname AS name FROM pg_indexes
       WHERE indexname IN ('enrollments_trainee_idx', 'trainee_contacts_partner_idx')`,
    );
    expect(indexes.rows).toEqual([]);
  });

  it('goes back to one key per parent', async () => {
    await migration.undo();
    const keys = await db.query<{ name: string }>(
      `SELECT conname AS name FROM pg_constraint
       WHERE conrelid IN ('enrollments'::regclass, 'certifications'::regclass) AND contype = 'f'
       ORDER BY 1`,
    );
    expect(keys.rows.map((r) => r.name)).toEqual([
      'certifications_partner_id_fkey',
      'certifications_program_id_fkey',
      'certifications_trainee_id_fkey',
      'enrollments_cohort_id_fkey',
      'enrollments_partner_id_fkey',
      'enrollments_program_id_fkey',
      'enrollments_trainee_id_fkey',
    ]);
    expect(await failure(db, `DELETE FROM cohorts WHERE code = 'ZTE-P-C'`)).toBe('key');
  });
});
