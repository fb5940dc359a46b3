// A coordinator's day in the console, in a real browser against the built api and worker
// (this run's database and Redis): a screen whose code does not arrive shows a framed error
// and Retry works; enroll then certify on one page; find a trainee by part of a name (Urdu
// too) or CNIC digits, with program and cohort filters; a cohort's roster with counts, marked
// completed on a date in bulk with a refusal listed by name; every cohort-form problem at
// once; Administration → Audit log with filters and CSV. Each screen gets axe (no violation
// at all) and screenshots at 1440 px and 360 px; at 360 px no screen is wider than the phone.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Dialog, Page } from 'playwright-core';
import { uniqueCnic } from '../factories/people';
import { contractFetch } from '../helpers/contract';
import { ConsoleApp, type Json } from '../helpers/console-app';
import { TEST_ADMIN } from '../setup/test-env';

jest.setTimeout(300_000);

// Always with a letter: the search box reads a query of digits alone as the first digits of a
// CNIC, so a run tagged "080806" (hex is all digits one run in sixteen) found no names.
const RUN = `R${randomBytes(3).toString('hex').toUpperCase()}`;
const PARTNER = `DY${RUN}`;
const PROGRAM = `DY-${RUN}-PROG`;
const PROGRAM_NAME = `Daily Skills ${RUN}`;
const COHORT = `DY-${RUN}-C1`;
const PASSWORD = 'console-test-password';
const COORDINATOR = `daily-${RUN.toLowerCase()}@test.sdt.pk`;
const PEOPLE = [
  { name: `Ayesha Khan ${RUN}`, gender: 'female' },
  { name: `Bilal Ahmed ${RUN}`, gender: 'male' },
  { name: `عائشہ صدیقہ ${RUN}`, gender: 'female' },
].map((p) => ({ ...p, cnic: uniqueCnic(p.gender as 'female' | 'male'), id: '', enrollment: '' }));

const app = new ConsoleApp({ password: PASSWORD });
/** The screens this spec looked at, to be checked again at 360 px. */
const seen: string[] = [];

