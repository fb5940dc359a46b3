// Security headers on every answer (issue 15, item 2; API.md "Operations"): the console page, its
// files, API answers and errors all carry a CSP with no inline script and no framing, nosniff and
// a Referrer-Policy; HSTS only in production; the OpenAPI UI keeps working under its own policy.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { WEB_DIST } from '../../src/core/http/web-console';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

/** The CSP as directive → sources. */
function csp(res: Response): Map<string, string[]> {
  const header = res.headers['content-security-policy'];
  expect(typeof header).toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0] !== '')
      .map(([name, ...sources]): [string, string[]] => [name, sources]),
  );
}

function expectCommonHeaders(res: Response): void {
  const policy = csp(res);
  expect(policy.get('script-src')).toEqual(["'self'"]);
  expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('default-src')).toEqual(["'self'"]);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['x-powered-by']).toBeUndefined();
}

describe('security headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ withWorkers: false });
  });
  afterAll(() => t.close());

  it('the console page carries the headers and holds no inline script', async () => {
    expect(existsSync(join(WEB_DIST, 'index.html'))).toBe(true);
    const res = await t.http().get('/trainees').set('Accept', 'text/html');
    expect(res.status).toBe(200);
    expectCommonHeaders(res);
    expect(res.headers['strict-transport-security']).toBeUndefined();
    // Every <script> of the page is a file of this origin, so script-src 'self' lets it run.
    const html = res.text;
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/assets\/[^"]+\.js"/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i); // no inline event handlers either
    // The source index.html the build starts from has no inline bootstrap.
    const source = readFileSync(join(WEB_DIST, '..', 'index.html'), 'utf8');
    for (const [, attributes, body] of source.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body.trim()).toBe('');
    }
  });

  it('the console files, API answers and errors carry them too', async () => {
    const page = await t.http().get('/').set('Accept', 'text/html');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    expect(asset).toBeDefined();
    const answers = [
      await t.http().get(asset ?? ''),
      await t.http().get('/api/v1/programs').set(bearer(t.adminToken)),
      await t.http().get('/api/v1/programs'), // 401
      await t.http().get('/api/v1/no-such-route'), // 404
      await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{'), // 400 from the body parser
      await t.http().get('/health/live'),
      await t.http().get('/api/docs-json'),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 401, 404, 400, 200, 200]);
    for (const res of answers) expectCommonHeaders(res);
  });

  it('the OpenAPI UI is served with a policy that lets it run, still without inline script', async () => {
    const res = await t.http().get('/api/docs/').redirects(1);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expectCommonHeaders(res);
    expect(csp(res).get('img-src')).toEqual(expect.arrayContaining(["'self'", 'data:']));
    for (const [, attributes, body] of res.text.matchAll(
      /<script\b([^>]*)>([\s\S]*?)<\/script>/gi,
    )) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body.trim()).toBe('');
    }
    const init = await t.http().get('/api/docs/swagger-ui-init.js');
    expect(init.status).toBe(200);
  });
});

describe('security headers in production', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      withWorkers: false,
      env: { NODE_ENV: 'production', WEBHOOK_SECRET_KEY: 'a'.repeat(64) },
    });
  });
  afterAll(() => t.close());

  it('adds HSTS and upgrades insecure requests', async () => {
    for (const res of [
      await t.http().get('/').set('Accept', 'text/html'),
      await t.http().get('/api/v1/programs').set(bearer(t.adminToken)),
      await t.http().get('/api/v1/no-such-route'),
    ]) {
      expectCommonHeaders(res);
      expect(res.headers['strict-transport-security']).toMatch(
        /^max-age=31536000; includeSubDomains$/,
      );
      expect(csp(res).has('upgrade-insecure-requests')).toBe(true);
    }
  });
});
