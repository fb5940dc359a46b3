// The console's trainee screens in a real browser against the built api and worker (this run's
// database and Redis): a coordinator adds a trainee (a bad CNIC refused on its field first),
// lands on its page and enrolls it in a cohort of its partner; the same CNIC again is refused
// with a link to the existing trainee; a partner user is not offered "New trainee". Every
// screen checked gets axe and a screenshot.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { dashedCnic, uniqueCnic } from '../factories/people';
import { ConsoleApp } from '../helpers/console-app';

jest.setTimeout(240_000);

const RUN = randomBytes(3).toString('hex').toUpperCase();
const PARTNER = `TR${RUN}`;
const PROGRAM = `TR-${RUN}-PROG`;
const PROGRAM_NAME = `Trainee Skills ${RUN}`;
const COHORT = `TR-${RUN}-C1`;
const PASSWORD = 'console-test-password';
const email = (who: string) => `${who}-${RUN.toLowerCase()}@test.sdt.pk`;
const COORDINATOR = email('enroller');
const PARTNER_USER = email('partner');
const CNIC = uniqueCnic('female');
const NAME = `Zainab Bibi ${RUN}`;

const app = new ConsoleApp({ password: PASSWORD });
let traineeUrl = '';

/** The coordinator on the new-trainee form, reached from the trainee list. */
async function openNewTrainee(): Promise<Page> {
  const page = await app.openAs(COORDINATOR);
  await page.getByRole('link', { name: 'Trainees' }).click();
  await page.getByRole('heading', { name: 'Trainees' }).waitFor();
  await page.getByRole('link', { name: 'New trainee' }).click();
  await page.getByRole('heading', { name: 'New trainee' }).waitFor();
  return page;
}

beforeAll(async () => {
  await app.start();
  await app.createCatalog({
    partner: PARTNER,
    partnerName: `Trainee Partner ${RUN}`,
    program: PROGRAM,
    programName: PROGRAM_NAME,
    cohort: COHORT,
  });
  await app.createUser(COORDINATOR, 'coordinator', [PARTNER]);
  await app.createUser(PARTNER_USER, 'partner', [PARTNER]);
}, 240_000);

afterAll(async () => {
  await app.stop('console-trainees');
});

