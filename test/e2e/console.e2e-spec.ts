// The web console in a real browser (Debian's chromium through playwright-core) against the
// built api and worker as child processes, on this run's own database and Redis prefix.
// Every screen visited is checked for console errors and axe violations and screenshotted
// into test-results/console/.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { uniqueCnic } from '../factories/people';
import { ConsoleApp, type Json } from '../helpers/console-app';
import { TEST_ADMIN } from '../setup/test-env';
import { contractFetch } from '../helpers/contract';

jest.setTimeout(240_000);

const RUN = randomBytes(3).toString('hex').toUpperCase();
const PARTNER = `UI${RUN}`;
const PROGRAM = `UI-${RUN}-PROG`;
const COHORT = `UI-${RUN}-C1`;
const PASSWORD = 'console-test-password';
const COORDINATOR = `coordinator-${RUN.toLowerCase()}@test.sdt.pk`;
const MINISTRY = `ministry-${RUN.toLowerCase()}@test.sdt.pk`;
const PARTNER_USER = `partner-${RUN.toLowerCase()}@test.sdt.pk`;

const app = new ConsoleApp({ password: PASSWORD });
const call = (method: string, path: string, body?: unknown, token?: string) =>
  app.call(method, path, body, token);
const login = (email: string, password: string) => app.login(email, password);
const openAs = (email: string | null, password?: string) => app.openAs(email, password);
const checkScreen = (page: Page, name: string) => app.checkScreen(page, name);
let base = '';

async function navLabels(page: Page): Promise<string[]> {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts();
}

const toNumber = (text: string) => Number(text.replace(/[^\d.]/g, ''));

beforeAll(async () => {
  await app.start();
  base = app.base;

  await app.createCatalog({
    partner: PARTNER,
    partnerName: `Console Partner ${RUN}`,
    program: PROGRAM,
    programName: `Console Skills ${RUN}`,
    cohort: COHORT,
  });
  await call('POST', '/users', {
    email: COORDINATOR,
    password: PASSWORD,
    role: 'coordinator',
    partnerCodes: [PARTNER],
  });
  await call('POST', '/users', { email: MINISTRY, password: PASSWORD, role: 'ministry' });
  await call('POST', '/users', {
    email: PARTNER_USER,
    password: PASSWORD,
    role: 'partner',
    partnerCodes: [PARTNER],
  });
}, 240_000);

afterAll(() => app.stop('console'));

