// One database and one Redis key prefix per test run, so runs never see each other's data.
import { randomBytes } from 'node:crypto';

export const TEST_ADMIN = { email: 'admin@test.sdt.pk', password: 'admin-password-123' };

export function baseDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function newRunId(): string {
  return `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}
