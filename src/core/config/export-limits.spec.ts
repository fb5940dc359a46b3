import { ConfigError, loadConfig } from './app-config';

const BASE = {
  DATABASE_URL: 'postgres://u@localhost:5432/db',
  REDIS_URL: 'redis://localhost:6379',
  JWT_SECRET: 'a-secret-of-sixteen-or-more',
};

describe('export limits', () => {
  it('default to a 60 s idle limit and a 600 s total limit', () => {
    expect(loadConfig(BASE).exports).toEqual({
      perOwner: 2,
      total: 4,
      idleSeconds: 60,
      maxSeconds: 600,
    });
  });

  it('read EXPORT_MAX_SECONDS', () => {
    const config = loadConfig({ ...BASE, EXPORT_IDLE_SECONDS: '5', EXPORT_MAX_SECONDS: '30' });
    expect(config.exports).toMatchObject({ idleSeconds: 5, maxSeconds: 30 });
  });

  it.each([['0'], ['-1'], ['1.5'], ['ten'], ['86401']])(
    'refuse EXPORT_MAX_SECONDS=%s, naming it',
    (value) => {
      expect(() => loadConfig({ ...BASE, EXPORT_MAX_SECONDS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ ...BASE, EXPORT_MAX_SECONDS: value })).toThrow(
        /EXPORT_MAX_SECONDS/,
      );
    },
  );

  it('refuse a total limit shorter than the idle limit', () => {
    expect(() =>
      loadConfig({ ...BASE, EXPORT_IDLE_SECONDS: '120', EXPORT_MAX_SECONDS: '60' }),
    ).toThrow(/EXPORT_MAX_SECONDS must be at least EXPORT_IDLE_SECONDS/);
  });
});