describe('console: new trainee, enrollment', () => {
  it('a coordinator adds a trainee (a bad CNIC refused on its field first), lands on its page and enrolls it in a cohort of its partner', async () => {
    const page = await openNewTrainee();
    const form = page.getByRole('form', { name: 'New trainee' });
    const cnic = form.getByLabel('CNIC');
    await cnic.fill('35202-12345');
    await form.getByLabel('Full name').fill(NAME);
    await form.getByLabel('Gender').selectOption('female');
    await form.getByLabel('Date of birth').fill('2002-05-14');
    await form.getByLabel('Province').selectOption('PB');
    await form.getByLabel('District').fill('Lahore');
    await form.getByLabel('Category').selectOption('youth');
    await form.getByLabel('Email').fill('zainab@example.pk');
    await form.getByLabel('Phone').fill('03001234567');
    await form.getByRole('button', { name: 'Add trainee' }).click();
    // The API's message under the field, without the field name it starts with.
    await form
      .getByText('CNIC must be 13 digits, written 35202-1234567-1 or 3520212345671', {
        exact: true,
      })
      .waitFor();
    expect(await cnic.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('alert').filter({ hasText: 'One field needs correcting' }).waitFor();
    await app.checkScreen(page, 'trainee-new-error');

    await cnic.fill(dashedCnic(CNIC));
    await form.getByRole('button', { name: 'Add trainee' }).click();
    await page.waitForURL(/\/trainees\/[0-9a-f-]{36}$/);
    traineeUrl = page.url();
    await page.getByRole('heading', { name: NAME }).waitFor();
    await page.getByText('The trainee is added').waitFor();
    const details = page.getByRole('region', { name: 'Trainee details' });
    await details.getByText(dashedCnic(CNIC)).waitFor();
    await details.getByText('+923001234567').waitFor();
    const enrollments = page.getByRole('region', { name: 'Table: Enrollments' });
    await enrollments.getByText('Not enrolled in any cohort you may see.').waitFor();

    const enroll = page.getByRole('form', { name: 'Enroll in a cohort' });
    await enroll.getByLabel('Program').selectOption(PROGRAM);
    await enroll.getByLabel('Cohort').selectOption(COHORT);
    await enroll.getByLabel('External id').fill(`EXT-${RUN}`);
    await enroll.getByLabel('Status').selectOption('active');
    await enroll.getByLabel('Enrolled on').fill('2026-03-02');
    await enroll.getByRole('button', { name: 'Enroll' }).click();
    await enroll.getByText(`Enrolled in ${COHORT} (${PROGRAM}).`).waitFor();
    await page.getByText('The trainee is added').waitFor({ state: 'detached' });
    const row = enrollments.getByRole('row').filter({ hasText: COHORT });
    await row.waitFor();
    expect((await row.getByRole('cell').allInnerTexts()).slice(0, 5)).toEqual([
      PROGRAM,
      COHORT,
      PARTNER,
      '0 %',
      '2 Mar 2026',
    ]);
    expect(
      await row
        .getByRole('combobox', { name: `Status of the enrollment in ${COHORT}` })
        .inputValue(),
    ).toBe('active');
    const stored = await app.call('GET', `/enrollments?traineeId=${traineeUrl.split('/').pop()}`);
    expect(stored.items).toEqual([
      expect.objectContaining({ cohortCode: COHORT, status: 'active', externalId: `EXT-${RUN}` }),
    ]);
    await app.checkScreen(page, 'trainee-enrolled');

    // A second enrollment in the same program is refused as the API words it.
    await enroll.getByLabel('Program').selectOption(PROGRAM);
    await enroll.getByLabel('Cohort').selectOption(COHORT);
    await enroll.getByRole('button', { name: 'Enroll' }).click();
    await enroll
      .getByRole('alert')
      .filter({ hasText: `This trainee is already enrolled in program ${PROGRAM}` })
      .waitFor();
    await app.checkScreen(page, 'trainee-enroll-refused');
    await page.close();
  });

  it('the same CNIC again is refused with the API’s message and a link to the existing trainee', async () => {
    const page = await openNewTrainee();
    const form = page.getByRole('form', { name: 'New trainee' });
    await form.getByLabel('CNIC').fill(CNIC);
    await form.getByLabel('Full name').fill('Someone Else');
    await form.getByLabel('Gender').selectOption('female');
    await form.getByRole('button', { name: 'Add trainee' }).click();
    const refusal = page
      .getByRole('alert')
      .filter({ hasText: 'A trainee with this CNIC already exists' });
    await refusal.waitFor();
    expect(await form.getByLabel('CNIC').getAttribute('aria-invalid')).toBe('true');
    await app.checkScreen(page, 'trainee-new-known-cnic');
    await refusal.getByRole('link', { name: 'Open the existing trainee' }).click();
    await page.waitForURL(traineeUrl);
    await page.getByRole('heading', { name: NAME }).waitFor();
    await page.close();
  });

  it('a partner user is not offered "New trainee"', async () => {
    const page = await app.openAs(PARTNER_USER);
    await page.goto(`${app.base}/trainees`);
    await page.getByRole('heading', { name: 'Trainees' }).waitFor();
    await page.getByRole('region', { name: 'Table: Trainees' }).waitFor();
    expect(await page.getByRole('link', { name: 'New trainee' }).count()).toBe(0);
    await page.goto(traineeUrl);
    await page.getByRole('heading', { name: NAME }).waitFor();
    expect(await page.getByRole('form', { name: 'Enroll in a cohort' }).count()).toBe(0);
    await page.close();
  });

  it('no screen logged a console error and axe found no violation on these screens', () => {
    expect(app.screens).toHaveLength(4);
    expect(app.consoleErrors).toEqual([]);
    expect(app.axeFindings).toEqual([]);
  });
});
