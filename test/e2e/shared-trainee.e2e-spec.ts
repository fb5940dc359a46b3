// A trainee shared by two partners (API.md): one partner's roster cannot rename another
// partner's trainee or read the contacts it supplied; coordinators see their partners' contacts,
// admins all; a scoped coordinator enrolls only trainees it can see, and sees those it creates.
import { DataSource } from 'typeorm';
import { createPartner, createUser, type TestPartner } from '../factories/actors';
import { createCohort, createProgram } from '../factories/catalog';
import { newCnic, rosterCsv } from '../factories/rosters';
import { importCsv, problemsOf } from '../helpers/imports';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

interface Contact {
  partnerCode: string | null;
  email: string | null;
  phone: string | null;
}

describe('a trainee shared by two partners', () => {
  let t: TestApp;
  let db: DataSource;
  let zte: TestPartner;
  let huawei: TestPartner;
  let zteCohort: string;
  let huaweiCohort: string;
  let zteCoordinator: { id: string; token: string };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    zte = await createPartner(t);
    huawei = await createPartner(t);
    const zp = await createProgram(t, { partnerCode: zte.code });
    zteCohort = (await createCohort(t, { programCode: zp.code })).code;
    const hp = await createProgram(t, { partnerCode: huawei.code });
    huaweiCohort = (await createCohort(t, { programCode: hp.code })).code;
    zteCoordinator = await createUser(t, 'coordinator', [zte.code]);
  });
  afterAll(() => t.close());

  async function traineeAs(key: string, cnic: string) {
    const res = await t.http().get(`/api/v1/trainees?cnic=${cnic}`).set('X-API-Key', key);
    expect(res.status).toBe(200);
    return res.body.items[0] as Record<string, unknown> | undefined;
  }

  it('keeps identity and contacts apart when a second partner sends the same CNIC', async () => {
    const cnic = newCnic('female');
    const first = await importCsv(
      t,
      zte.apiKey,
      rosterCsv([
        {
          cnic,
          full_name: 'Ayesha Siddiqa',
          gender: 'F',
          province: 'PB',
          email: 'ayesha.zte@example.pk',
          phone: '03001234567',
          cohort_code: zteCohort,
        },
      ]),
    );
    expect(first).toMatchObject({ status: 'completed', created: 1 });

    // HUAWEI sends the same CNIC with another name and province, and its own contact.
    const second = await importCsv(
      t,
      huawei.apiKey,
      rosterCsv([
        {
          cnic,
          full_name: 'Renamed By Huawei',
          gender: 'F',
          province: 'SD',
          email: 'ayesha.hw@example.pk',
          cohort_code: huaweiCohort,
        },
      ]),
    );
    expect(second).toMatchObject({ status: 'completed', created: 1, rejected: 0, warnings: 1 });
    // The partner learns that its row differs, never in which columns or from what.
    const problems = await problemsOf(t, huawei.apiKey, second.id);
    expect(problems).toEqual([
      expect.objectContaining({
        line: 2,
        column: '',
        code: 'identity_conflict',
        severity: 'warning',
      }),
    ]);
    expect(problems[0].message).toContain('differs from the national record');
    expect(problems[0].message).not.toMatch(/full_name|province|Renamed|Siddiqa/);
    // Staff reading the same import see the columns (never the values).
    const staffProblems = await problemsOf(t, t.adminToken, second.id, 'bearer');
    expect(staffProblems[0]).toMatchObject({ column: 'full_name', code: 'identity_conflict' });
    expect(staffProblems[0].message).toContain('full_name, province');
    expect(staffProblems[0].message).not.toMatch(/Renamed|Siddiqa/);

    // ZTE's trainee keeps its name and province, and ZTE reads only its own contact.
    const asZte = await traineeAs(zte.apiKey, cnic);
    expect(asZte).toMatchObject({
      fullName: 'Ayesha Siddiqa',
      province: 'PB',
      email: 'ayesha.zte@example.pk',
      phone: '+923001234567',
    });
    expect(asZte).not.toHaveProperty('contacts');

    // HUAWEI reads back what it supplied, not ZTE's record, its own email, and no phone: it
    // supplied none, ZTE's stays ZTE's.
    const asHuawei = await traineeAs(huawei.apiKey, cnic);
    expect(asHuawei).toMatchObject({
      fullName: 'Renamed By Huawei',
      province: 'SD',
      email: 'ayesha.hw@example.pk',
      phone: null,
    });
    const byId = await t
      .http()
      .get(`/api/v1/trainees/${asHuawei?.id as string}`)
      .set('X-API-Key', huawei.apiKey)
      .expect(200);
    expect(JSON.stringify(byId.body)).not.toContain('ayesha.zte');
    expect(JSON.stringify(byId.body)).not.toContain('3001234567');
    expect(JSON.stringify(byId.body)).not.toContain('Siddiqa');

    // Admins see every partner's contact; a ZTE coordinator only ZTE's.
    const asAdmin = await t
      .http()
      .get(`/api/v1/trainees/${asHuawei?.id as string}`)
      .set(bearer(t.adminToken))
      .expect(200);
    const adminContacts = (asAdmin.body.contacts as Contact[])
      .map((c) => `${c.partnerCode}:${c.email}:${c.phone}`)
      .sort();
    expect(adminContacts).toEqual(
      [
        `${huawei.code}:ayesha.hw@example.pk:null`,
        `${zte.code}:ayesha.zte@example.pk:+923001234567`,
      ].sort(),
    );
    const asCoordinator = await t
      .http()
      .get(`/api/v1/trainees/${asHuawei?.id as string}`)
      .set(bearer(zteCoordinator.token))
      .expect(200);
    expect(asCoordinator.body.contacts).toEqual([
      expect.objectContaining({ partnerCode: zte.code, email: 'ayesha.zte@example.pk' }),
    ]);
    expect(asCoordinator.body.email).toBe('ayesha.zte@example.pk');
  });

  it('lets a partner change the identity of a trainee only it has enrolled', async () => {
    const cnic = newCnic('male');
    const row = { cnic, gender: 'M', cohort_code: zteCohort };
    await importCsv(t, zte.apiKey, rosterCsv([{ ...row, full_name: 'Bilal Ahmad' }]));
    const fixed = await importCsv(t, zte.apiKey, rosterCsv([{ ...row, full_name: 'Bilal Ahmed' }]));
    expect(fixed).toMatchObject({ updated: 1, warnings: 0 });
    expect(await traineeAs(zte.apiKey, cnic)).toMatchObject({ fullName: 'Bilal Ahmed' });
  });

  it('counts a row whose only difference is a refused identity change as unchanged', async () => {
    const cnic = newCnic('female');
    await importCsv(
      t,
      zte.apiKey,
      rosterCsv([{ cnic, full_name: 'Hira Baig', gender: 'F', cohort_code: zteCohort }]),
    );
    const row = { cnic, gender: 'F', cohort_code: huaweiCohort };
    await importCsv(t, huawei.apiKey, rosterCsv([{ ...row, full_name: 'Hira Baig' }]));
    const again = await importCsv(
      t,
      huawei.apiKey,
      rosterCsv([{ ...row, full_name: 'Hira B.', district: 'Karachi' }]),
    );
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1, warnings: 1 });
    const [stored] = await db.query('SELECT full_name, district FROM trainees WHERE cnic = $1', [
      cnic,
    ]);
    expect(stored).toEqual({ full_name: 'Hira Baig', district: null });
  });

  it('lets a coordinator change a shared trainee identity through the API', async () => {
    const cnic = newCnic('female');
    await importCsv(
      t,
      zte.apiKey,
      rosterCsv([{ cnic, full_name: 'Sana Mir', gender: 'F', cohort_code: zteCohort }]),
    );
    await importCsv(
      t,
      huawei.apiKey,
      rosterCsv([{ cnic, full_name: 'Sana Mir', gender: 'F', cohort_code: huaweiCohort }]),
    );
    const trainee = await traineeAs(zte.apiKey, cnic);
    const res = await t
      .http()
      .patch(`/api/v1/trainees/${trainee?.id as string}`)
      .set(bearer(zteCoordinator.token))
      .send({ fullName: 'Sana Mir Khan', phone: '03331234567' })
      .expect(200);
    expect(res.body).toMatchObject({ fullName: 'Sana Mir Khan', phone: '+923331234567' });
    // The coordinator's single partner owns the contact it wrote: HUAWEI does not read it.
    // (HUAWEI supplied 'Sana Mir', which was the record then: it reads the record.)
    expect(await traineeAs(huawei.apiKey, cnic)).toMatchObject({
      fullName: 'Sana Mir Khan',
      phone: null,
    });
    expect(await traineeAs(zte.apiKey, cnic)).toMatchObject({ phone: '+923331234567' });
  });

  it('refuses a scoped coordinator enrolling a trainee it cannot see', async () => {
    const cnic = newCnic('female');
    await importCsv(
      t,
      huawei.apiKey,
      rosterCsv([{ cnic, full_name: 'Only Huawei', gender: 'F', cohort_code: huaweiCohort }]),
    );
    const trainee = await traineeAs(huawei.apiKey, cnic);
    const res = await t
      .http()
      .post('/api/v1/enrollments')
      .set(bearer(zteCoordinator.token))
      .send({ traineeId: trainee?.id, cohortCode: zteCohort });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'traineeId', message: 'unknown trainee' }]);
    const read = await t
      .http()
      .get(`/api/v1/trainees/${trainee?.id as string}`)
      .set(bearer(zteCoordinator.token));
    expect(read.status).toBe(404);
  });

  it('lets a scoped coordinator see and enroll a trainee it has just created', async () => {
    const created = await t
      .http()
      .post('/api/v1/trainees')
      .set(bearer(zteCoordinator.token))
      .send({ cnic: newCnic('female'), fullName: 'Nida Yasir', gender: 'F', email: 'n@ex.pk' })
      .expect(201);
    expect(created.body).toMatchObject({ email: 'n@ex.pk' });
    await t
      .http()
      .get(`/api/v1/trainees/${created.body.id as string}`)
      .set(bearer(zteCoordinator.token))
      .expect(200);
    await t
      .http()
      .post('/api/v1/enrollments')
      .set(bearer(zteCoordinator.token))
      .send({ traineeId: created.body.id, cohortCode: zteCohort })
      .expect(201);
    // Its contact was written for ZTE (the coordinator's only partner): ZTE's key reads it.
    expect(await traineeAs(zte.apiKey, created.body.cnic as string)).toMatchObject({
      email: 'n@ex.pk',
    });
  });

  it('answers a known CNIC with 409, naming the trainee only to a caller that sees it', async () => {
    const cnic = newCnic('female');
    await importCsv(
      t,
      huawei.apiKey,
      rosterCsv([{ cnic, full_name: 'Known Cnic', gender: 'F', cohort_code: huaweiCohort }]),
    );
    const body = { cnic, fullName: 'Someone Else', gender: 'F' };
    const hidden = await t
      .http()
      .post('/api/v1/trainees')
      .set(bearer(zteCoordinator.token))
      .send(body)
      .expect(409);
    expect(hidden.body).not.toHaveProperty('existingId');
    const shown = await t
      .http()
      .post('/api/v1/trainees')
      .set(bearer(t.adminToken))
      .send(body)
      .expect(409);
    const id = (await traineeAs(huawei.apiKey, cnic))?.id;
    expect(shown.body.existingId).toBe(id);
  });

  it('answers parallel creates of one CNIC with one 201 and 409s', async () => {
    const body = { cnic: newCnic('male'), fullName: 'Race Condition', gender: 'M' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.http().post('/api/v1/trainees').set(bearer(t.adminToken)).send(body),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });
});
