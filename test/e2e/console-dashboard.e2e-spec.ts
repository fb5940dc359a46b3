// The ministry's dashboard in a real browser (Debian's chromium) against the built api and
// worker: one request for the figures, sortable tables with the shortfall first, the "Last
// roster" column and the data-quality panel, the program picker and its series, a coordinator's
// title, the province wording, one banner when a refresh fails, and one printed A4 page with
// its header. Screens at 1440 and 360 px go to test-results/console/ (axe-checked), as do the
// print PDF and its first page as a PNG when poppler's tools are installed.
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SystemClock } from '../../src/core/clock/clock';
import { uniqueCnic } from '../factories/people';
import { SHOTS } from '../helpers/browser';
import { ConsoleApp } from '../helpers/console-app';
import { TEST_ADMIN } from '../setup/test-env';

jest.setTimeout(240_000);

const RUN = randomBytes(3).toString('hex').toUpperCase();
const BUSY = `ZT${RUN}`;
const QUIET = `QT${RUN}`;
const PASSWORD = 'console-dashboard-password';
const MINISTRY = `ministry-dash-${RUN.toLowerCase()}@test.sdt.pk`;
const COORDINATOR = `coordinator-dash-${RUN.toLowerCase()}@test.sdt.pk`;

const app = new ConsoleApp({ password: PASSWORD });
let firstCnic = '';
let base = '';

const hasTool = (tool: string) => existsSync(`/usr/bin/${tool}`);

async function catalog(partner: string, target: number, endsOn: string) {
  await app.call('POST', '/partners', {
    code: partner,
    name: `Partner ${partner}`,
    kind: 'industry',
  });
  await app.call('POST', '/programs', {
    code: `${partner}-P`,
    name: `Skills ${partner}`,
    partnerCode: partner,
    targetTrainees: target,
    targets: [
      { dimension: 'gender', key: 'female', target: Math.round(target * 0.3) },
      { dimension: 'track', key: 'AI', target: Math.round(target * 0.8) },
      { dimension: 'province', key: 'PB', target: Math.round(target * 0.5) },
    ],
    tracks: ['AI', 'Cloud'],
    startsOn: '2026-01-01',
    endsOn,
    status: 'active',
  });
  await app.call('POST', '/cohorts', {
    code: `${partner}-C1`,
    programCode: `${partner}-P`,
    name: 'Lahore AI 1',
    track: 'AI',
    city: 'Lahore',
    province: 'PB',
    mode: 'onsite',
  });
}

async function waitForFigures() {
  for (let i = 0; i < 80; i++) {
    const d = await app.call('GET', `/reports/dashboard?partner=${BUSY}`);
    const rows = d.partners as { completed: number }[];
    const q = d.dataQuality as { imports30d: number }[];
    if (rows[0]?.completed === 2 && q[0]?.imports30d === 1) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('figures never computed');
}

async function openDashboard(email: string, path = '/', width = 1440): Promise<Page> {
  const page = await app.openAs(email);
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`${base}${path}`);
  await page.getByRole('heading', { name: 'Programs against target' }).waitFor();
  await page.locator('.chart svg').nth(4).waitFor();
  return page;
}

beforeAll(async () => {
  await app.start();
  base = app.base;
  await catalog(BUSY, 500_000, '2027-12-31');
  await catalog(QUIET, 1000, '2027-06-30');
  await app.createUser(MINISTRY, 'ministry');
  await app.createUser(COORDINATOR, 'coordinator', [BUSY]);
  const rows = [0, 1, 2, 3].map((i) => ({
    cnic: uniqueCnic(i % 2 === 0 ? 'female' : 'male'),
    fullName: `Trainee ${i}`,
    gender: i % 2 === 0 ? 'female' : 'male',
    cohortCode: `${BUSY}-C1`,
    province: i < 3 ? 'PB' : undefined,
    ...(i < 2 ? { status: 'completed', completedOn: '2026-11-20', enrolledOn: '2026-03-01' } : {}),
  }));
  firstCnic = rows[0].cnic;
  await app.call('POST', `/imports?partner=${BUSY}`, { rows });
  await waitForFigures();
}, 240_000);

