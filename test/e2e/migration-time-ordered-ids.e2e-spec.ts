// The time-ordered-ids migration on a database that holds data: stored ids do not change (the
// API has handed them out), new rows get version-7 UUIDs in creation order, every table with a
// generated id takes them, certificate verification codes stay random, and the way back
// restores random ids.
import type { Client } from 'pg';
import { TimeOrderedIds1764900000000 } from '../../src/core/database/migrations/1764900000000-TimeOrderedIds';
import { UUID_PATTERN } from '../../src/core/http/id-param.pipe';
import { databaseBefore, type MigrationDatabase } from '../helpers/migration-db';

const version = (id: string) => id[14];

async function newTrainee(db: Client, cnic: string): Promise<string> {
  const res = await db.query<{ id: string }>(
    `INSERT INTO trainees (cnic, full_name, gender) VALUES ($1, 'New Trainee', 'male') RETURNING id`,
    [cnic],
  );
  return res.rows[0].id;
}

describe('migration TimeOrderedIds', () => {
  let migration: MigrationDatabase;
  let db: Client;
  let storedIds: string[];

  beforeAll(async () => {
    migration = await databaseBefore(TimeOrderedIds1764900000000);
    db = migration.db;
    const res = await db.query<{ id: string }>(`
      INSERT INTO trainees (cnic, full_name, gender)
      SELECT '35202' || lpad(n::text, 8, '0'), 'Stored Trainee ' || n, 'female'
      FROM generate_series(1, 50) n RETURNING id`);
    storedIds = res.rows.map((r) => r.id).sort();
  });
  afterAll(() => migration.drop());

  it('keeps stored ids and gives new rows version-7 ids that sort in creation order', async () => {
    expect(storedIds.every((id) => version(id) === '4')).toBe(true);
    await migration.migrate();

    const after = await db.query<{ id: string }>(
      `SELECT id FROM trainees WHERE full_name LIKE 'Stored Trainee %' ORDER BY id`,
    );
    expect(after.rows.map((r) => r.id)).toEqual(storedIds);

    const fresh: string[] = [];
    for (let i = 0; i < 5; i++) {
      fresh.push(await newTrainee(db, `3520300000${String(i).padStart(3, '0')}`));
      await new Promise((r) => setTimeout(r, 3)); // a new millisecond for each
    }
    for (const id of fresh) {
      expect(id).toMatch(UUID_PATTERN); // the API's path ids still accept them
      expect(version(id)).toBe('7');
      expect('89ab').toContain(id[19]); // RFC 9562 variant
    }
    expect([...fresh].sort()).toEqual(fresh);
    // The first 48 bits are the time of the insert, in milliseconds.
    const ms = parseInt(fresh[0].replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
  });

  it('every table with a generated id uses it; verification codes stay random', async () => {
    const defaults = await db.query<{ table_name: string; column_default: string }>(`
      SELECT table_name, column_default FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'id' AND data_type = 'uuid'
        AND column_default IS NOT NULL`);
    expect(defaults.rows.length).toBeGreaterThan(10);
    for (const row of defaults.rows) {
      expect({ table: row.table_name, default: row.column_default }).toEqual({
        table: row.table_name,
        default: 'uuid_time_ordered()',
      });
    }
    const codes = await db.query<{ column_default: string }>(`
      SELECT column_default FROM information_schema.columns
      WHERE table_name = 'certifications' AND column_name = 'verification_code'`);
    expect(codes.rows[0]?.column_default ?? '').not.toContain('uuid_time_ordered');
  });

  it('the way back restores random ids', async () => {
    await migration.undo();
    const id = await newTrainee(db, '3520399999999');
    expect(version(id)).toBe('4');
  });
});
