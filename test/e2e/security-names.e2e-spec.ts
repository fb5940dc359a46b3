// Names that display as other names (issue 15, item 10): bidirectional overrides and isolates and
// Unicode noncharacters are refused as invalid_name by both doors, a roster and POST /trainees,
// while the zero-width joiner and non-joiner that Urdu spelling needs are kept exactly.
import { createPartnerWithCohort, type PartnerCatalog, uniqueCnic } from '../factories/people';
import { rosterCsv } from '../factories/rosters';
import { importCsv, problemsOf } from '../helpers/imports';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

const REFUSED: [string, string][] = [
  ['a right-to-left override', 'Ali \u202eKhan'],
  ['a left-to-right embedding', 'Ali \u202aKhan'],
  ['a pop directional formatting', 'Ali Khan\u202c'],
  ['a first-strong isolate', 'Ali \u2068Khan\u2069'],
  ['a right-to-left isolate', '\u2067Ali Khan'],
  ['the noncharacter U+FFFE', 'Ali\ufffeKhan'],
  ['the noncharacter U+FDD0', 'Ali\ufdd0Khan'],
  ['the noncharacter U+10FFFF', 'Ali\u{10ffff}Khan'],
];

// Urdu spellings that need the zero-width joiner and non-joiner.
const KEPT = [
  '\u0645\u062d\u0645\u062f\u200d \u0639\u0644\u06cc',
  '\u0641\u0627\u0637\u0645\u06c1\u200c\u0628\u06cc\u0628\u06cc',
];

describe('names that display as other names', () => {
  let t: TestApp;
  let catalog: PartnerCatalog;

  beforeAll(async () => {
    t = await createTestApp();
    catalog = await createPartnerWithCohort(t);
  });
  afterAll(() => t.close());

  const traineeByCnic = async (cnic: string) => {
    const res = await t.http().get(`/api/v1/trainees?cnic=${cnic}`).set(bearer(t.adminToken));
    expect(res.status).toBe(200);
    return (res.body as { items: { fullName: string }[] }).items;
  };

  it('a roster rejects each such name as invalid_name and keeps the joiners', async () => {
    const rows = [...REFUSED.map(([, name]) => name), ...KEPT].map((fullName) => ({
      cnic: uniqueCnic('female'),
      full_name: fullName,
      gender: 'female',
      cohort_code: catalog.cohortCode,
    }));
    const done = await importCsv(t, catalog.partner.apiKey, rosterCsv(rows));
    expect(done).toMatchObject({
      status: 'completed',
      created: KEPT.length,
      rejected: REFUSED.length,
    });
    const problems = await problemsOf(t, catalog.partner.apiKey, done.id);
    expect(problems.map((p) => [p.line, p.column, p.code])).toEqual(
      REFUSED.map((_, i) => [i + 2, 'full_name', 'invalid_name']),
    );
    for (const [i, [, name]] of REFUSED.entries()) {
      expect(await traineeByCnic(rows[i].cnic)).toEqual([]);
      // The problem report never echoes the name (it may be personal data).
      expect(problems[i].message).not.toContain(name);
    }
    for (const [i, name] of KEPT.entries()) {
      const [trainee] = await traineeByCnic(rows[REFUSED.length + i].cnic);
      expect(trainee.fullName).toBe(name);
    }
  });

  it.each(REFUSED)('POST /trainees refuses a name with %s', async (_label, fullName) => {
    const cnic = uniqueCnic('female');
    const res = await t
      .http()
      .post('/api/v1/trainees')
      .set(bearer(t.adminToken))
      .send({ cnic, fullName, gender: 'female' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const errors = (res.body as { errors?: { field: string; message: string }[] }).errors ?? [];
    expect(errors.map((e) => e.field)).toEqual(['fullName']);
    expect(errors[0].message).toMatch(/bidirectional|noncharacter/);
    expect(await traineeByCnic(cnic)).toEqual([]);
  });

  it.each(KEPT)('POST /trainees keeps the joiners of %j', async (fullName) => {
    const res = await t
      .http()
      .post('/api/v1/trainees')
      .set(bearer(t.adminToken))
      .send({ cnic: uniqueCnic('female'), fullName, gender: 'female' });
    expect(res.status).toBe(201);
    expect((res.body as { fullName: string }).fullName).toBe(fullName);
  });
});