describe('web console', () => {
  it('serves the app at / and deep links, and leaves api paths to the api', async () => {
    const deep = await contractFetch(`${base}/programs/${PROGRAM}`, {
      headers: { Accept: 'text/html' },
    });
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toMatch(/text\/html/);
    expect(await deep.text()).toContain('<div id="root">');
    const missing = await contractFetch(`${base}/api/v1/no-such-thing`, {
      headers: { Accept: 'text/html' },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const probe = await contractFetch(`${base}/no/such/page`, { headers: { Accept: '*/*' } });
    expect(probe.status).toBe(404);
    expect(probe.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await contractFetch(`${base}/health/live`)).status).toBe(200);
    expect((await contractFetch(`${base}/metrics`)).headers.get('content-type')).toMatch(
      /text\/plain/,
    );
  });

  it('each role signs in, lands where it should and sees exactly its navigation', async () => {
    // [email, password, landing path, landing heading, navigation]
    const expected: [string, string, string, string, string[]][] = [
      [
        TEST_ADMIN.email,
        TEST_ADMIN.password,
        '/',
        'National progress',
        ['Dashboard', 'Programs', 'Trainees', 'Imports', 'Administration'],
      ],
      // A coordinator of one partner sees that partner's progress, not the nation's.
      [
        COORDINATOR,
        PASSWORD,
        '/',
        `Progress: ${PARTNER}`,
        ['Dashboard', 'Programs', 'Trainees', 'Imports'],
      ],
      [MINISTRY, PASSWORD, '/', 'National progress', ['Dashboard', 'Imports']],
      [PARTNER_USER, PASSWORD, '/imports', 'Imports', ['Imports', 'Dashboard', 'Trainees']],
    ];
    for (const [email, password, landing, heading, nav] of expected) {
      const page = await openAs(email, password);
      expect(new URL(page.url()).pathname).toBe(landing);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      expect(await navLabels(page)).toEqual(nav);
      await page.close();
    }
    const signedOut = await openAs(null);
    await signedOut.goto(`${base}/imports`);
    await signedOut.waitForURL(/\/signin\?returnTo=%2Fimports/);
    await signedOut.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await signedOut.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await checkScreen(signedOut, 'sign-in');
    await signedOut.close();
  });

  it('an ended session goes back to sign in with a message, then returns to the page', async () => {
    const page = await openAs(COORDINATOR);
    expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
    expect(await page.evaluate(() => window.sessionStorage.getItem('sdt.session'))).toContain(
      'token',
    );
    // The server no longer accepts the token (as after expiry or a password change).
    await page.evaluate(() => {
      const session = JSON.parse(window.sessionStorage.getItem('sdt.session') ?? '{}') as object;
      window.sessionStorage.setItem('sdt.session', JSON.stringify({ ...session, token: 'x.y.z' }));
    });
    await page.goto(`${base}/programs?status=active`);
    await page.waitForURL(/\/signin\?expired=1&returnTo=%2Fprograms%3Fstatus%3Dactive/);
    await page.getByText('Your session has ended').waitFor();
    await page.getByLabel('Email').fill(COORDINATOR);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/programs?status=active`);
    await page.getByRole('heading', { name: 'Programs' }).waitFor();
    await page.close();
  });

  it('a roster with a bad row: preview, apply, progress to 100 %, the problem shown and downloaded', async () => {
    const good = [uniqueCnic('female'), uniqueCnic('male'), uniqueCnic('female')];
    const csv = [
      'cnic,full_name,gender,cohort_code,status,enrolled_on,completed_on',
      `${good[0]},عائشہ صدیقہ,female,${COHORT},completed,2026-02-01,2026-06-30`,
      `${good[1]},Bilal Ahmed,male,${COHORT},active,2026-03-01,`,
      `${good[2]},"Khan, Sana",female,${COHORT},enrolled,2026-04-01,`,
      `12345,Short Cnic,female,${COHORT},enrolled,2026-04-01,`,
    ].join('\n');
    // As the partner's own user: it lands on Imports and uploads for its partner only.
    const page = await openAs(PARTNER_USER);
    await page.getByRole('heading', { name: 'Imports' }).waitFor();
    expect(await page.getByLabel('Partner the roster belongs to').count()).toBe(0);
    await page.getByLabel('Roster file').setInputFiles({
      name: 'roster-ui.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('heading', { name: 'Preview of roster-ui.csv' });
    await preview.waitFor();
    await page.getByText('This was a preview: nothing was changed.').waitFor({ timeout: 30_000 });
    const counts = page.getByRole('definition');
    expect(await counts.allInnerTexts()).toEqual(['3', '0', '0', '1', '0']);
    await checkScreen(page, 'imports-preview');

    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('heading', { name: 'Import of roster-ui.csv' }).waitFor();
    const bar = page.getByRole('progressbar');
    await page.waitForFunction(
      () => document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow') === '100',
      undefined,
      { timeout: 30_000 },
    );
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    await page.getByRole('heading', { name: 'Problems' }).waitFor();
    const problem = page.getByRole('row').filter({ hasText: 'invalid_cnic' });
    await problem.waitFor();
    expect(await problem.innerText()).toMatch(/^5\s+cnic\s+invalid_cnic\s+Rejected/);
    await checkScreen(page, 'imports-result');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download problems' }).click(),
    ]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.split(/\r?\n/)[0]).toBe('line,column,code,severity,message');
    expect(text).toMatch(/^5,cnic,invalid_cnic,error,/m);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Programs against target' }).waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: `Console Skills ${RUN}` })
      .waitFor();
    await checkScreen(page, 'dashboard-partner');
    await page.close();

    // The dashboard shows the new figures: read from the page, equal to GET /reports/targets.
    const coordinatorToken = await login(COORDINATOR, PASSWORD);
    let truth: Json = {};
    for (let i = 0; i < 60; i++) {
      const report = await call(
        'GET',
        `/reports/targets?partner=${PARTNER}`,
        undefined,
        coordinatorToken,
      );
      truth = (report.rows as Json[]).find((r) => r.key === PROGRAM) ?? {};
      if (truth.enrolled === 3 && truth.completed === 1) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(truth).toMatchObject({ enrolled: 3, completed: 1 });
    const dash = await openAs(MINISTRY);
    await dash.goto(`${base}/?partner=${PARTNER}`);
    // Milliseconds from navigation start until the program's figures are on the page.
    const rendered = await dash.waitForFunction(
      (label) =>
        [...document.querySelectorAll('tr')].some((tr) => tr.textContent?.includes(label))
          ? performance.now()
          : false,
      `Console Skills ${RUN}`,
    );
    process.stdout.write(
      `console dashboard first render: ${Math.round(Number(await rendered.jsonValue()))} ms\n`,
    );
    const row = dash
      .getByRole('region', { name: 'Programs against target' })
      .getByRole('row')
      .filter({ hasText: `Console Skills ${RUN}` });
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(toNumber(cells[2])).toBe(truth.enrolled);
    expect(toNumber(cells[3])).toBe(truth.completed);
    expect(toNumber(cells[4])).toBe(truth.target);
    expect(cells[5]).toBe(`${(truth.completionPct as number).toFixed(1)} %`);
    expect(toNumber(cells[6])).toBe(truth.expectedCompletedByNow);
    expect(cells[9]).toMatch(/ahead|on track|behind|not started/);
    expect(new URL(dash.url()).searchParams.get('partner')).toBe(PARTNER);
    await dash.locator('.chart svg').first().waitFor();
    await checkScreen(dash, 'dashboard');
    await dash.close();
  });

  it('a coordinator creates a cohort with a bad date, sees the field error, fixes it', async () => {
    const page = await openAs(COORDINATOR);
    await page.goto(`${base}/programs/${PROGRAM}`);
    await page.getByRole('heading', { name: `Console Skills ${RUN}` }).waitFor();
    await checkScreen(page, 'program');
    await page.getByRole('link', { name: 'New cohort' }).click();
    await page.getByLabel('Code').fill(`${COHORT}-NEW`);
    await page.getByLabel('Name').fill('Karachi Cloud 1');
    await page.getByLabel('Track').selectOption('Cloud');
    await page.getByLabel('Starts on').fill('2026-06-01');
    await page.getByLabel('Ends on', { exact: true }).fill('2026-05-01');
    await page.getByRole('button', { name: 'Create cohort' }).click();
    const endsOn = page.getByLabel('Ends on', { exact: true });
    // Checked by the form before sending, in plain words under the field.
    await page.getByText('The end must be on or after the start.').waitFor();
    expect(await endsOn.getAttribute('aria-invalid')).toBe('true');
    await checkScreen(page, 'cohort-form-error');
    await endsOn.fill('2026-09-30');
    await page.getByRole('button', { name: 'Create cohort' }).click();
    await page.waitForURL(`${base}/cohorts/${COHORT}-NEW`);
    await page.getByRole('heading', { name: 'Karachi Cloud 1' }).waitFor();
    await checkScreen(page, 'cohort');
    await page.goto(`${base}/programs`);
    await page.getByRole('heading', { name: 'Programs' }).waitFor();
    await checkScreen(page, 'programs');
    await page.close();
  });

  it('trainee pages: found by CNIC in either format, closed to the ministry', async () => {
    const cnic = uniqueCnic('female');
    const trainee = await call('POST', '/trainees', {
      cnic,
      fullName: 'زینب Raza',
      gender: 'female',
    });
    await call('POST', '/enrollments', {
      traineeId: trainee.id,
      cohortCode: COHORT,
      status: 'completed',
    });
    const cert = await call('POST', '/certifications', {
      traineeId: trainee.id,
      programCode: PROGRAM,
      name: 'HCIA-AI',
      certificateNumber: `UI-${RUN}-1`,
      issuedOn: '2026-07-01',
    });

    const page = await openAs(COORDINATOR);
    await page.getByRole('link', { name: 'Trainees' }).click();
    await page
      .getByLabel('CNIC')
      .fill(`${cnic.slice(0, 5)}-${cnic.slice(5, 12)}-${cnic.slice(12)}`);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'زینب Raza' }).click();
    await page.getByRole('heading', { name: 'زینب Raza' }).waitFor();
    const name = page.getByRole('heading', { name: 'زینب Raza' }).locator('span');
    expect(await name.getAttribute('dir')).toBe('auto');
    await page.getByRole('row').filter({ hasText: 'HCIA-AI' }).waitFor();
    await checkScreen(page, 'trainee');
    await page.close();

    const ministry = await openAs(MINISTRY);
    await ministry.goto(`${base}/trainees/${String(trainee.id)}`);
    await ministry.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    expect(await ministry.getByText('زینب Raza').count()).toBe(0);
    await ministry.goto(`${base}/imports`);
    await ministry.getByRole('heading', { name: 'Imports' }).waitFor();
    expect(await ministry.getByRole('button', { name: 'Upload roster' }).count()).toBe(0);
    await checkScreen(ministry, 'imports-ministry');
    await ministry.close();

    const anyone = await openAs(null);
    await anyone.goto(`${base}/verify/${String(cert.verificationCode)}`);
    await anyone.getByRole('heading', { name: /This certificate is valid/ }).waitFor();
    expect(await anyone.getByText('HCIA-AI').count()).toBe(1);
    expect(await anyone.getByText(cnic).count()).toBe(0);
    await checkScreen(anyone, 'verify');
    await anyone.close();
  });

  it('administration: an API key is shown once with a copy button and revoked after a confirmation', async () => {
    const page = await openAs(TEST_ADMIN.email, TEST_ADMIN.password);
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('button', { name: `Keys and webhooks of Console Partner ${RUN}` }).click();
    await page.getByRole('button', { name: 'Create API key' }).click();
    const key = await page.locator('.key-once').innerText();
    expect(key.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Copy key' }).waitFor();
    const withKey = await contractFetch(`${base}/api/v1/imports`, {
      headers: { 'X-API-Key': key },
    });
    expect(withKey.status).toBe(200);
    await checkScreen(page, 'administration');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke' }).first().click();
    await page
      .getByText(/^Revoked /)
      .first()
      .waitFor();
    const revoked = await contractFetch(`${base}/api/v1/imports`, {
      headers: { 'X-API-Key': key },
    });
    expect(revoked.status).toBe(401);
    await page.close();
  });

  it('no screen logged a console error and axe found no serious or critical violation', () => {
    expect(app.screens.length).toBeGreaterThanOrEqual(10);
    expect(app.consoleErrors).toEqual([]);
    expect(
      app.axeFindings.filter((f) => f.impact === 'serious' || f.impact === 'critical'),
    ).toEqual([]);
  });
});
