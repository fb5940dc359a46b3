import { isApiPath } from './web-console';

describe('web console routing', () => {
  it('leaves every api, health and metrics path to the api', () => {
    for (const path of [
      '/api',
      '/api/v1/nope',
      '/api/docs',
      '/api/docs-json',
      '/health/live',
      '/metrics',
    ]) {
      expect(isApiPath(path)).toBe(true);
    }
  });

  it('treats console pages, including ones that merely start alike, as pages', () => {
    for (const path of [
      '/',
      '/programs/HW-SEED-2026',
      '/verify/ABC',
      '/apix',
      '/healthy',
      '/metrics-board',
    ]) {
      expect(isApiPath(path)).toBe(false);
    }
  });
});
