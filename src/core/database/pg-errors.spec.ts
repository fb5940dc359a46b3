// Which Postgres errors the services answer as domain errors, across server versions.
import { isCheckViolation, isForeignKeyViolation, isUniqueViolation } from './pg-errors';

describe('pg-errors', () => {
  it('reads a refused key from either SQLSTATE: 23503, and 23001 (RESTRICT on PostgreSQL 18)', () => {
    expect(isForeignKeyViolation({ code: '23503' })).toBe(true);
    expect(isForeignKeyViolation({ code: '23001' })).toBe(true);
    expect(isForeignKeyViolation({ code: '23505' })).toBe(false);
    expect(isForeignKeyViolation(new Error('no code'))).toBe(false);
    expect(isForeignKeyViolation(null)).toBe(false);
  });

  it('tells unique and check violations apart', () => {
    expect(isUniqueViolation({ code: '23505' })).toBe(true);
    expect(isUniqueViolation({ code: '23503' })).toBe(false);
    expect(isCheckViolation({ code: '23514' })).toBe(true);
    expect(isCheckViolation({ code: 23514 })).toBe(false);
  });
});
