// The API refuses the dates a roster refuses (API.md "Field rules (API and roster alike)"): a
// birth date in the future or under 10 years ago, a completion or certification in the future.
import { importCsv, problemsOf } from '../helpers/imports';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';
import {
  createCertification,
  createEnrollment,
  createPartnerWithCohort,
  createTrainee,
  type PartnerCatalog,
} from '../factories/people';
import { newCnic, rosterCsv } from '../factories/rosters';
import { uniqueCode } from '../factories/actors';

/** A UTC day `days` from today (the api's day is the UTC day: two days ahead is the future). */
function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
const FUTURE = dayFromToday(2);
const FIVE_YEARS_AGO = dayFromToday(-5 * 365);

describe('dates the roster refuses, through the API', () => {
  let t: TestApp;
  let catalog: PartnerCatalog;
  beforeAll(async () => {
    t = await createTestApp();
    catalog = await createPartnerWithCohort(t);
  });
  afterAll(() => t.close());

  function expectDateRefused(res: { status: number; body: unknown }, field: string) {
    expect(res.status).toBe(400);
    const body = res.body as { errors?: { field: string; message: string }[] };
    expect(body.errors?.map((e) => e.field)).toEqual([field]);
  }

  it('trainees: refuses a birth date in 2090 or under 10 years ago, on POST and PATCH', async () => {
    for (const dateOfBirth of ['2090-01-01', FIVE_YEARS_AGO]) {
      const created = await t
        .http()
        .post('/api/v1/trainees')
        .set(bearer(t.adminToken))
        .send({ cnic: newCnic(), fullName: 'Sana Mir', gender: 'female', dateOfBirth });
      expectDateRefused(created, 'dateOfBirth');
    }
    const trainee = await createTrainee(t, { dateOfBirth: '2001-04-17' });
    for (const dateOfBirth of ['2090-01-01', FIVE_YEARS_AGO]) {
      const patched = await t
        .http()
        .patch(`/api/v1/trainees/${trainee.id}`)
        .set(bearer(t.adminToken))
        .send({ dateOfBirth });
      expectDateRefused(patched, 'dateOfBirth');
    }
    const fine = await t
      .http()
      .patch(`/api/v1/trainees/${trainee.id}`)
      .set(bearer(t.adminToken))
      .send({ dateOfBirth: '1999-12-31' })
      .expect(200);
    expect(fine.body.dateOfBirth).toBe('1999-12-31');
  });

  it('enrollments: refuses a completion in the future, on POST and PATCH', async () => {
    const trainee = await createTrainee(t);
    const created = await t.http().post('/api/v1/enrollments').set(bearer(t.adminToken)).send({
      traineeId: trainee.id,
      cohortCode: catalog.cohortCode,
      enrolledOn: '2026-02-01',
      status: 'completed',
      completedOn: FUTURE,
    });
    expectDateRefused(created, 'completedOn');
    const enrollment = await createEnrollment(t, {
      traineeId: trainee.id,
      cohortCode: catalog.cohortCode,
    });
    const patched = await t
      .http()
      .patch(`/api/v1/enrollments/${enrollment.id}`)
      .set(bearer(t.adminToken))
      .send({ status: 'completed', completedOn: FUTURE });
    expectDateRefused(patched, 'completedOn');
  });

  it('certifications: refuses an issue date in the future, on POST and PATCH', async () => {
    const trainee = await createTrainee(t);
    await createEnrollment(t, { traineeId: trainee.id, cohortCode: catalog.cohortCode });
    const created = await t
      .http()
      .post('/api/v1/certifications')
      .set(bearer(t.adminToken))
      .send({
        traineeId: trainee.id,
        programCode: catalog.programCode,
        name: 'HCIA-AI',
        certificateNumber: uniqueCode('FUT'),
        issuedOn: FUTURE,
      });
    expectDateRefused(created, 'issuedOn');
    const certification = await createCertification(t, {
      traineeId: trainee.id,
      programCode: catalog.programCode,
    });
    const patched = await t
      .http()
      .patch(`/api/v1/certifications/${certification.id}`)
      .set(bearer(t.adminToken))
      .send({ issuedOn: FUTURE });
    expectDateRefused(patched, 'issuedOn');
  });

  it('and the roster refuses the same dates with invalid_date', async () => {
    const base = { full_name: 'Sana Mir', gender: 'female', cohort_code: catalog.cohortCode };
    const csv = rosterCsv([
      { ...base, cnic: newCnic(), date_of_birth: '2090-01-01' },
      { ...base, cnic: newCnic(), date_of_birth: FIVE_YEARS_AGO },
      { ...base, cnic: newCnic(), status: 'completed', completed_on: FUTURE },
      {
        ...base,
        cnic: newCnic(),
        certification: 'HCIA-AI',
        certificate_number: uniqueCode('RFUT'),
        certified_on: FUTURE,
      },
    ]);
    const done = await importCsv(t, catalog.partner.apiKey, csv);
    expect(done.rejected).toBe(4);
    const problems = await problemsOf(t, catalog.partner.apiKey, (done as { id: string }).id);
    expect(problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [2, 'date_of_birth', 'invalid_date'],
      [3, 'date_of_birth', 'invalid_date'],
      [4, 'completed_on', 'invalid_date'],
      [5, 'certified_on', 'invalid_date'],
    ]);
  });
});
