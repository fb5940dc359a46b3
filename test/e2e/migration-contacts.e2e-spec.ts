// The contacts migration on a database that holds data: today's email and phone move to the
// partner that enrolled the trainee first (or to a staff contact when none did), nothing lost.
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/core/database/data-source-options';
import { MIGRATIONS } from '../../src/core/database/migrations';
import { TraineeContacts1764500000000 } from '../../src/core/database/migrations/1764500000000-TraineeContacts';
import { baseDatabaseUrl, newRunId, withDatabase } from '../setup/test-env';

async function migrate(url: string, migrations: typeof MIGRATIONS): Promise<void> {
  const ds = new DataSource({ ...dataSourceOptions(url), migrations, extra: { max: 1 } });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}

describe('migration TraineeContacts', () => {
  const database = `sdt_mig_${newRunId()}`;
  const url = withDatabase(baseDatabaseUrl(), database);
  let db: Client;

  beforeAll(async () => {
    const admin = new Client({ connectionString: baseDatabaseUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(TraineeContacts1764500000000));
    await migrate(url, before);
    db = new Client({ connectionString: url });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    const admin = new Client({ connectionString: baseDatabaseUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

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

    await migrate(url, MIGRATIONS);

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
