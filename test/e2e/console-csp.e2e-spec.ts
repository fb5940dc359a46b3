// The console under its Content-Security-Policy in a real browser (issue 15, item 2): Debian's
// chromium against the built api and worker, signing in and rendering every main screen (charts
// included) with not one `securitypolicyviolation` event or CSP console error. The test first
// proves the policy is enforced and the listener hears it: an inline script injected into the page
// is refused and reported. The OpenAPI UI renders under its own policy, also with no violation.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { uniqueCnic } from '../factories/people';
import { ConsoleApp } from '../helpers/console-app';
import { TEST_ADMIN } from '../setup/test-env';

jest.setTimeout(240_000);

const RUN = randomBytes(3).toString('hex').toUpperCase();
const PARTNER = `CSP${RUN}`;
const PROGRAM = `CSP-${RUN}-PROG`;
const COHORT = `CSP-${RUN}-C1`;
const PASSWORD = 'console-csp-test-password';

const app = new ConsoleApp({ password: PASSWORD });

interface Violation {
  url: string;
  directive: string;
  blockedURI: string;
}

/** A page whose CSP violations (events and console reports) are collected across navigations. */
async function watchedPage(): Promise<{ page: Page; violations: Violation[]; cspLogs: string[] }> {
  const page = await app.newPage();
  const violations: Violation[] = [];
  const cspLogs: string[] = [];
  await page.exposeBinding('__reportCspViolation', (_source, v: Violation) => {
    violations.push(v);
  });
  // Runs before any script of each document (injected by the browser, not subject to the CSP).
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as Record<string, (v: object) => void>)
        .__reportCspViolation;
      report({ url: location.pathname, directive: e.effectiveDirective, blockedURI: e.blockedURI });
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspLogs.push(m.text());
  });
  return { page, violations, cspLogs };
}

beforeAll(async () => {
  await app.start();
  await app.createCatalog({
    partner: PARTNER,
    partnerName: `CSP Partner ${RUN}`,
    program: PROGRAM,
    programName: `CSP Skills ${RUN}`,
    cohort: COHORT,
  });
  // Some figures, so the dashboard and the program page draw their charts.
  const rows = ['female', 'male', 'female'].map((gender, i) => ({
    cnic: uniqueCnic(gender as 'female' | 'male'),
    fullName: `CSP Trainee ${i}`,
    gender,
    cohortCode: COHORT,
    status: i === 0 ? 'completed' : 'active',
    enrolledOn: '2026-02-01',
    ...(i === 0 ? { completedOn: '2026-06-30' } : {}),
  }));
  const upload = await app.call('POST', `/imports?partner=${PARTNER}`, { rows });
  expect(upload.id).toEqual(expect.any(String));
  for (let i = 0; i < 100; i++) {
    const status = await app.call('GET', `/imports/${String(upload.id)}`);
    if (status.status === 'completed') break;
    if (i === 99 || status.status === 'failed') throw new Error(JSON.stringify(status));
    await new Promise((r) => setTimeout(r, 200));
  }
}, 240_000);

afterAll(() => app.stop('console-csp'));

describe('the console under its Content-Security-Policy', () => {
  it('refuses an injected inline script, and the test hears the violation', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${app.base}/signin`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const ran = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.head.appendChild(script);
      return w.__injected === true;
    });
    expect(ran).toBe(false);
    for (let i = 0; i < 50 && violations.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(violations[0]).toMatchObject({ directive: 'script-src-elem' });
    // The browser's own report of the refusal is the one console error this page may log.
    const before = app.consoleErrors.length;
    await page.close();
    const logged = app.consoleErrors.splice(before);
    expect(logged).toEqual([expect.stringMatching(/inline script violates .*script-src 'self'/)]);
  });

  it('signs in and renders every main screen with no violation', async () => {
    const { page, violations, cspLogs } = await watchedPage();
    await app.submitSignIn(page, TEST_ADMIN.email, TEST_ADMIN.password);
    await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
    await page.getByRole('heading', { name: 'National progress' }).waitFor();
    const screens: [string, string | RegExp][] = [
      ['/', 'National progress'],
      ['/programs', 'Programs'],
      [`/programs/${PROGRAM}`, new RegExp(`CSP Skills ${RUN}`)],
      [`/cohorts/${COHORT}`, 'Lahore AI 1'],
      ['/trainees', 'Trainees'],
      ['/imports', 'Imports'],
      ['/admin', 'Administration'],
    ];
    for (const [path, heading] of screens) {
      await page.goto(`${app.base}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.waitForLoadState('networkidle');
    }
    // The charts were drawn (a canvas or an svg inside the chart container).
    await page.goto(`${app.base}/`);
    await page.waitForLoadState('networkidle');
    expect(await page.locator('canvas, svg').count()).toBeGreaterThan(0);
    // Still signed in: the app ran its scripts all along.
    expect(await page.evaluate(() => window.sessionStorage.getItem('sdt.session'))).toContain(
      'token',
    );
    expect(violations).toEqual([]);
    expect(cspLogs).toEqual([]);
    await page.close();
  });

  it('the public certificate check renders with no violation', async () => {
    const { page, violations, cspLogs } = await watchedPage();
    await page.goto(`${app.base}/verify`);
    await page.getByRole('heading', { name: 'Check a certificate' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
    expect(cspLogs).toEqual([]);
    await page.close();
  });

  it('the OpenAPI UI renders under its own policy with no violation', async () => {
    const { page, violations, cspLogs } = await watchedPage();
    await page.goto(`${app.base}/api/docs`);
    await page.locator('.swagger-ui .info .title').waitFor();
    await page.locator('.opblock').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
    expect(cspLogs).toEqual([]);
    await page.close();
  });

  it('no page logged an error', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});
