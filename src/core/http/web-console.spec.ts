import { isApiPath, wantsPage } from './web-console';

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

  it('serves the app only to a request that asks for a page', () => {
    const accept = (value?: string) => ({ headers: value === undefined ? {} : { accept: value } });
    expect(wantsPage(accept('text/html,application/xhtml+xml,*/*;q=0.8'))).toBe(true);
    expect(wantsPage(accept('*/*'))).toBe(false);
    expect(wantsPage(accept('application/json'))).toBe(false);
    expect(wantsPage(accept())).toBe(false);
  });
});