/** axe, a 1440 px screenshot, then the same at 360 px with the page no wider than the phone. */
async function look(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await app.checkScreen(page, `daily-${name}-1440`);
  await page.setViewportSize({ width: 360, height: 780 });
  await app.checkScreen(page, `daily-${name}-360`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect({ screen: name, width }).toEqual({ screen: name, width: 360 });
  await page.setViewportSize({ width: 1440, height: 900 });
  seen.push(name);
}

/** Another cohort of the spec's program, with room for a large roster; its code. */
async function lahoreCohort(suffix: string): Promise<string> {
  const code = `DY-${RUN}-${suffix}`;
  await app.call('POST', '/cohorts', {
    code,
    programCode: PROGRAM,
    name: `Lahore AI ${suffix.toLowerCase()}`,
    track: 'AI',
    city: 'Lahore',
    province: 'PB',
    mode: 'onsite',
    capacity: 100_000,
  });
  return code;
}

/** The Imports screen as the admin, the spec's partner and `csv` chosen, not yet sent. */
async function chooseRoster(name: string, csv: string): Promise<Page> {
  const page = await app.openAs(TEST_ADMIN.email, TEST_ADMIN.password);
  await page.goto(`${app.base}/imports`);
  await page.getByLabel('Partner the roster belongs to').selectOption(PARTNER);
  await page.getByLabel('Roster file').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  return page;
}

function acceptNextDialog(page: Page): Promise<string> {
  return new Promise((resolve) =>
    page.once('dialog', (d: Dialog) => {
      resolve(d.message());
      void d.accept();
    }),
  );
}

beforeAll(async () => {
  await app.start();
  await app.createCatalog({
    partner: PARTNER,
    partnerName: `Daily Partner ${RUN}`,
    program: PROGRAM,
    programName: PROGRAM_NAME,
    cohort: COHORT,
  });
  // Two seats for three trainees: the cohort is over capacity. It starts on 1 Mar 2026.
  await app.call('PATCH', `/cohorts/${COHORT}`, { capacity: 2, startsOn: '2026-03-01' });
  await app.createUser(COORDINATOR, 'coordinator', [PARTNER]);
  for (const p of PEOPLE) {
    const t = await app.call('POST', '/trainees', {
      cnic: p.cnic,
      fullName: p.name,
      gender: p.gender,
      province: 'PB',
    });
    p.id = String(t.id);
    const e = await app.call('POST', '/enrollments', {
      traineeId: p.id,
      cohortCode: COHORT,
      status: 'active',
      enrolledOn: '2026-03-02',
    });
    p.enrollment = String(e.id);
  }
}, 300_000);

afterAll(async () => {
  await app.stop('console-daily');
});

describe('console: a coordinator’s day', () => {
  it('a screen whose code does not arrive shows a framed error with Retry, and Retry works once it is back', async () => {
    const page = await app.openAs(COORDINATOR);
    await page.getByRole('heading', { name: `Progress: ${PARTNER}` }).waitFor();
    let blocked = 0;
    await page.route('**/assets/Trainees-*.js', (route) => {
      blocked += 1;
      return route.abort();
    });
    await page.getByRole('link', { name: 'Trainees' }).click();
    await page.getByRole('heading', { name: 'This page could not be opened' }).waitFor();
    // The page reloads once on its own (a redeploy's new chunk names), then says so.
    for (let i = 0; i < 100 && blocked < 2; i += 1) await page.waitForTimeout(100);
    expect(blocked).toBe(2);
    await page.getByRole('heading', { name: 'This page could not be opened' }).waitFor();
    await page.waitForTimeout(1000);
    expect(blocked).toBe(2);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Programs' })
      .waitFor();
    await look(page, 'route-error');
    await page.unroute('**/assets/Trainees-*.js');
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('heading', { name: 'Trainees', exact: true }).waitFor();
    const before = app.consoleErrors.length;
    await page.close();
    // The blocked chunk's own failures were provoked on purpose; nothing else may be logged.
    const provoked = app.consoleErrors.splice(before);
    expect(provoked.filter((e) => !/Trainees-[\w-]+\.js|net::ERR_FAILED/.test(e))).toEqual([]);
  });

  it('finds a trainee by part of a name, in Urdu, or by the first CNIC digits, with program and cohort filters', async () => {
    const page = await app.openAs(COORDINATOR);
    await page.getByRole('link', { name: 'Trainees' }).click();
    const box = page.getByRole('searchbox', { name: 'Name or CNIC' });
    const rows = page.getByRole('region', { name: /^Table: Trainees/ }).getByRole('row');
    await box.fill(`yesha khan ${RUN.toLowerCase()}`);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=/);
    // The matching page replaces the whole list (which showed until it arrived).
    await rows.filter({ hasText: PEOPLE[1]!.name }).waitFor({ state: 'detached' });
    await rows.filter({ hasText: PEOPLE[0]!.name }).waitFor();

    await box.fill(`صدیقہ ${RUN}`);
    await page.getByRole('button', { name: 'Search' }).click();
    await rows.filter({ hasText: PEOPLE[0]!.name }).waitFor({ state: 'detached' });
    await rows.filter({ hasText: PEOPLE[2]!.name }).waitFor();

    await box.fill(`${PEOPLE[1]!.cnic.slice(0, 5)}-${PEOPLE[1]!.cnic.slice(5, 11)}`);
    await page.getByRole('button', { name: 'Search' }).click();
    await rows.filter({ hasText: PEOPLE[2]!.name }).waitFor({ state: 'detached' });
    await rows.filter({ hasText: PEOPLE[1]!.name }).waitFor();

    await box.fill('ab');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('Type at least 3 letters or digits.').waitFor();

    await box.fill(RUN);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('combobox', { name: 'Program' }).selectOption(PROGRAM);
    await page.getByRole('combobox', { name: 'Cohort' }).selectOption(COHORT);
    await page.waitForURL(/cohortCode=/);
    for (const p of PEOPLE) await rows.filter({ hasText: p.name }).waitFor();
    const cells = await rows.filter({ hasText: PEOPLE[0]!.name }).getByRole('cell').allInnerTexts();
    expect(cells.slice(2, 4)).toEqual(['Female', 'Punjab']);
    await look(page, 'trainees-search');
    await page.close();
  });

  it('enrolls and then records a certification on the same page, without a reload', async () => {
    const cnic = uniqueCnic('female');
    // Created by the coordinator, as "New trainee" does: a trainee it may see before enrolling.
    const t = await app.call(
      'POST',
      '/trainees',
      { cnic, fullName: `Sana Certified ${RUN}`, gender: 'female' },
      await app.login(COORDINATOR, PASSWORD),
    );
    const page = await app.openAs(COORDINATOR);
    await page.goto(`${app.base}/trainees/${String(t.id)}`);
    await page.getByRole('heading', { name: `Sana Certified ${RUN}` }).waitFor();
    await page.evaluate(() => {
      (window as unknown as { stayed: boolean }).stayed = true;
    });
    const enroll = page.getByRole('form', { name: 'Enroll in a cohort' });
    await enroll.getByLabel('Program').selectOption(PROGRAM);
    await enroll.getByLabel('Cohort').selectOption(COHORT);
    // Three enrolled in two seats: said before enrolling, not refused.
    await enroll.getByText(`${COHORT} is over capacity: 3 enrolled in 2 seats.`).waitFor();
    // A date before the cohort starts is said, not refused; a date within it says nothing.
    const early = enroll.getByText(
      `${COHORT} starts on 1 Mar 2026: this enrollment is dated before it.`,
    );
    await enroll.getByLabel('Enrolled on').fill('15 Feb 2026');
    await early.waitFor();
    await enroll.getByLabel('Enrolled on').fill('2 Mar 2026');
    await early.waitFor({ state: 'detached' });
    await enroll.getByRole('button', { name: 'Enroll' }).click();
    await enroll.getByText(`Enrolled in ${COHORT} (${PROGRAM}).`).waitFor();

    const record = page.getByRole('form', { name: 'Record a certification' });
    expect(await record.getByLabel('Program').inputValue()).toBe(PROGRAM);
    await record.getByLabel('Certification').fill('HCIA-AI');
    await record.getByLabel('Certificate number').fill(`HC-${RUN}`);
    await record.getByLabel('Issued on').fill('10 Nov 2026');
    await record.getByRole('button', { name: 'Record certification' }).click();
    const certs = page.getByRole('region', { name: 'Table: Certifications' });
    const row = certs.getByRole('row').filter({ hasText: `HC-${RUN}` });
    await row.waitFor();
    expect((await row.getByRole('cell').allInnerTexts()).slice(0, 4)).toEqual([
      'HCIA-AI',
      `HC-${RUN}`,
      PROGRAM,
      '10 Nov 2026',
    ]);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(
      true,
    );
    await look(page, 'trainee-certified');
    await page.close();
  });

  it('a cohort’s roster: names, counts, completed in bulk on a date, and a refusal listed by name', async () => {
    const page = await app.openAs(COORDINATOR);
    await page.goto(`${app.base}/cohorts/${COHORT}`);
    await page.getByRole('heading', { name: 'Roster' }).waitFor();
    await page.getByText(/over capacity by/).waitFor();
    const roster = page.getByRole('region', { name: `Table: Roster of ${COHORT}` });
    for (const p of PEOPLE) await roster.getByRole('link', { name: p.name }).waitFor();
    const [ayesha, bilal, urdu] = PEOPLE as [
      (typeof PEOPLE)[0],
      (typeof PEOPLE)[0],
      (typeof PEOPLE)[0],
    ];
    await roster.getByRole('checkbox', { name: `Select ${ayesha.name}` }).check();
    await roster.getByRole('checkbox', { name: `Select ${bilal.name}` }).check();
    const bulk = page.getByRole('form', { name: /selected/ });
    await bulk.getByLabel('Completed on').fill('10 Nov 2026');
    await bulk.getByRole('button', { name: 'Mark selected completed' }).click();
    await page.getByText('2 marked completed').waitFor();
    const ayeshaRow = roster.getByRole('row').filter({ hasText: ayesha.name });
    await ayeshaRow.getByRole('cell', { name: '10 Nov 2026' }).waitFor();
    expect(await ayeshaRow.getByRole('cell', { name: 'Completed', exact: true }).count()).toBe(1);

    // Dropping a completed trainee is refused, and said by name; the other one is dropped.
    await roster.getByRole('checkbox', { name: `Select ${ayesha.name}` }).check();
    await roster.getByRole('checkbox', { name: `Select ${urdu.name}` }).check();
    const question = acceptNextDialog(page);
    await bulk.getByRole('button', { name: 'Mark selected dropped' }).click();
    expect(await question).toBe(`Mark 2 trainees dropped from ${COHORT}?`);
    const said = page.getByRole('status').filter({ hasText: 'marked dropped' });
    await said.waitFor();
    expect(await said.innerText()).toContain('1 marked dropped; 1 refused (still selected):');
    await said.getByText(ayesha.name).waitFor();

    const stored = await app.call('GET', `/enrollments?cohortCode=${COHORT}&limit=50`);
    const byId = new Map((stored.items as Json[]).map((e) => [e.id, e]));
    expect(byId.get(ayesha.enrollment)).toMatchObject({
      status: 'completed',
      completedOn: '2026-11-10',
    });
    expect(byId.get(bilal.enrollment)).toMatchObject({
      status: 'completed',
      completedOn: '2026-11-10',
    });
    expect(byId.get(urdu.enrollment)).toMatchObject({ status: 'dropped' });

    // The status filter narrows the roster; counts follow the change.
    await page.getByRole('combobox', { name: 'Status' }).selectOption('completed');
    await roster.getByRole('link', { name: urdu.name }).waitFor({ state: 'detached' });
    await roster.getByRole('link', { name: bilal.name }).waitFor();
    const counts = page.getByRole('definition').filter({ hasText: '%' });
    await counts.filter({ hasText: /^2 \(/ }).waitFor({ timeout: 30_000 });
    await look(page, 'cohort-roster');
    await page.close();
  });

  it('a cohort of 520: a trainee on the last page shows its CNIC and certificate', async () => {
    const big = await lahoreCohort('BIG');
    const rows = Array.from({ length: 520 }, (_, i) => ({
      cnic: uniqueCnic(i % 2 ? 'male' : 'female'),
      fullName: `Large Cohort ${String(i).padStart(3, '0')}`,
      gender: i % 2 ? 'male' : 'female',
      cohortCode: big,
      status: 'active',
    }));
    const imp = await app.call('POST', `/imports?partner=${PARTNER}`, { rows });
    for (let i = 0; i < 120; i++) {
      const s = await app.call('GET', `/imports/${String(imp.id)}`);
      if (s.status === 'completed') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect((await app.call('GET', `/imports/${String(imp.id)}`)).status).toBe('completed');
    // The roster's pages as the console pages it, 100 a page.
    const pages: Json[][] = [];
    let cursor: unknown = null;
    do {
      const q = cursor ? `&cursor=${String(cursor)}` : '';
      const page = await app.call('GET', `/enrollments?cohortCode=${big}&limit=100${q}`);
      pages.push(page.items as Json[]);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toHaveLength(6);
    // The trainee to look for: one past the first 500 of the cohort's trainees (where a single
    // page of CNICs would have stopped), on whichever roster page it falls.
    const beyond = await app.call(
      'GET',
      `/trainees?cohortCode=${big}&limit=500&cursor=${String(
        (await app.call('GET', `/trainees?cohortCode=${big}&limit=500`)).nextCursor,
      )}`,
    );
    const later = new Set((beyond.items as Json[]).map((x) => x.id));
    expect(later.size).toBe(20);
    const onPage = pages.findIndex((p) => p.some((e) => later.has(e.traineeId)));
    const target = pages[onPage].find((e) => later.has(e.traineeId));
    const last = rows.find((r) => r.fullName === (target?.trainee as Json).fullName)!;
    await app.call('POST', '/certifications', {
      traineeId: target?.traineeId,
      programCode: PROGRAM,
      name: 'HCIA-Cloud',
      certificateNumber: `BIG-${RUN}`,
      issuedOn: '2026-11-20',
    });
    const page = await app.openAs(COORDINATOR);
    await page.goto(`${app.base}/cohorts/${big}`);
    const roster = page.getByRole('region', { name: `Table: Roster of ${big}` });
    const firstName = String((pages[0][0].trainee as Json).fullName);
    await roster.getByRole('link', { name: firstName }).waitFor();
    for (let p = 2; p <= onPage + 1; p++) {
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.getByText(`Page ${p}`).waitFor();
    }
    const row = roster.getByRole('row').filter({ hasText: last.fullName });
    await row.waitFor();
    const cnic = `${last.cnic.slice(0, 5)}-${last.cnic.slice(5, 12)}-${last.cnic.slice(12)}`;
    await row.getByRole('cell', { name: cnic }).waitFor();
    await row.getByRole('cell', { name: 'HCIA-Cloud ✓' }).waitFor();
    await page.close();
  });

  it('the cohort form names every problem at once and refuses a capacity in words', async () => {
    const page = await app.openAs(COORDINATOR);
    await page.goto(`${app.base}/programs/${PROGRAM}/cohorts/new`);
    await page.getByRole('heading', { name: `New cohort in ${PROGRAM}` }).waitFor();
    await page.getByLabel('Capacity').fill('fifty');
    await page.getByLabel('Starts on').fill('01/10/2027');
    await page.getByRole('button', { name: 'Create cohort' }).click();
    await page.getByText('5 fields need correcting').waitFor();
    for (const message of [
      'Code is required.',
      'Name is required.',
      'Track is required.',
      'Capacity must be a whole number from 1, in digits.',
      'Write the date as day, month, year: 10 Jan 2027.',
    ])
      await page.getByText(message).waitFor();
    expect(await page.getByLabel('Capacity').getAttribute('aria-invalid')).toBe('true');
    await look(page, 'cohort-form-errors');
    await page.getByLabel('Code').fill(`DY-${RUN}-C2`);
    await page.getByLabel('Name').fill('Karachi Cloud 1');
    await page.getByLabel('Track').selectOption('Cloud');
    await page.getByLabel('Capacity').fill('1,200');
    await page.getByLabel('Starts on').fill('10 Jan 2027');
    await page.getByLabel('Ends on').fill('30 jun 2027');
    await page.getByRole('button', { name: 'Create cohort' }).click();
    await page.waitForURL(new RegExp(`/cohorts/DY-${RUN}-C2$`));
    const saved = await app.call('GET', `/cohorts/DY-${RUN}-C2`);
    expect(saved).toMatchObject({ capacity: 1200, startsOn: '2027-01-10', endsOn: '2027-06-30' });
    await page.close();
  });

  it('Administration → Audit log: filtered by record and date, paged, and as CSV', async () => {
    const page = await app.openAs(TEST_ADMIN.email, TEST_ADMIN.password);
    await page.getByRole('link', { name: 'Administration' }).click();
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const filter = page.getByRole('form', { name: 'Filter the audit log' });
    await filter.getByLabel('Record').selectOption('cohort');
    await filter.getByLabel('Action').fill('updated');
    await filter.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/entity=cohort/);
    const rows = page.getByRole('region', { name: /^Table: Audit log/ }).getByRole('row');
    await rows.filter({ hasText: 'capacity' }).first().waitFor();
    // The filtered page replaces the unfiltered one: only cohort updates remain.
    await rows.filter({ hasText: 'Certification' }).first().waitFor({ state: 'detached' });
    for (const text of await rows.allInnerTexts())
      if (!text.includes('When')) expect(text).toMatch(/updated\s*Cohort/);
    await look(page, 'audit');
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync(await file.path(), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^at,/);
    expect(csv).toContain('cohort');

    // A partner's key is not in the "Who" list; its row offers its events alone.
    const key = await app.call('POST', `/partners/${PARTNER}/api-keys`, { label: 'Audit sync' });
    const sent = await contractFetch(`${app.base}/api/v1/imports`, {
      method: 'POST',
      headers: { 'X-API-Key': String(key.key), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        rows: [
          { cnic: uniqueCnic('male'), fullName: 'Key Row', gender: 'male', cohortCode: COHORT },
        ],
      }),
    });
    expect(sent.status).toBe(202);
    await page.goto(`${app.base}/admin/audit`);
    const byKey = page
      .getByRole('button', { name: `${PARTNER} API key (show only its events)` })
      .first();
    await byKey.click();
    await page.waitForURL(new RegExp(`actor=${String(key.id)}`));
    await page.waitForLoadState('networkidle'); // the filtered page has replaced the other
    await rows.filter({ hasText: 'accepted' }).first().waitFor();
    for (const text of await rows.allInnerTexts())
      if (!text.includes('When')) expect(text).toContain(`${PARTNER} API key`);
    expect(await filter.getByLabel('Who').inputValue()).toBe(String(key.id));
    await page.close();
  });

  it('administration: a new user’s banner gives way when it is disabled; a key has a label and a State', async () => {
    const page = await app.openAs(TEST_ADMIN.email, TEST_ADMIN.password);
    await page.getByRole('link', { name: 'Administration' }).click();
    const form = page.getByRole('form', { name: 'New user' });
    const fresh = `fresh-${RUN.toLowerCase()}@test.sdt.pk`;
    await form.getByLabel('Email').fill(fresh);
    await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await form.getByRole('radio', { name: 'Only these:' }).check();
    await form.getByRole('button', { name: 'Create user' }).click();
    await form.getByText('Tick at least one partner, or choose All partners.').waitFor();
    await form.getByRole('checkbox', { name: new RegExp(`\\(${PARTNER}\\)`) }).check();
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByText(`${fresh} can now sign in as Coordinator.`).waitFor();
    // Among many users the new one is found as an admin would, by its email.
    await page.getByRole('searchbox', { name: 'Email contains' }).fill(fresh);
    const row = page.getByRole('row').filter({ hasText: fresh });
    const asked = acceptNextDialog(page);
    await row.getByRole('button', { name: `Disable ${fresh}` }).click();
    await asked;
    await page.getByText(`${fresh} is disabled`).waitFor();
    expect(await page.getByText('can now sign in').count()).toBe(0);

    await page.getByRole('button', { name: `Keys and webhooks of Daily Partner ${RUN}` }).click();
    const keys = page.getByRole('region', { name: `API keys of Daily Partner ${RUN}` });
    await keys.getByLabel('Label of a new key').fill('LMS nightly sync');
    await keys.getByRole('button', { name: 'Create API key' }).click();
    await keys.getByRole('button', { name: 'Copy key' }).waitFor();
    const keyRow = keys.getByRole('row').filter({ hasText: 'LMS nightly sync' });
    await keyRow.getByRole('cell', { name: 'Active', exact: true }).waitFor();
    await look(page, 'administration-keys');
    const revoke = acceptNextDialog(page);
    await keyRow.getByRole('button', { name: /^Revoke/ }).click();
    expect(await revoke).toContain('“LMS nightly sync”');
    await keyRow.getByRole('cell', { name: /^Revoked / }).waitFor();
    await page.close();
  });

  it('the ministry is not offered the roster template; another partner’s program offers no pointless Retry', async () => {
    const ministry = `ministry-${RUN.toLowerCase()}@test.sdt.pk`;
    await app.createUser(ministry, 'ministry');
    const reader = await app.openAs(ministry);
    await reader.goto(`${app.base}/imports`);
    await reader.getByRole('heading', { name: 'History' }).waitFor();
    expect(await reader.getByRole('button', { name: 'Download template' }).count()).toBe(0);
    await reader.close();

    await app.call('POST', '/partners', { code: `DZ${RUN}`, name: `Other ${RUN}`, kind: 'donor' });
    await app.call('POST', '/programs', {
      code: `DZ-${RUN}-PROG`,
      name: 'Not yours',
      partnerCode: `DZ${RUN}`,
      targetTrainees: 10,
      tracks: ['AI'],
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      status: 'active',
    });
    const page = await app.openAs(COORDINATOR);
    await page.goto(`${app.base}/programs/DZ-${RUN}-PROG`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await look(page, 'program-not-found');
    await page.close();
  });

  it('imports: a preview says what would happen, is applied without a second upload, and gives back the rejected rows', async () => {
    const good = [uniqueCnic('female'), uniqueCnic('male')];
    const csv = [
      'cnic,full_name,gender,cohort_code',
      `${good[0]},Roster One ${RUN},female,${COHORT}`,
      `${good[1]},Roster Two ${RUN},male,${COHORT}`,
      `12345,Bad Cnic ${RUN},female,${COHORT}`,
    ].join('\n');
    const page = await chooseRoster('daily-roster.csv', csv);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('Preview ready').first().waitFor();
    const counts = page.getByRole('definition');
    await page.getByText('Would create', { exact: true }).waitFor();
    expect(await counts.allInnerTexts()).toEqual(['2', '0', '0', '1', '0']);
    await page.getByText('1 row will be skipped because of the problems below').waitFor();
    await look(page, 'import-preview');

    const [problems] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download problems' }).click(),
    ]);
    expect(problems.suggestedFilename()).toBe('daily-roster-problems.csv');
    const [rejected] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download rejected rows' }).click(),
    ]);
    expect(rejected.suggestedFilename()).toBe('daily-roster-rejected.csv');
    const back = readFileSync(await rejected.path(), 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(back[0]).toBe('cnic,full_name,gender,cohort_code,problem');
    expect(back[1]).toMatch(new RegExp(`^12345,Bad Cnic ${RUN},female,${COHORT},`));

    const previewUrl = page.url();
    await page.getByRole('button', { name: 'Apply, skipping 1 row' }).click();
    await page.waitForURL((u) => u.href !== previewUrl);
    const applied = page.getByRole('region', { name: 'Import of daily-roster.csv' });
    await applied.getByText('Completed', { exact: true }).waitFor({ timeout: 60_000 });
    await applied.getByText('Created', { exact: true }).waitFor();
    expect(await applied.getByRole('definition').allInnerTexts()).toEqual([
      '2',
      '0',
      '0',
      '1',
      '0',
    ]);
    const found = await app.call('GET', `/trainees?q=${encodeURIComponent(`Roster One ${RUN}`)}`);
    expect(found.items).toHaveLength(1);
    await page.close();
  });

  it('a large roster shows rows per second and time left while it runs, then completes', async () => {
    const bulk = await lahoreCohort('BULK');
    // Large enough that the worker is still on it when the page has read it twice (every 2 s).
    const lines = ['cnic,full_name,gender,cohort_code'];
    for (let i = 0; i < 150_000; i++) {
      const gender = i % 2 ? 'male' : 'female';
      lines.push(`${uniqueCnic(gender)},Bulk Trainee ${i},${gender},${bulk}`);
    }
    const page = await chooseRoster('bulk-roster.csv', lines.join('\n'));
    await page.getByRole('button', { name: 'Import now' }).click();
    const current = page.getByRole('region', { name: 'Import of bulk-roster.csv' });
    const progress = current.getByText(/\/ 150,000 rows · \d+ % · [\d,]+ rows\/s · .+ left/);
    await progress.waitFor({ timeout: 60_000 });
    const said = await progress.innerText();
    const rate = Number(/· ([\d,]+) rows\/s/.exec(said)?.[1].replace(/,/g, ''));
    expect(rate).toBeGreaterThan(0);
    await current.getByText('Completed', { exact: true }).waitFor({ timeout: 120_000 });
    // Finished: the rate and time left give way to the final count.
    expect(await current.getByText(/rows\/s/).count()).toBe(0);
    await current.getByText('150,000 / 150,000 rows · 100 %').waitFor();
    await page.close();
  });

  it('at 360 px every other screen fits the phone’s width', async () => {
    const page = await app.openAs(TEST_ADMIN.email, TEST_ADMIN.password);
    const screens: [string, string, string][] = [
      ['dashboard', '/', 'National progress'],
      ['programs', '/programs', 'Programs'],
      ['program', `/programs/${PROGRAM}`, PROGRAM_NAME],
      ['cohort-edit', `/cohorts/${COHORT}/edit`, `Edit cohort ${COHORT}`],
      ['trainee-new', '/trainees/new', 'New trainee'],
      ['imports', '/imports', 'Imports'],
      ['administration', '/admin', 'Administration'],
      ['verify', '/verify', 'Check a certificate'],
    ];
    for (const [name, path, heading] of screens) {
      await page.goto(`${app.base}${path}`);
      await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
      await look(page, name);
    }
    await page.close();
  });

  it('no screen logged a console error and axe found no violation at all', () => {
    expect(seen.length).toBeGreaterThanOrEqual(12);
    expect(app.consoleErrors).toEqual([]);
    expect(app.axeFindings).toEqual([]);
  });
});
