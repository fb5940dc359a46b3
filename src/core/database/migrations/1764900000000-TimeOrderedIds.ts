import { MigrationInterface, QueryRunner } from 'typeorm';

// New rows take time-ordered UUIDs (version 7, RFC 9562) instead of random ones (issue 20). A
// random v4 key sends every insert to a random leaf of the primary-key index: at import scale
// each batch dirties pages all over the index, and after each checkpoint every one of them is
// written to the WAL whole. A v7 key starts with the time in milliseconds, so inserts go to the
// right-hand edge of the index, as the bigint `seq` keys already do (measured: bench:schema).
//
// The ids stay UUIDs and stay opaque to the API (the contract names no version); existing rows
// keep the ids they were given, since partners may have stored them. Pagination still orders
// by `seq`. What is random for a reason stays random: certificate verification codes.
//
// PostgreSQL 18 has a built-in uuidv7(); this function works on every supported version (the
// random v4's first 48 bits replaced by the Unix time in milliseconds, version nibble set to 7).
const TABLES = [
  'audit_events',
  'certifications',
  'cohorts',
  'enrollments',
  'identity_conflicts',
  'imports',
  'partner_api_keys',
  'partners',
  'program_targets',
  'programs',
  'trainees',
  'users',
  'webhook_deliveries',
  'webhook_events',
  'webhooks',
];

export class TimeOrderedIds1764900000000 implements MigrationInterface {
  name = 'TimeOrderedIds1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION uuid_time_ordered() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
        SELECT encode(
          set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint)
                                      FROM 3)
                    FROM 1 FOR 6),
            52, 1), 53, 1),
          'hex')::uuid
      $$`);
    for (const table of TABLES) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN id SET DEFAULT uuid_time_ordered()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN id SET DEFAULT gen_random_uuid()`);
    }
    await q.query('DROP FUNCTION uuid_time_ordered()');
  }
}
