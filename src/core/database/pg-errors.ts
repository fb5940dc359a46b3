// Recognises the Postgres errors a service turns into domain answers (a race lost to a
// concurrent insert or delete). TypeORM's QueryFailedError carries the driver's SQLSTATE `code`.
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
// PostgreSQL 18 reports a row still referenced through an ON DELETE RESTRICT key as
// restrict_violation, where earlier versions said foreign_key_violation.
const RESTRICT_VIOLATION = '23001';
const CHECK_VIOLATION = '23514';

function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === UNIQUE_VIOLATION;
}

/** A key refused: a missing parent, or a parent still referenced (either SQLSTATE). */
export function isForeignKeyViolation(error: unknown): boolean {
  const state = sqlState(error);
  return state === FOREIGN_KEY_VIOLATION || state === RESTRICT_VIOLATION;
}

export function isCheckViolation(error: unknown): boolean {
  return sqlState(error) === CHECK_VIOLATION;
}
