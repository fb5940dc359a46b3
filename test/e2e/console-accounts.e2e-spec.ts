// The console's account and connection screens in a real browser against the built api and
// worker (this run's database and Redis): an admin disables, re-enables, resets and changes
// accounts; the last active admin is refused; a partner's webhook deliveries are seen after an
// import ends (a real receiver on 127.0.0.1); a coordinator exports its trainee list as CSV
// and XLSX with the list's filters. Every screen checked gets axe and a screenshot.
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dialog, Page } from 'playwright-core';
import { ROSTER_COLUMNS } from '../../src/modules/imports/roster/roster-columns';
import { uniqueCnic } from '../factories/people';
import { ConsoleApp, type Json } from '../helpers/console-app';
import { TEST_ADMIN } from '../setup/test-env';

jest.setTimeout(240_000);

const RUN = randomBytes(3).toString('hex').toUpperCase();
const PARTNER = `AC${RUN}`;
const PARTNER_NAME = `Accounts Partner ${RUN}`;
const OTHER = `AO${RUN}`;
const PROGRAM = `AC-${RUN}-PROG`;
const COHORT = `AC-${RUN}-C1`;
const PASSWORD = 'console-test-password';
const email = (who: string) => `${who}-${RUN.toLowerCase()}@test.sdt.pk`;
const DISABLED = email('leaving');
const RESET = email('forgetful');
const MOVING = email('moving');
const PARTNER_USER = email('partner');
const EXPORTER = email('exporter');

const app = new ConsoleApp({
  password: PASSWORD,
  // Deliveries and a retry within the test's patience.
  env: { WEBHOOK_OUTBOX_POLL_MS: '100', WEBHOOK_RETRY_BASE_MS: '300' },
});

