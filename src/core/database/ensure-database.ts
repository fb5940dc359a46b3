// Before migrating: the database DATABASE_URL names must exist. A fresh laptop's Postgres has
// none, so create it when the role may; otherwise say, in one line, which database is missing
// and the command that creates it. An unreachable server is one line too.
import { Client } from 'pg';
import { StartupError } from '../process/run-process';

const INVALID_CATALOG_NAME = '3D000';
const INSUFFICIENT_PRIVILEGE = '42501';
const DUPLICATE_DATABASE = '42P04';

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function createdbCommand(u: URL, database: string): string {
  const user = decodeURIComponent(u.username) || 'postgres';
  return `createdb -h ${u.hostname} -p ${u.port || '5432'} -U ${user} ${database}`;
}

/** Returns the database's name when it had to be created, else null. */
export async function ensureDatabaseExists(databaseUrl: string): Promise<string | null> {
  const u = new URL(databaseUrl);
  const database = decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username);
  const probe = new Client({ connectionString: databaseUrl });
  try {
    await probe.connect();
    return null;
  } catch (err) {
    if (codeOf(err) !== INVALID_CATALOG_NAME) {
      const reason = codeOf(err) ?? (err instanceof Error ? err.message : 'unknown error');
      throw new StartupError(
        `cannot connect to PostgreSQL at ${u.hostname}:${u.port || '5432'} (DATABASE_URL): ${reason}`,
      );
    }
  } finally {
    await probe.end().catch(() => undefined);
  }
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const admin = new Client({ connectionString: maintenance.toString() });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);
    return database;
  } catch (err) {
    // Another process started at the same time and created it first.
    if (codeOf(err) === DUPLICATE_DATABASE) return null;
    const why =
      codeOf(err) === INSUFFICIENT_PRIVILEGE
        ? 'and this role may not create it'
        : 'and it could not be created';
    throw new StartupError(
      `database "${database}" (DATABASE_URL) does not exist ${why}: run ${createdbCommand(u, database)}`,
    );
  } finally {
    await admin.end().catch(() => undefined);
  }
}
