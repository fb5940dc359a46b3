// A database of a migration test's own, migrated up to just before the migration under test,
// so the test can fill it with yesterday's shape of data and then run the migration on it.
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/core/database/data-source-options';
import { MIGRATIONS } from '../../src/core/database/migrations';
import { baseDatabaseUrl, newRunId, withDatabase } from '../setup/test-env';

type Migration = (typeof MIGRATIONS)[number];

async function withMigrations(
  url: string,
  migrations: Migration[],
  fn: (ds: DataSource) => Promise<unknown>,
): Promise<void> {
  const ds = new DataSource({ ...dataSourceOptions(url), migrations, extra: { max: 1 } });
  await ds.initialize();
  try {
    await fn(ds);
  } finally {
    await ds.destroy();
  }
}

async function asAdmin(sql: string): Promise<void> {
  const admin = new Client({ connectionString: baseDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export interface MigrationDatabase {
  /** Connected to the database. */
  db: Client;
  /** Runs the migration under test (and only it: later ones are other tests' business). */
  migrate(): Promise<void>;
  /** Runs every migration not run yet (data kept through all that follow). */
  migrateAll(): Promise<void>;
  /** Reverts the migration under test (after `migrate`). */
  undo(): Promise<void>;
  /** Closes the connection and drops the database. */
  drop(): Promise<void>;
}

/** A new database with every migration before `next` run. */
export async function databaseBefore(next: Migration): Promise<MigrationDatabase> {
  const database = `sdt_mig_${newRunId()}`;
  const url = withDatabase(baseDatabaseUrl(), database);
  await asAdmin(`CREATE DATABASE ${database}`);
  const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(next));
  const through = [...before, next];
  await withMigrations(url, before, (ds) => ds.runMigrations({ transaction: 'each' }));
  const db = new Client({ connectionString: url });
  await db.connect();
  return {
    db,
    migrate: () => withMigrations(url, through, (ds) => ds.runMigrations({ transaction: 'each' })),
    migrateAll: () =>
      withMigrations(url, MIGRATIONS, (ds) => ds.runMigrations({ transaction: 'each' })),
    undo: () => withMigrations(url, through, (ds) => ds.undoLastMigration({ transaction: 'each' })),
    drop: async () => {
      await db.end();
      await asAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}