/** A partner's webhook receiver: answers 503 to the first delivery, 200 to the rest. */
class Receiver {
  readonly bodies: Json[] = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json);
      res.statusCode = this.bodies.length === 1 ? 503 : 200;
      res.end();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/sdt`;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
const receiver = new Receiver();
let receiverUrl = '';

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The next dialog's question, answered yes. */
function acceptNextDialog(page: Page): Promise<string> {
  return new Promise((resolve) =>
    page.once('dialog', (d: Dialog) => {
      resolve(d.message());
      void d.accept();
    }),
  );
}

async function openAdmin(): Promise<Page> {
  const page = await app.openAs(TEST_ADMIN.email, TEST_ADMIN.password);
  await page.getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('heading', { name: 'Users' }).waitFor();
  return page;
}

const userRow = (page: Page, who: string) =>
  page.getByRole('region', { name: 'Table: Users' }).getByRole('row').filter({ hasText: who });

/** The user's row, found as an admin would: the email typed into the search box. */
async function findUser(page: Page, who: string) {
  await page.getByLabel('Email contains').fill(who.slice(0, who.indexOf('@')).toUpperCase());
  const row = userRow(page, who);
  await row.waitFor();
  // The list holds the one matching account (the run's database holds many users).
  const accounts = page
    .getByRole('region', { name: 'Table: Users' })
    .getByRole('row')
    .filter({ hasText: '@' });
  for (let tries = 0; (await accounts.count()) !== 1; tries++) {
    if (tries === 50)
      throw new Error(`the search for ${who} lists ${await accounts.count()} accounts`);
    await page.waitForTimeout(100);
  }
  return row;
}

/** Posts JSON roster rows for the partner as the admin and waits for the import to end. */
async function importRows(rows: Json[]): Promise<Json> {
  const job = await app.call('POST', `/imports?partner=${PARTNER}`, { rows });
  for (let i = 0; i < 120; i++) {
    const now = await app.call('GET', `/imports/${String(job.id)}`);
    if (['completed', 'failed', 'cancelled'].includes(String(now.status))) return now;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the import did not end');
}

beforeAll(async () => {
  receiverUrl = await receiver.start();
  await app.start();
  await app.createCatalog({
    partner: PARTNER,
    partnerName: PARTNER_NAME,
    program: PROGRAM,
    programName: `Accounts Skills ${RUN}`,
    cohort: COHORT,
  });
  await app.call('POST', '/partners', {
    code: OTHER,
    name: `Other Partner ${RUN}`,
    kind: 'industry',
  });
  for (const who of [DISABLED, RESET, MOVING, EXPORTER]) {
    await app.call('POST', '/users', {
      email: who,
      password: PASSWORD,
      role: 'coordinator',
      partnerCodes: [PARTNER],
    });
  }
  await app.call('POST', '/users', {
    email: PARTNER_USER,
    password: PASSWORD,
    role: 'partner',
    partnerCodes: [PARTNER],
  });
}, 240_000);

afterAll(async () => {
  await app.stop('console-accounts');
  await receiver.close();
});

describe('console: accounts, webhooks, export', () => {
  it('an admin disables a coordinator after a confirmation: it is signed out and cannot sign in until enabled again', async () => {
    const coordinator = await app.openAs(DISABLED);
    await coordinator.getByRole('heading', { name: `Progress: ${PARTNER}` }).waitFor();

    const admin = await openAdmin();
    const row = await findUser(admin, DISABLED);
    expect(await row.getByRole('cell').nth(3).innerText()).toBe('Active');
    const asked = acceptNextDialog(admin);
    await row.getByRole('button', { name: `Disable ${DISABLED}` }).click();
    expect(await asked).toMatch(new RegExp(`^Disable ${DISABLED}\\? They are signed out at once`));
    await admin
      .getByRole('status')
      .filter({ hasText: `${DISABLED} is disabled: signed out everywhere` })
      .waitFor();
    await row.getByText(/Disabled since \d+ \w+ \d{4}/).waitFor();
    await app.checkScreen(admin, 'admin-users');

    // The open session ends at its next request (the dashboard's refresh may come first);
    // signing in again is refused.
    await coordinator.goto(`${app.base}/programs`);
    await coordinator.waitForURL(/\/signin\?/);
    await coordinator.getByRole('heading', { name: 'Sign in' }).waitFor();
    await app.submitSignIn(coordinator, DISABLED, PASSWORD);
    await coordinator.getByText('The email or password is not right').waitFor();
    expect(new URL(coordinator.url()).pathname).toBe('/signin');

    const again = acceptNextDialog(admin);
    await row.getByRole('button', { name: `Enable ${DISABLED}` }).click();
    expect(await again).toContain(`Enable ${DISABLED} again?`);
    await admin.getByText(`${DISABLED} is enabled again and can sign in.`).waitFor();
    await app.submitSignIn(coordinator, DISABLED, PASSWORD);
    await coordinator.getByRole('heading', { name: `Progress: ${PARTNER}` }).waitFor();
    await coordinator.close();
    await admin.close();
  });

  it('an admin resets a password: a short one is refused on the field, then the user signs in with the new one only', async () => {
    const admin = await openAdmin();
    await (await findUser(admin, RESET)).getByRole('button', { name: `Change ${RESET}` }).click();
    const editor = admin.getByRole('region', { name: `Account of ${RESET}` });
    const field = editor.getByLabel('New password');
    await field.fill('too-short');
    await editor.getByRole('button', { name: 'Set new password' }).click();
    await editor.getByText('password must be at least 12 characters').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await app.checkScreen(admin, 'admin-user-editor-error');

    const fresh = 'a-brand-new-passphrase';
    await field.fill(fresh);
    await editor.getByRole('button', { name: 'Set new password' }).click();
    await editor.getByText(`A new password is set for ${RESET}`).waitFor();
    expect(await field.inputValue()).toBe('');
    await admin.close();

    const user = await app.newPage();
    await app.submitSignIn(user, RESET, PASSWORD);
    await user.getByText('The email or password is not right').waitFor();
    await app.submitSignIn(user, RESET, fresh);
    await user.getByRole('heading', { name: `Progress: ${PARTNER}` }).waitFor();
    await user.close();
  });

  it('an admin changes a coordinator’s partners, then makes it a partner user of exactly one partner', async () => {
    const admin = await openAdmin();
    await (await findUser(admin, MOVING)).getByRole('button', { name: `Change ${MOVING}` }).click();
    const editor = admin.getByRole('region', { name: `Account of ${MOVING}` });
    const form = editor.getByRole('form', { name: 'Role and partners' });
    await form.getByLabel('Role').selectOption('coordinator');
    await form.getByRole('checkbox', { name: `${PARTNER_NAME} (${PARTNER})` }).uncheck();
    await form.getByRole('checkbox', { name: `Other Partner ${RUN} (${OTHER})` }).check();
    await form.getByRole('button', { name: 'Save role and partners' }).click();
    await form.getByText(`${MOVING} is now Coordinator of ${OTHER} only.`).waitFor();
    await userRow(admin, MOVING).getByRole('cell', { name: OTHER, exact: true }).waitFor();

    // "Only these" with nothing ticked is refused: a forgotten tick never grants every partner.
    await form.getByRole('checkbox', { name: `Other Partner ${RUN} (${OTHER})` }).uncheck();
    await form.getByRole('button', { name: 'Save role and partners' }).click();
    await form.getByText('Tick at least one partner, or choose All partners.').waitFor();
    await userRow(admin, MOVING).getByRole('cell', { name: OTHER, exact: true }).waitFor();
    await form.getByRole('radio', { name: 'All partners' }).check();
    await form.getByRole('button', { name: 'Save role and partners' }).click();
    await form.getByText(`${MOVING} is now Coordinator of all partners.`).waitFor();
    await userRow(admin, MOVING).getByRole('cell', { name: 'All partners', exact: true }).waitFor();

    // A partner user holds exactly one partner: none chosen is refused on the partners.
    await form.getByLabel('Role').selectOption('partner');
    await form.getByRole('button', { name: 'Save role and partners' }).click();
    const partners = form.getByRole('group', { name: 'Partner (exactly one)' });
    await partners.getByText('a partner user holds exactly one partner code').waitFor();
    await partners.getByRole('radio', { name: `${PARTNER_NAME} (${PARTNER})` }).check();
    await form.getByRole('button', { name: 'Save role and partners' }).click();
    await form.getByText(`${MOVING} is now Partner user of ${PARTNER}.`).waitFor();
    const cells = await userRow(admin, MOVING).getByRole('cell').allInnerTexts();
    expect(cells.slice(1, 3)).toEqual(['Partner user', PARTNER]);
    const me = await app.call('GET', '/auth/me', undefined, await app.login(MOVING, PASSWORD));
    expect(me).toMatchObject({ role: 'partner', partnerCodes: [PARTNER] });
    await admin.close();
  });

  it('the last active admin cannot be disabled or demoted: the refusal shows its message', async () => {
    // This run's database may hold admins of other specs: they step aside for this test.
    const users = await app.call('GET', '/users?role=admin&limit=500');
    const others = (users.items as Json[]).filter(
      (u) => u.email !== TEST_ADMIN.email && u.disabledAt === null,
    );
    for (const u of others) await app.call('PATCH', `/users/${String(u.id)}`, { disabled: true });
    try {
      const admin = await openAdmin();
      await admin
        .getByRole('form', { name: 'Filter users' })
        .getByRole('combobox')
        .selectOption('admin');
      const row = await findUser(admin, TEST_ADMIN.email);
      expect(await row.getByRole('cell').first().innerText()).toBe(`${TEST_ADMIN.email} (you)`);
      const asked = acceptNextDialog(admin);
      await row.getByRole('button', { name: `Disable ${TEST_ADMIN.email}` }).click();
      await asked;
      const refusal = admin.getByRole('alert').filter({
        hasText: 'The last active admin cannot be disabled or demoted',
      });
      await refusal.waitFor();
      expect(await row.getByRole('cell').nth(3).innerText()).toBe('Active');
      await app.checkScreen(admin, 'admin-last-admin');

      await row.getByRole('button', { name: `Change ${TEST_ADMIN.email}` }).click();
      const form = admin.getByRole('form', { name: 'Role and partners' });
      await form.getByLabel('Role').selectOption('coordinator');
      await form.getByRole('button', { name: 'Save role and partners' }).click();
      await form.getByText('The last active admin cannot be disabled or demoted').waitFor();
      expect(await form.getByLabel('Role').getAttribute('aria-invalid')).toBe('true');
      expect((await app.call('GET', '/auth/me')).role).toBe('admin');
      await admin.close();
    } finally {
      for (const u of others) {
        await app.call('PATCH', `/users/${String(u.id)}`, { disabled: false });
      }
    }
  });

  it('an admin registers a webhook, sees its deliveries after an import ends (a failure, then the retry), and deletes it', async () => {
    const admin = await openAdmin();
    await admin.getByRole('button', { name: `Keys and webhooks of ${PARTNER_NAME}` }).click();
    const hooks = admin.getByRole('region', { name: `Webhooks of ${PARTNER_NAME}` });
    await hooks.getByLabel('Webhook address').fill(receiverUrl);
    await hooks.getByRole('button', { name: 'Register webhook' }).click();
    const secret = await hooks.locator('.key-once').innerText();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await hooks.getByRole('button', { name: 'Copy secret' }).waitFor();
    await hooks.getByRole('row').filter({ hasText: receiverUrl }).waitFor();
    await app.checkScreen(admin, 'admin-webhooks');

    const job = await importRows([
      { cnic: uniqueCnic('female'), fullName: 'Hira Batool', gender: 'female', cohortCode: COHORT },
    ]);
    expect(job.status).toBe('completed');
    for (let i = 0; i < 100 && receiver.bodies.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(receiver.bodies.map((b) => (b.import as Json).id)).toEqual([job.id, job.id]);

    await hooks.getByRole('link', { name: 'Deliveries on the Imports page' }).click();
    const block = admin.getByRole('region', { name: 'Webhook deliveries' });
    await block.waitFor();
    expect(await block.getByLabel('Partner').inputValue()).toBe(PARTNER);
    const table = block.getByRole('region', { name: `Table: Deliveries to ${receiverUrl}` });
    await table.getByRole('row').filter({ hasText: '✓ Delivered' }).waitFor({ timeout: 15_000 });
    const rows = table.getByRole('row');
    const byAttempt = async (n: number) =>
      (await rows.nth(n).getByRole('cell').allInnerTexts()).slice(1).map(oneLine);
    // Newest first: the retry that got through, then the refused first attempt.
    const shortId = String(job.id).slice(0, 8);
    expect(await byAttempt(1)).toEqual([
      'import.finished',
      `Open import ${shortId}`,
      '2',
      '✓ Delivered',
      '200',
      expect.stringMatching(/^\d[\d,]* ms$/),
      '–',
    ]);
    expect(await byAttempt(2)).toEqual([
      'import.finished',
      `Open import ${shortId}`,
      '1',
      '✗ Not delivered',
      '503',
      expect.stringMatching(/^\d[\d,]* ms$/),
      expect.stringMatching(/503/),
    ]);
    await app.checkScreen(admin, 'imports-webhook-deliveries');

    await rows
      .nth(1)
      .getByRole('button', { name: `Open import ${shortId}` })
      .click();
    await admin
      .getByRole('heading', { name: 'Import of JSON rows' })
      .or(admin.getByRole('heading', { name: 'Import of a roster' }))
      .waitFor();
    expect(new URL(admin.url()).searchParams.get('import')).toBe(job.id);

    await block
      .getByRole('link', { name: 'Register or delete webhooks in Administration' })
      .click();
    const asked = acceptNextDialog(admin);
    await hooks.getByRole('button', { name: `Delete the webhook to ${receiverUrl}` }).click();
    expect(await asked).toBe(
      `Delete the webhook to ${receiverUrl}? Nothing more is delivered to it.`,
    );
    await hooks.getByText('No webhook yet.').waitFor();
    expect((await app.call('GET', `/partners/${PARTNER}/webhooks`)).items).toEqual([]);
    await admin.close();
  });

  it('a coordinator exports its trainee list as CSV with the list filters, and as XLSX', async () => {
    const punjab = [uniqueCnic('female'), uniqueCnic('male')];
    const sindh = uniqueCnic('female');
    const row = (cnic: string, fullName: string, gender: string, province: string) => ({
      cnic,
      fullName,
      gender,
      province,
      cohortCode: COHORT,
      status: 'active',
      enrolledOn: '2026-03-01',
    });
    await importRows([
      row(punjab[0], 'عائشہ صدیقہ', 'female', 'PB'),
      row(punjab[1], 'Bilal Ahmed', 'male', 'PB'),
      row(sindh, 'Sana Khan', 'female', 'SD'),
    ]);

    const page = await app.openAs(EXPORTER);
    await page.getByRole('link', { name: 'Trainees' }).click();
    await page.getByRole('heading', { name: 'Trainees' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Sana Khan' }).waitFor();
    await page.getByRole('combobox', { name: /^Province/ }).selectOption('PB');
    await page.waitForURL(/province=PB/);
    // The Sindh trainee leaves the list; the two in Punjab stay.
    await page.getByRole('row').filter({ hasText: 'Sana Khan' }).waitFor({ state: 'detached' });
    await page.getByRole('row').filter({ hasText: 'Bilal Ahmed' }).waitFor();
    await page.getByRole('combobox', { name: /^Program/ }).selectOption(PROGRAM);
    await page.getByRole('combobox', { name: /^Cohort/ }).selectOption(COHORT);

    // The export is held back until the wait has been seen, as it is on a long list (a fixed
    // delay let a slow browser miss the moment).
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/v1/trainees/export?*', async (route) => {
      await held;
      await route.continue();
    });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      (async () => {
        try {
          await page.getByRole('button', { name: 'Export CSV' }).click();
          await page.getByRole('button', { name: 'Preparing…' }).waitFor();
          await page.getByText('Preparing the CSV file…').waitFor();
        } finally {
          release();
        }
      })(),
    ]);
    expect(download.suggestedFilename()).toBe('trainees.csv');
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(ROSTER_COLUMNS.join(','));
    const cnicAt = ROSTER_COLUMNS.indexOf('cnic');
    const cohortAt = ROSTER_COLUMNS.indexOf('cohort_code');
    const exported = lines.slice(1).map((l) => l.split(','));
    expect(exported.map((cells) => cells[cnicAt]).sort()).toEqual([...punjab].sort());
    expect(new Set(exported.map((cells) => cells[cohortAt]))).toEqual(new Set([COHORT]));
    await page.getByText('The CSV file is downloaded.').waitFor();
    await app.checkScreen(page, 'trainees-export');

    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export XLSX' }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe('trainees.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await xlsx.path())!);
    const sheet = workbook.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...ROSTER_COLUMNS]);
    expect(sheet.actualRowCount).toBe(3);
    await page.close();
  });

  it('only admins see the webhook block; partner users see Export on their trainees', async () => {
    for (const who of [EXPORTER, PARTNER_USER]) {
      const page = await app.openAs(who);
      await page.goto(`${app.base}/imports?partner=${PARTNER}`);
      await page.getByRole('heading', { name: 'History' }).waitFor();
      expect(await page.getByRole('heading', { name: 'Webhook deliveries' }).count()).toBe(0);
      expect(await page.getByText('Deliveries to').count()).toBe(0);
      await page.close();
    }
    const partnerUser = await app.openAs(PARTNER_USER);
    await partnerUser.goto(`${app.base}/trainees`);
    await partnerUser.getByRole('button', { name: 'Export CSV' }).waitFor();
    await partnerUser.getByRole('region', { name: 'Table: Trainees' }).waitFor();
    await app.checkScreen(partnerUser, 'trainees-partner');
    await partnerUser.close();
  });

  it('no screen logged a console error and axe found no violation on these screens', () => {
    expect(app.screens.length).toBeGreaterThanOrEqual(7);
    expect(app.consoleErrors).toEqual([]);
    expect(app.axeFindings).toEqual([]);
  });
});
