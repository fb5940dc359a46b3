import { ConfigError, loadConfig } from './app-config';

const base = {
  DATABASE_URL: 'postgres://sdt:a-real-password@db:5432/sdt',
  REDIS_URL: 'redis://redis:6379',
  JWT_SECRET: 'a-long-random-secret-from-openssl',
  WEBHOOK_SECRET_KEY: '0123456789abcdef'.repeat(4),
  NODE_ENV: 'production',
};

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return 'accepted';
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
}

describe('placeholder secrets', () => {
  it('accepts real secrets in production', () => {
    expect(problem(base)).toBe('accepted');
  });

  it.each([
    ['JWT_SECRET', { JWT_SECRET: 'change-me-to-a-long-random-secret' }],
    ['ADMIN_PASSWORD', { ADMIN_PASSWORD: 'change-me-admin-password' }],
    ['WEBHOOK_SECRET_KEY', { WEBHOOK_SECRET_KEY: 'deadbeef'.repeat(8) }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://sdt:change-me-postgres-password@db:5432/sdt' }],
  ])('refuses a placeholder %s in production, in one line naming it', (name, override) => {
    const message = problem({ ...base, ...override });
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${name} (is|has) .*placeholder`));
    expect(message).not.toContain('\n');
    // The value itself is never echoed.
    expect(message).not.toContain(Object.values(override)[0]);
  });

  it('lets the .env.example placeholders run outside production', () => {
    expect(
      problem({
        ...base,
        NODE_ENV: 'development',
        JWT_SECRET: 'change-me-to-a-long-random-secret',
      }),
    ).toBe('accepted');
  });
});
