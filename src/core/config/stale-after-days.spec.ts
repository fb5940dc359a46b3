import { ConfigError, loadConfig } from './app-config';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'a-secret-of-enough-length',
};

describe('STALE_AFTER_DAYS', () => {
  it('defaults to 14 days', () => {
    expect(loadConfig(base).staleAfterDays).toBe(14);
  });

  it('takes a whole number of days and refuses anything else, naming the variable', () => {
    expect(loadConfig({ ...base, STALE_AFTER_DAYS: '30' }).staleAfterDays).toBe(30);
    for (const bad of ['0', '-3', '1.5', 'two weeks']) {
      expect(() => loadConfig({ ...base, STALE_AFTER_DAYS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ ...base, STALE_AFTER_DAYS: bad })).toThrow(/STALE_AFTER_DAYS/);
    }
  });
});