afterAll(() => app.stop('console-dashboard'));

describe('dashboard', () => {
  it('loads in one request, with the shortfall first, sortable, and the data-quality panel', async () => {
    const page = await openDashboard(MINISTRY);
    const reportCalls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/reports/')) reportCalls.push(new URL(r.url()).pathname);
    });
    await page.reload();
    await page.getByRole('heading', { name: 'Programs against target' }).waitFor();
    await page.locator('.chart svg').nth(4).waitFor();
    expect(reportCalls).toEqual(['/api/v1/reports/dashboard']);
    await page.getByRole('heading', { name: 'National progress', level: 1 }).waitFor();
    expect(await page.locator('.freshness').innerText()).toMatch(
      /^Figures as of \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d, (just now|\d+ minutes? ago)/,
    );

    const partners = page.getByRole('region', { name: /Completed trainees per partner/ });
    const shortfall = partners.getByRole('columnheader', { name: /Shortfall/ });
    expect(await shortfall.getAttribute('aria-sort')).toBe('descending');
    // Other specs of the run may add partners: the order is checked over every row.
    const column = async (i: number) =>
      (await partners
        .locator('tbody tr')
        .evaluateAll(
          (rows, index) => rows.map((r) => r.children[index]?.textContent?.trim() ?? ''),
          i,
        )) as string[];
    const numbers = (texts: string[]) =>
      texts.filter((t) => /^[\d,]+$/.test(t)).map((t) => Number(t.replace(/,/g, '')));
    const shortfalls = numbers(await column(7));
    expect(shortfalls).toEqual([...shortfalls].sort((x, y) => y - x));
    // BUSY is far behind its 500,000 target: first of all.
    expect((await column(0))[0]).toBe(`Partner ${BUSY}`);
    const partnerHeader = partners.getByRole('columnheader', { name: /^Partner/ });
    await partners.getByRole('button', { name: /^Partner/ }).click();
    expect(await partnerHeader.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await column(0);
    expect(ascending).toEqual([...ascending].sort((x, y) => x.localeCompare(y)));
    await partners.getByRole('button', { name: /^Partner/ }).click();
    expect(await partnerHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await column(0)).toEqual([...ascending].reverse());
    expect(await shortfall.getAttribute('aria-sort')).toBeNull();

    // "Last roster": BUSY imported today; QUIET never did, which is stale.
    const busyRow = partners.getByRole('row').filter({ hasText: `Partner ${BUSY}` });
    expect(await busyRow.getByRole('cell').last().innerText()).toMatch(/today/);
    const quietRow = partners.getByRole('row').filter({ hasText: `Partner ${QUIET}` });
    expect(await quietRow.getByRole('cell').last().innerText()).toMatch(/no roster.*stale/s);
    // Shortfall and the weekly need, equal to the report's figures.
    const report = await app.call('GET', `/reports/targets?groupBy=partner&partner=${BUSY}`);
    const truth = (report.rows as { expectedCompletedByNow: number; completed: number }[])[0];
    const cells = await busyRow.getByRole('cell').allInnerTexts();
    expect(Number(cells[7].replace(/[^\d]/g, ''))).toBe(
      truth.expectedCompletedByNow - truth.completed,
    );
    expect(Number(cells[8].replace(/[^\d]/g, ''))).toBeGreaterThan(0);

    const quality = page.getByRole('region', { name: 'Table: Data quality per partner' });
    const link = quality.getByRole('link').filter({ hasText: BUSY });
    expect(await link.getAttribute('href')).toBe(`/imports?partner=${BUSY}`);
    const busyQuality = await quality
      .getByRole('row')
      .filter({ hasText: BUSY })
      .getByRole('cell')
      .allInnerTexts();
    expect(busyQuality[2]).toBe('1'); // one import in 30 days
    expect(busyQuality[3]).toBe('4'); // four rows
    expect(busyQuality[9]).toBe('1'); // one trainee without a province
    expect(busyQuality[10]).toBe('4'); // none with a district

    // Gender and track against their sub-targets, on a percent scale.
    expect(await page.getByText('% of sub-target').count()).toBeGreaterThan(0);
    await app.checkScreen(page, 'dashboard-1440');
    await page.close();
  });

  it('names the program over time, with a picker; an empty program says so', async () => {
    const page = await openDashboard(MINISTRY);
    await page
      .getByRole('heading', { name: `Completions over time: Skills ${BUSY} (${BUSY}-P)` })
      .waitFor();
    await page.getByLabel('Program shown').selectOption(`${QUIET}-P`);
    await page
      .getByRole('heading', { name: `Completions over time: Skills ${QUIET} (${QUIET}-P)` })
      .waitFor();
    await page.getByText(`No completions recorded for Skills ${QUIET} yet`).waitFor();
    expect(new URL(page.url()).searchParams.get('series')).toBe(`${QUIET}-P`);
    // Whole-number axis labels only (no 0.2 trainees).
    const labels = await page.locator('.panel-wide .chart svg text').allTextContents();
    expect(labels.filter((l) => /^\d+\.\d+$/.test(l.trim()))).toEqual([]);
    await app.checkScreen(page, 'dashboard-empty-series');
    await page.close();
  });

  it('titles a limited coordinator’s view by its partner, and words a province filter', async () => {
    const page = await openDashboard(COORDINATOR, '/?province=SD');
    await page.getByRole('heading', { name: `Progress: ${BUSY}`, level: 1 }).waitFor();
    expect(await page.getByRole('heading', { name: 'National progress' }).count()).toBe(0);
    expect(await page.getByText('no province sub-target').count()).toBeGreaterThan(0);
    expect(await page.getByText(/these totals do not follow the filters/).count()).toBe(1);
    await page.close();
  });

  it('a failed refresh shows one banner and greys the last figures', async () => {
    const page = await openDashboard(MINISTRY);
    await page.route('**/api/v1/reports/dashboard**', (route) => route.abort());
    await page.getByText('The figures could not be refreshed.').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('alert').count()).toBe(1);
    expect(await page.locator('.figures-stale').count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Programs against target' }).count()).toBe(1);
    await app.checkScreen(page, 'dashboard-refresh-failed');
    await page.unroute('**/api/v1/reports/dashboard**');
    await page.close();
  });

  it('downloads the whole view as one workbook named by its filters', async () => {
    const page = await openDashboard(MINISTRY, '/?province=SD');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the whole view (XLSX)' }).click(),
    ]);
    const today = new SystemClock().today(); // the api's day (UTC), as the console names it
    expect(download.suggestedFilename()).toBe(`national-progress-sindh-${today}.xlsx`);
    const file = join(SHOTS, 'dashboard.xlsx');
    copyFileSync((await download.path())!, file);
    const bytes = readFileSync(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    expect(book.worksheets.map((w) => w.name).slice(0, 8)).toEqual([
      'About this workbook',
      'Partners',
      'Programs',
      'By province',
      'By gender',
      'By track',
      'By month',
      'Data quality',
    ]);
    const about = book.worksheets[0];
    const text = about
      .getRows(1, about.rowCount)
      ?.map((r) => `${String(r.getCell(1).value)}: ${String(r.getCell(2).value)}`)
      .join('\n');
    expect(text).toContain('Province filter: SD');
    expect(text).toContain(`Exported by: ${MINISTRY}`);
    const partners = book.getWorksheet('Partners');
    const busy = partners
      ?.getRows(2, partners.rowCount - 1)
      ?.find((r) => r.getCell(1).value === BUSY);
    expect(busy?.getCell(2).value).toBe(`Partner ${BUSY}`);
    await page.close();
  });

  it('fits a 360 px screen', async () => {
    const page = await openDashboard(MINISTRY, '/', 360);
    await app.checkScreen(page, 'dashboard-360');
    await page.close();
  });

  it('prints on one A4 landscape page with a header naming filters, as-of time and who printed', async () => {
    // A drive of many partners and programs still prints on one page: the tables print their
    // first rows and say how many more the screen has.
    const extra = Array.from({ length: 24 }, (_, i) => `PX${RUN}${String(i).padStart(2, '0')}`);
    for (const [i, code] of extra.entries()) await catalog(code, 1000 + i * 10, '2027-06-30');
    await app.call('POST', `/imports?partner=${extra[23]}`, {
      rows: [
        {
          cnic: uniqueCnic('male'),
          fullName: 'Print Row',
          gender: 'male',
          cohortCode: `${extra[23]}-C1`,
        },
      ],
    });
    for (let i = 0; i < 80; i++) {
      const d = await app.call('GET', '/reports/dashboard');
      if ((d.partners as unknown[]).length >= 26) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const page = await openDashboard(MINISTRY, `/?province=PB`);
    await page.emulateMedia({ media: 'print' });
    // The charts redraw at their print size (ResizeObserver), as `beforeprint` makes them do.
    await page.waitForTimeout(500);
    const header = await page.locator('.print-header').innerText();
    expect(header).toContain('province PB');
    expect(header).toContain('all partners');
    expect(header).toMatch(/figures as of \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d/);
    expect(header).toContain(`by ${MINISTRY}`);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const file = join(SHOTS, 'dashboard-print.pdf');
    writeFileSync(file, pdf);
    // Page objects in the PDF's page tree (Chromium writes them uncompressed).
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBe(1);
    if (hasTool('pdftotext') && hasTool('pdfinfo')) {
      const info = execFileSync('pdfinfo', [file]).toString();
      expect(info).toMatch(/Pages:\s+1\b/);
      expect(info).toMatch(/Page size:\s+841\.\d+ x 59\d\.\d+ pts \(A4\)/); // A4 landscape, in points
      const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
      expect(text).toContain('province PB');
      expect(text).toContain(MINISTRY);
      expect(text).toMatch(/The first 5 of \d+ partners in this order/);
      if (hasTool('pdftoppm')) {
        execFileSync('pdftoppm', ['-png', '-r', '60', file, join(SHOTS, 'dashboard-print')]);
      }
    }
    await page.close();
  });

  it('lets an admin resolve an identity conflict from the data-quality panel', async () => {
    // QUIET sends BUSY's first trainee under another name: an open conflict of QUIET.
    const imp = await app.call('POST', `/imports?partner=${QUIET}`, {
      rows: [
        {
          cnic: firstCnic,
          fullName: 'Renamed By Quiet',
          gender: 'female',
          cohortCode: `${QUIET}-C1`,
        },
      ],
    });
    for (let i = 0; i < 80; i++) {
      const d = await app.call('GET', `/reports/data-quality?partner=${QUIET}`);
      if ((d.items as { openIdentityConflicts: number }[])[0].openIdentityConflicts === 1) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(imp.id).toBeTruthy();
    const page = await app.openAs(TEST_ADMIN.email, TEST_ADMIN.password);
    await page.goto(`${base}/`);
    const quality = page.getByRole('region', { name: 'Table: Data quality per partner' });
    await quality.getByRole('link', { name: `1 open conflicts of ${QUIET}` }).click();
    await page.getByRole('heading', { name: `Identity conflicts: ${QUIET}` }).waitFor();
    const card = page.getByRole('region', { name: /Record and supplied values/ });
    const nameRow = card.getByRole('row').filter({ hasText: 'Full name' });
    await nameRow.waitFor(); // the conflicts arrive after the heading
    const cells = await nameRow.getByRole('cell').allInnerTexts();
    expect(cells).toEqual(['Trainee 0', 'Renamed By Quiet']);
    await app.checkScreen(page, 'identity-conflicts');
    await page.getByRole('button', { name: 'Keep record' }).click();
    await page.getByText('No open conflicts.').waitFor();
    const after = await app.call('GET', `/identity-conflicts?partner=${QUIET}&status=open`);
    expect(after.items).toEqual([]);
    await page.close();
  });
});
