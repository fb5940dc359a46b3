// GET /api/v1/reports/data-quality against an independent count: every figure of every partner
// is compared with a direct SQL count over the data the test loaded through the public API
// (and with the hand-known numbers of that data), after the worker recomputed them. Then who
// sees which rows: a partner its own only, a coordinator its partners', another partner's row
// unreachable; and the CSV and XLSX forms.
import { isDeepStrictEqual } from 'node:util';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { createPartner, createUser, type TestPartner } from '../factories/actors';
import { createCohort, createProgram } from '../factories/catalog';
import { newCnic, rosterCsv } from '../factories/rosters';
import { importCsv } from '../helpers/imports';
import { progressQueueIdle } from '../helpers/queues';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';
import { ProgressService } from '../../src/modules/progress/progress.service';

interface Item {
  partnerCode: string;
  lastImportAt: string | null;
  daysSinceLastImport: number | null;
  stale: boolean;
  imports30d: number;
  rows30d: number;
  rejectedPct30d: number | null;
  warningsPct30d: number | null;
  topProblems: { code: string; count: number }[];
  openIdentityConflicts: number;
  missing: { dateOfBirth: number; province: number; district: number; phone: number };
  sharedTrainees: number;
}

const PATH = '/api/v1/reports/data-quality';

describe('data-quality report', () => {
  let t: TestApp;
  let db: DataSource;
  let a: TestPartner;
  let b: TestPartner;
  let c: TestPartner;
  let d: TestPartner;
  let admin: Record<string, string>;
  const sharedCnic = newCnic('female');
  const a1 = newCnic('female');

  const report = (headers: Record<string, string>, query: Record<string, string> = {}) =>
    t.http().get(PATH).query(query).set(headers);

  const itemOf = async (p: TestPartner): Promise<Item> => {
    const res = await report(admin, { partner: p.code });
    expect(res.status).toBe(200);
    return (res.body.items as Item[])[0];
  };

  /** The figures of one partner counted straight from the tables (not from the report's SQL). */
  async function truth(p: TestPartner): Promise<Omit<Item, 'daysSinceLastImport' | 'stale'>> {
    const q = async <T>(sql: string): Promise<T> => ((await db.query(sql, [p.id])) as T[])[0] as T;
    const last = await q<{ at: Date | null }>(
      `SELECT max(finished_at) AS at FROM imports
       WHERE partner_id = $1 AND status = 'completed' AND NOT dry_run`,
    );
    const recent = `SELECT * FROM imports WHERE partner_id = $1 AND NOT dry_run
                    AND finished_at > now() - interval '30 days'`;
    const counters = await q<{ n: number; rows: number; rejected: number }>(
      `SELECT count(*)::int AS n, coalesce(sum(processed_rows), 0)::int AS rows,
              coalesce(sum(rejected), 0)::int AS rejected FROM (${recent}) r`,
    );
    const warned = await q<{ n: number }>(
      `SELECT count(DISTINCT (ip.import_id, ip.line))::int AS n FROM import_problems ip
       WHERE ip.severity = 'warning' AND ip.import_id IN (SELECT id FROM (${recent}) r)`,
    );
    const codes = (await db.query(
      `SELECT code, count(*)::int AS count FROM import_problems
       WHERE import_id IN (SELECT id FROM (${recent}) r)
       GROUP BY code ORDER BY count(*) DESC, code LIMIT 5`,
      [p.id],
    )) as { code: string; count: number }[];
    const trainees = `SELECT DISTINCT trainee_id FROM enrollments WHERE partner_id = $1`;
    const missing = await q<Item['missing'] & { shared: number }>(
      `SELECT count(*) FILTER (WHERE t.date_of_birth IS NULL)::int AS "dateOfBirth",
              count(*) FILTER (WHERE t.province IS NULL)::int AS province,
              count(*) FILTER (WHERE t.district IS NULL)::int AS district,
              count(*) FILTER (WHERE NOT EXISTS (
                SELECT 1 FROM trainee_contacts tc WHERE tc.trainee_id = t.id
                AND tc.partner_id = $1 AND tc.phone IS NOT NULL))::int AS phone,
              count(*) FILTER (WHERE t.id IN (
                SELECT trainee_id FROM enrollments GROUP BY trainee_id
                HAVING count(DISTINCT partner_id) > 1))::int AS shared
       FROM trainees t WHERE t.id IN (${trainees})`,
    );
    const conflicts = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM identity_conflicts WHERE partner_id = $1 AND status = 'open'`,
    );
    const pct = (part: number) =>
      counters.rows === 0 ? null : Math.round((part / counters.rows) * 1000) / 10;
    return {
      partnerCode: p.code,
      lastImportAt: last.at ? last.at.toISOString() : null,
      imports30d: counters.n,
      rows30d: counters.rows,
      rejectedPct30d: pct(counters.rejected),
      warningsPct30d: pct(warned.n),
      topProblems: codes,
      openIdentityConflicts: conflicts.n,
      missing: {
        dateOfBirth: missing.dateOfBirth,
        province: missing.province,
        district: missing.district,
        phone: missing.phone,
      },
      sharedTrainees: missing.shared,
    };
  }

  /** Waits until the worker's figures for `p` agree with its imports (the job runs after each). */
  /**
   * Waits until the partner's row counts `imports` imports and says what an independent count
   * says: the recompute after another partner's import must reach this partner's row too (its
   * shared trainees), with no import of its own.
   */
  async function settled(p: TestPartner, imports: number): Promise<Item> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const item = await itemOf(p);
      const { daysSinceLastImport: _days, stale: _stale, ...figures } = item;
      const expected = await truth(p);
      if (item.imports30d === imports && isDeepStrictEqual(figures, expected)) return item;
      if (Date.now() > deadline) {
        expect(figures).toEqual({ ...expected, imports30d: imports }); // shows the difference
        throw new Error(`${p.code}: the figures never settled`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    // No answer cache: each read below shows the figures as they are now.
    t = await createTestApp({ env: { REPORT_CACHE_MS: '0' } });
    db = t.app.get(DataSource);
    admin = bearer(t.adminToken);
    [a, b, c, d] = [
      await createPartner(t),
      await createPartner(t),
      await createPartner(t),
      await createPartner(t),
    ];
    const cohortOf = async (p: TestPartner) =>
      (
        await createCohort(t, {
          programCode: (await createProgram(t, { partnerCode: p.code })).code,
        })
      ).code;
    const [ca, cb, cc] = [await cohortOf(a), await cohortOf(b), await cohortOf(c)];
    const male = newCnic('male');
    const columns = [
      'cnic',
      'full_name',
      'gender',
      'cohort_code',
      'date_of_birth',
      'province',
      'district',
      'phone',
      'shoe_size',
    ];
    // A: five trainees; 2 rows rejected; warnings on the header (unknown column) and one row.
    const first = await importCsv(
      t,
      a.apiKey,
      rosterCsv(
        [
          {
            cnic: a1,
            full_name: 'Ayesha Khan',
            gender: 'F',
            cohort_code: ca,
            date_of_birth: '2000-01-02',
            province: 'PB',
            district: 'Lahore',
            phone: '03001234567',
          },
          {
            cnic: newCnic('female'),
            full_name: 'Sana Ali',
            gender: 'F',
            cohort_code: ca,
            province: 'SD',
            district: 'Karachi',
          },
          {
            cnic: newCnic('male'),
            full_name: 'Bilal Raza',
            gender: 'M',
            cohort_code: ca,
            date_of_birth: '1999-05-06',
            phone: '03011234567',
          },
          {
            cnic: sharedCnic,
            full_name: 'Hina Shah',
            gender: 'F',
            cohort_code: ca,
            date_of_birth: '2001-03-04',
            province: 'KP',
            district: 'Peshawar',
            phone: '03021234567',
          },
          { cnic: '123', full_name: 'Bad Cnic', gender: 'F', cohort_code: ca },
          { cnic: a1, full_name: 'Ayesha Again', gender: 'F', cohort_code: ca },
          {
            cnic: male,
            full_name: 'Mismatched Gender',
            gender: 'F',
            cohort_code: ca,
            date_of_birth: '1998-07-08',
            province: 'PB',
            district: 'Multan',
          },
        ],
        columns,
      ),
    );
    expect(first).toMatchObject({ status: 'completed', created: 5, rejected: 2 });
    // A dry run and a failed import: the dry run never counts, the failed one counts as an import.
    await importCsv(
      t,
      a.apiKey,
      rosterCsv([{ cnic: newCnic(), full_name: 'X Y', gender: 'F', cohort_code: ca }]),
      '?dryRun=true',
    );
    const failed = await importCsv(t, a.apiKey, 'cnic,full_name\n3520212345672,No Gender\n');
    expect(failed.status).toBe('failed');
    // B: the shared trainee under another name (an identity conflict) and one of its own.
    const second = await importCsv(
      t,
      b.apiKey,
      rosterCsv([
        { cnic: sharedCnic, full_name: 'Renamed By B', gender: 'F', cohort_code: cb },
        {
          cnic: newCnic('male'),
          full_name: 'Umar Farooq',
          gender: 'M',
          cohort_code: cb,
          province: 'ICT',
        },
      ]),
    );
    expect(second).toMatchObject({ status: 'completed', created: 2 });
    // C: one import, then made 40 days old: stale, and out of the 30-day window.
    await importCsv(
      t,
      c.apiKey,
      rosterCsv([{ cnic: newCnic(), full_name: 'Old Roster', gender: 'F', cohort_code: cc }]),
    );
    await settled(c, 1);
    await db.query(
      `UPDATE imports SET finished_at = now() - interval '40 days' WHERE partner_id = $1`,
      [c.id],
    );
    await t.app.get(ProgressService).recomputeDataQuality(c.id);
    await settled(a, 2);
    await settled(b, 1);
    // Identity conflicts as the reconciliation keeps them: B's open one (the import may have
    // recorded it already), and a resolved one of A that must not count.
    const traineeId = async (cnic: string) =>
      ((await db.query('SELECT id FROM trainees WHERE cnic = $1', [cnic])) as { id: string }[])[0]
        .id;
    await db.query(
      `INSERT INTO identity_conflicts (trainee_id, partner_id, columns, full_name, gender)
       VALUES ($1, $2, '{full_name}', 'Renamed By B', 'female')
       ON CONFLICT DO NOTHING`,
      [await traineeId(sharedCnic), b.id],
    );
    await db.query(
      `INSERT INTO identity_conflicts
         (trainee_id, partner_id, columns, full_name, gender, status, resolution, resolved_at)
       VALUES ($1, $2, '{province}', 'Ayesha Khan', 'female', 'resolved', 'record', now())`,
      [await traineeId(a1), a.id],
    );
  }, 120_000);
  afterAll(() => t.close());

  it('gives every figure of every partner as an independent count says', async () => {
    const res = await report(admin);
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.asOf as string)).not.toBeNaN();
    const items = res.body.items as Item[];
    for (const p of [a, b, c, d]) {
      const item = items.find((i) => i.partnerCode === p.code);
      const { daysSinceLastImport, stale, ...figures } = item as Item;
      expect({ daysSinceLastImport, stale }).toBeDefined();
      expect(figures).toEqual(await truth(p));
    }
  });

  it('matches the hand-known numbers of the loaded rosters', async () => {
    const itemA = await itemOf(a);
    expect(itemA).toMatchObject({
      imports30d: 2, // the completed roster and the failed one; not the dry run
      rows30d: 7,
      rejectedPct30d: 28.6, // 2 of 7
      warningsPct30d: 28.6, // the header's unknown column and the gender mismatch: 2 lines of 7
      missing: { dateOfBirth: 1, province: 1, district: 1, phone: 2 },
      sharedTrainees: 1,
      openIdentityConflicts: 0, // its one conflict is resolved
      stale: false,
      daysSinceLastImport: 0,
    });
    expect(itemA.topProblems).toEqual(
      expect.arrayContaining([
        { code: 'invalid_cnic', count: 1 },
        { code: 'duplicate_in_file', count: 1 },
        { code: 'unknown_column', count: 1 },
        { code: 'gender_cnic_mismatch', count: 1 },
      ]),
    );
    const itemB = await itemOf(b);
    expect(itemB).toMatchObject({
      sharedTrainees: 1,
      openIdentityConflicts: 1,
      missing: { dateOfBirth: 1, province: 0, district: 1, phone: 2 },
      topProblems: [{ code: 'identity_conflict', count: 1 }],
    });
  });

  it('flags a partner stale after STALE_AFTER_DAYS, and one that never imported', async () => {
    expect(await itemOf(c)).toMatchObject({
      stale: true,
      daysSinceLastImport: 40,
      imports30d: 0,
      rows30d: 0,
      rejectedPct30d: null,
      warningsPct30d: null,
      topProblems: [],
    });
    expect(await itemOf(d)).toMatchObject({
      lastImportAt: null,
      daysSinceLastImport: null,
      stale: true,
      imports30d: 0,
      missing: { dateOfBirth: 0, province: 0, district: 0, phone: 0 },
    });
  });

  it('shows a partner its own row only, and never another partner’s', async () => {
    const partnerUser = await createUser(t, 'partner', [a.code]);
    for (const headers of [{ 'X-API-Key': a.apiKey }, bearer(partnerUser.token)]) {
      const own = await report(headers);
      expect(own.status).toBe(200);
      expect((own.body.items as Item[]).map((i) => i.partnerCode)).toEqual([a.code]);
      const other = await report(headers, { partner: b.code });
      expect(other.status).toBe(404);
      expect(other.headers['content-type']).toMatch(/application\/problem\+json/);
      const csv = await report(headers, { format: 'csv' });
      expect(csv.text).toContain(a.code);
      expect(csv.text).not.toContain(b.code);
    }
  });

  it('shows a coordinator its partners only; the ministry every partner', async () => {
    const coordinator = await createUser(t, 'coordinator', [a.code, c.code]);
    const mine = await report(bearer(coordinator.token));
    expect(mine.status).toBe(200);
    expect((mine.body.items as Item[]).map((i) => i.partnerCode).sort()).toEqual(
      [a.code, c.code].sort(),
    );
    expect((await report(bearer(coordinator.token), { partner: b.code })).status).toBe(404);
    const ministry = await createUser(t, 'ministry');
    const all = await report(bearer(ministry.token));
    expect((all.body.items as Item[]).map((i) => i.partnerCode)).toEqual(
      expect.arrayContaining([a.code, b.code, c.code, d.code]),
    );
    expect((await t.http().get(PATH)).status).toBe(401);
    expect((await report(admin, { format: 'pdf' })).status).toBe(400);
  });

  it('exports the same rows as CSV and XLSX, with no personal data', async () => {
    const csv = await report(admin, { format: 'csv', partner: a.code });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const [header, row] = csv.text.trim().split(/\r?\n/);
    expect(header.split(',')).toEqual([
      'partnerCode',
      'lastImportAt',
      'daysSinceLastImport',
      'stale',
      'imports30d',
      'rows30d',
      'rejectedPct30d',
      'warningsPct30d',
      'topProblems',
      'openIdentityConflicts',
      'missingDateOfBirth',
      'missingProvince',
      'missingDistrict',
      'missingPhone',
      'sharedTrainees',
    ]);
    expect(row.startsWith(`${a.code},`)).toBe(true);
    expect(row).toContain(',2,7,28.6,28.6,');
    expect(csv.text).not.toMatch(/Ayesha|Lahore|\+92|\d{13}/);

    const xlsx = await report(admin, { format: 'xlsx' })
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    const body = xlsx.body as Buffer;
    await book.xlsx.load(
      body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
    );
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('partnerCode');
    const rowA = sheet.getRows(2, sheet.rowCount - 1)?.find((r) => r.getCell(1).value === a.code);
    expect(rowA?.getCell(6).value).toBe(7);
    expect(rowA?.getCell(7).value).toBe(28.6);
  });

  it("counts a partner's trainee as shared once another partner enrolls them, with no import of its own", async () => {
    const [e, f] = [await createPartner(t), await createPartner(t)];
    const cohortOf = async (p: TestPartner) =>
      (
        await createCohort(t, {
          programCode: (await createProgram(t, { partnerCode: p.code })).code,
        })
      ).code;
    const person = newCnic('female');
    const row = (cohort: string) =>
      rosterCsv([{ cnic: person, full_name: 'Shared Person', gender: 'F', cohort_code: cohort }]);
    expect(await importCsv(t, e.apiKey, row(await cohortOf(e)))).toMatchObject({ created: 1 });
    // Every job E's import started has run: nothing of E's is left to recompute its row later.
    await progressQueueIdle(t);
    expect(await settled(e, 1)).toMatchObject({ sharedTrainees: 0 });

    expect(await importCsv(t, f.apiKey, row(await cohortOf(f)))).toMatchObject({ created: 1 });
    expect(await settled(f, 1)).toMatchObject({ sharedTrainees: 1 });
    expect(await settled(e, 1)).toMatchObject({ sharedTrainees: 1 });
  });
});
