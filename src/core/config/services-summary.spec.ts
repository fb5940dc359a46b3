import { servicesLine, servicesSummary } from './services-summary';

describe('servicesSummary', () => {
  it('names hosts, ports, database, db and prefix, never a password or user', () => {
    const s = servicesSummary(
      'postgres://sdt:s3cret-pass@db.internal:6543/sdt_prod',
      'redis://:r3dis-pass@cache:6380/2',
      'sdt_a1b2',
    );
    expect(s).toEqual({
      postgres: { host: 'db.internal', port: 6543, database: 'sdt_prod' },
      redis: { host: 'cache', port: 6380, db: 2, prefix: 'sdt_a1b2' },
    });
    const line = servicesLine(s);
    expect(line).toBe(
      'Postgres db.internal:6543 database sdt_prod · Redis cache:6380 db 2 prefix sdt_a1b2',
    );
    expect(JSON.stringify(s) + line).not.toMatch(/s3cret|r3dis|sdt:/);
  });

  it('fills in the defaults', () => {
    expect(servicesLine(servicesSummary('postgres://h/', 'redis://r', 'sdt'))).toBe(
      'Postgres h:5432 database postgres · Redis r:6379 db 0 prefix sdt',
    );
  });
});
