// POST /imports/{id}/apply (a completed preview applied from its stored upload, once) and
// GET /imports/{id}/rejected.csv (the rejected records as sent, plus `problem`, uploadable
// again as they are), with their keep times and partner scoping.
import { DataSource } from 'typeorm';
import { createUser } from '../factories/actors';
import { createPartnerWithCohort, uniqueCnic, type PartnerCatalog } from '../factories/people';
import { importCsv, problemsOf, waitForImport, type ImportView } from '../helpers/imports';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';
import { CsvRecordReader } from '../../src/modules/imports/roster/roster-csv-reader';
import { UploadRetention } from '../../src/modules/imports/jobs/upload-retention';

function cellsOf(text: string): string[][] {
  const reader = new CsvRecordReader();
  return [...reader.push(text), ...reader.end()].map((e) => {
    if (e.kind !== 'record') throw new Error(`unreadable line ${e.line}`);
    return e.cells;
  });
}

describe('import apply and rejected rows', () => {
  let t: TestApp;
  let a: PartnerCatalog;
  let b: PartnerCatalog;
  let ds: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createPartnerWithCohort(t);
    b = await createPartnerWithCohort(t);
    ds = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const roster = (n: number) =>
    'cnic,full_name,gender,cohort_code\n' +
    Array.from({ length: n }, (_, i) => `${uniqueCnic()},Trainee ${i},female,${a.cohortCode}`).join(
      '\n',
    ) +
    '\n';

  const apply = (id: string, key = a.partner.apiKey) =>
    t.http().post(`/api/v1/imports/${id}/apply`).set('X-API-Key', key);

  async function preview(csv: string): Promise<ImportView> {
    const done = await importCsv(t, a.partner.apiKey, csv, '?dryRun=true');
    expect([done.status, done.dryRun]).toEqual(['completed', true]);
    return done;
  }

  describe('POST /imports/{id}/apply', () => {
    it('applies a completed preview from its stored file: 202, Location, the same counts', async () => {
      const csv = roster(3);
      const dry = await preview(csv);
      expect(dry.created).toBe(3);
      const res = await apply(dry.id).expect(202);
      const body = res.body as ImportView & { appliedFrom: string };
      expect(res.headers.location).toBe(`/api/v1/imports/${body.id}`);
      expect(body.id).not.toBe(dry.id);
      expect(body).toEqual(
        expect.objectContaining({
          dryRun: false,
          appliedFrom: dry.id,
          partnerCode: a.partner.code,
        }),
      );
      const done = await waitForImport(t, a.partner.apiKey, body.id);
      expect([done.status, done.created, done.rejected]).toEqual(['completed', 3, 0]);
      const cnic = csv.split('\n')[1].split(',')[0];
      const found = await t
        .http()
        .get(`/api/v1/trainees?cnic=${cnic}`)
        .set('X-API-Key', a.partner.apiKey);
      expect((found.body as { items: unknown[] }).items).toHaveLength(1);

      // Once only: the preview now names its import, and a second apply is a conflict.
      const again = await apply(dry.id).expect(409);
      expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((again.body as { appliedAs: string }).appliedAs).toBe(body.id);
      const previewNow = await t
        .http()
        .get(`/api/v1/imports/${dry.id}`)
        .set('X-API-Key', a.partner.apiKey);
      expect((previewNow.body as { appliedAs: string }).appliedAs).toBe(body.id);
    });

    it('two applies of one preview at once: one 202, one 409, one new import', async () => {
      const dry = await preview(roster(2));
      const results = await Promise.all([apply(dry.id), apply(dry.id), apply(dry.id)]);
      expect(results.map((r) => r.status).sort()).toEqual([202, 409, 409]);
      const applied = await ds.query('SELECT id FROM imports WHERE applied_from_import_id = $1', [
        dry.id,
      ]);
      expect(applied).toHaveLength(1);
      await waitForImport(t, a.partner.apiKey, (applied as { id: string }[])[0].id);
    });

    it('refuses what is not a completed preview, and a preview past its keep time', async () => {
      const real = await importCsv(t, a.partner.apiKey, roster(1));
      expect((await apply(real.id).expect(409)).body).toEqual(
        expect.objectContaining({ status: 409 }),
      );
      const old = await preview(roster(1));
      await ds.query(`UPDATE imports SET created_at = now() - interval '25 hours' WHERE id = $1`, [
        old.id,
      ]);
      const res = await apply(old.id).expect(409);
      expect((res.body as { detail: string }).detail).toMatch(/24 hours/);
      expect(
        await ds.query('SELECT 1 FROM imports WHERE applied_from_import_id = $1', [old.id]),
      ).toHaveLength(0);
    });

    it('is scoped like reading the import: another partner gets 404, the ministry 403', async () => {
      const dry = await preview(roster(1));
      await apply(dry.id, b.partner.apiKey).expect(404);
      const ministry = await createUser(t, 'ministry');
      await t
        .http()
        .post(`/api/v1/imports/${dry.id}/apply`)
        .set(bearer(ministry.token))
        .expect(403);
      const outside = await createUser(t, 'coordinator', [b.partner.code]);
      await t.http().post(`/api/v1/imports/${dry.id}/apply`).set(bearer(outside.token)).expect(404);
      // A coordinator of the partner applies it.
      const inside = await createUser(t, 'coordinator', [a.partner.code]);
      const ok = await t
        .http()
        .post(`/api/v1/imports/${dry.id}/apply`)
        .set(bearer(inside.token))
        .expect(202);
      await waitForImport(t, a.partner.apiKey, (ok.body as { id: string }).id);
    });
  });

  describe('GET /imports/{id}/rejected.csv', () => {
    const good = uniqueCnic();
    const badCnic = '35202-12';
    const fixedCnic = uniqueCnic('male');
    const urduCnic = uniqueCnic('male');
    const upload = () =>
      [
        'CNIC,Full_Name,gender,cohort_code,remarks',
        `${good},Ayesha Khan,female,${a.cohortCode},ok`,
        `${badCnic},"Khan, Bilal",male,${a.cohortCode},"said ""hi""\nby phone"`,
        `${urduCnic},علی رضا,robot,${a.cohortCode},`,
        '',
      ].join('\r\n');

    it('gives the rejected records as sent with a last problem column; fixed, they import with no unknown-column warning', async () => {
      const res0 = await t
        .http()
        .post('/api/v1/imports')
        .set('X-API-Key', a.partner.apiKey)
        .attach('file', Buffer.from(upload()), {
          filename: 'march roster.csv',
          contentType: 'text/csv',
        })
        .expect(202);
      const first = await waitForImport(t, a.partner.apiKey, (res0.body as { id: string }).id);
      expect([first.created, first.rejected]).toEqual([1, 2]);

      const res = await t
        .http()
        .get(`/api/v1/imports/${first.id}/rejected.csv`)
        .set('X-API-Key', a.partner.apiKey)
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toContain('filename="march roster-rejected.csv"');
      const problemsFile = await t
        .http()
        .get(`/api/v1/imports/${first.id}/errors`)
        .set('X-API-Key', a.partner.apiKey)
        .expect(200);
      expect(problemsFile.headers['content-disposition']).toContain(
        'filename="march roster-problems.csv"',
      );
      const rows = cellsOf(res.text);
      expect(rows[0]).toEqual(['CNIC', 'Full_Name', 'gender', 'cohort_code', 'remarks', 'problem']);
      expect(rows.slice(1).map((r) => r.slice(0, 5))).toEqual([
        [badCnic, 'Khan, Bilal', 'male', a.cohortCode, 'said "hi"\nby phone'],
        [urduCnic, 'علی رضا', 'robot', a.cohortCode, ''],
      ]);
      expect(rows[1][5]).toMatch(/^cnic: /);
      expect(rows[2][5]).toMatch(/^gender: /);
      expect(res.text).not.toContain(good);

      // The partner fixes two cells in the file and sends it back as it is.
      const fixed = res.text.replace(badCnic, fixedCnic).replace(',robot,', ',male,');
      const second = await importCsv(t, a.partner.apiKey, fixed);
      expect([second.status, second.created, second.rejected]).toEqual(['completed', 2, 0]);
      const problems = await problemsOf(t, a.partner.apiKey, second.id);
      expect(problems.filter((p) => p.column.toLowerCase() === 'problem')).toEqual([]);
      // The partner's own extra column still warns, as any unknown column does.
      expect(problems.filter((p) => p.code === 'unknown_column').map((p) => p.column)).toEqual([
        'remarks',
      ]);

      // A preview's rejected rows too: nothing rejected gives the header alone.
      const clean = await t
        .http()
        .get(`/api/v1/imports/${second.id}/rejected.csv`)
        .set('X-API-Key', a.partner.apiKey)
        .expect(200);
      expect(cellsOf(clean.text)).toEqual([
        ['CNIC', 'Full_Name', 'gender', 'cohort_code', 'remarks', 'problem'],
      ]);
    });

    it('renders rejected JSON rows as a roster CSV that imports once fixed', async () => {
      const ok = uniqueCnic();
      const res0 = await t
        .http()
        .post('/api/v1/imports')
        .set('X-API-Key', a.partner.apiKey)
        .send({
          rows: [
            { cnic: ok, fullName: 'Sana Noor', gender: 'female', cohortCode: a.cohortCode },
            {
              cnic: '123',
              fullName: 'Hira, Q.',
              gender: 'female',
              cohortCode: a.cohortCode,
              progressPct: 40,
            },
          ],
        })
        .expect(202);
      const done = await waitForImport(t, a.partner.apiKey, (res0.body as { id: string }).id);
      expect([done.created, done.rejected]).toEqual([1, 1]);
      const res = await t
        .http()
        .get(`/api/v1/imports/${done.id}/rejected.csv`)
        .set('X-API-Key', a.partner.apiKey)
        .expect(200);
      const rows = cellsOf(res.text);
      expect(rows[0]).toEqual([
        'cnic',
        'full_name',
        'gender',
        'cohort_code',
        'progress_pct',
        'problem',
      ]);
      expect(rows[1].slice(0, 5)).toEqual(['123', 'Hira, Q.', 'female', a.cohortCode, '40']);
      const again = await importCsv(
        t,
        a.partner.apiKey,
        res.text.replace('123,', `${uniqueCnic()},`),
      );
      expect([again.created, again.rejected, again.warnings]).toEqual([1, 0, 0]);
    });

    it('is for whoever may read the import, except the ministry (personal data)', async () => {
      const done = await importCsv(
        t,
        a.partner.apiKey,
        `cnic,full_name,gender,cohort_code\n1,X,f,${a.cohortCode}\n`,
      );
      const path = `/api/v1/imports/${done.id}/rejected.csv`;
      await t.http().get(path).set('X-API-Key', b.partner.apiKey).expect(404);
      const ministry = await createUser(t, 'ministry');
      await t.http().get(path).set(bearer(ministry.token)).expect(403);
      await t.http().get(path).set(bearer(t.adminToken)).expect(200);
    });

    it('answers 410 once the upload is past its keep time, and the sweep deletes the stored file', async () => {
      const done = await importCsv(
        t,
        a.partner.apiKey,
        `cnic,full_name,gender,cohort_code\n1,X,f,${a.cohortCode}\n`,
      );
      const dry = await preview(`cnic,full_name,gender,cohort_code\n2,Y,f,${a.cohortCode}\n`);
      const fresh = await importCsv(t, a.partner.apiKey, roster(1));
      await ds.query(`UPDATE imports SET created_at = now() - interval '31 days' WHERE id = $1`, [
        done.id,
      ]);
      await ds.query(`UPDATE imports SET created_at = now() - interval '25 hours' WHERE id = $1`, [
        dry.id,
      ]);
      for (const [id, words] of [
        [done.id, /30 days/],
        [dry.id, /24 hours/],
      ] as const) {
        const res = await t
          .http()
          .get(`/api/v1/imports/${id}/rejected.csv`)
          .set('X-API-Key', a.partner.apiKey)
          .expect(410);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect((res.body as { detail: string }).detail).toMatch(words);
      }
      await t.app.get(UploadRetention).sweep();
      const chunks = async (id: string) =>
        Number(
          (
            (await ds.query('SELECT count(*) AS n FROM import_chunks WHERE import_id = $1', [
              id,
            ])) as { n: string }[]
          )[0].n,
        );
      expect(await chunks(done.id)).toBe(0);
      expect(await chunks(dry.id)).toBe(0);
      expect(await chunks(fresh.id)).toBeGreaterThan(0);
      // The import itself, its counts and problems stay.
      const still = await t
        .http()
        .get(`/api/v1/imports/${done.id}`)
        .set('X-API-Key', a.partner.apiKey)
        .expect(200);
      expect((still.body as ImportView).rejected).toBe(1);
      await t
        .http()
        .get(`/api/v1/imports/${done.id}/errors`)
        .set('X-API-Key', a.partner.apiKey)
        .expect(200);
      await t
        .http()
        .get(`/api/v1/imports/${fresh.id}/rejected.csv`)
        .set('X-API-Key', a.partner.apiKey)
        .expect(200);
    });
  });
});
