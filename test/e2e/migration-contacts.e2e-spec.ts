// The contacts migration on a database that holds data: today's email and phone move to the
// partner that enrolled the trainee first (or to a staff contact when none did), nothing lost.
import type { Client } from 'pg';
import { TraineeContacts1764500000000 } from '../../src/core/database/migrations/1764500000000-TraineeContacts';
import { databaseBefore, type MigrationDatabase } from '../helpers/migration-db';

describe('migration TraineeContacts', () => {
  let migration: MigrationDatabase;
  let db: Client;

  beforeAll(async () => {
    migration = await databaseBefore(TraineeContacts1764500000000);
    db = migration.db;
  });

  afterAll(() => migration.drop());

  it("moves each trainee's contact to the partner that enrolled it first", async () => {
    await db.query(`
      INSERT INTO partners (code, name, kind) VALUES ('ZTE', 'ZTE', 'industry'),
                                                     ('HUAWEI', 'Huawei', 'industry');
      INSERT INTO programs (code, name, partner_id, target_trainees, starts_on, ends_on)
      SELECT p.code || '-P', p.name, p.id, 100, '2026-01-01', '2026-12-31' FROM partners p;
      INSERT INTO cohorts (code, program_id, name, track)
      SELECT p.code || '-C', p.id, p.name, 'AI' FROM programs p;
      INSERT INTO trainees (cnic, full_name, gender, email, phone) VALUES
        ('3520212345672', 'Shared Trainee', 'female', 'shared@example.pk', '+923001234567'),
        ('3520212345674', 'Lone Trainee', 'female', NULL, '+923331234567'),
        ('3520212345676', 'No Contact', 'female', NULL, NULL);
      INSERT INTO enrollments (trainee_id, program_id, cohort_id, partner_id, created_at)
      SELECT t.id, c.program_id, c.id, p.partner_id,
             CASE WHEN c.code = 'ZTE-C' THEN now() - interval '2 days' ELSE now() END
      FROM trainees t CROSS JOIN cohorts c JOIN programs p ON p.id = c.program_id
      WHERE t.cnic = '3520212345672';
    `);

    await migration.migrateAll();

    const contacts = await db.query(
      `SELECT t.cnic, p.code AS partner, k.email, k.phone FROM trainee_contacts k
       JOIN trainees t ON t.id = k.trainee_id LEFT JOIN partners p ON p.id = k.partner_id
       ORDER BY t.cnic`,
    );
    expect(contacts.rows).toEqual([
      { cnic: '3520212345672', partner: 'ZTE', email: 'shared@example.pk', phone: '+923001234567' },
      { cnic: '3520212345674', partner: null, email: null, phone: '+923331234567' },
    ]);
    const columns = await db.query(
      `SELECT column_name FROM information_schema.columns
       WHERE table_name = 'trainees' AND column_name IN ('email', 'phone')`,
    );
    expect(columns.rows).toEqual([]);
  });
});
