// GET /trainees/export: the roster template's columns, scoped to the caller, formula-safe, and
// an export uploaded again as a roster changes nothing.
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { inertText, sqlInertText } from '../../src/core/http/csv-cell';
import { normalizePhone } from '../../src/core/rules';
import { sqlRosterPhone } from '../../src/modules/trainees/trainee-export';
import { createPartner, createUser, type TestPartner } from '../factories/actors';
import { createCohort, createProgram } from '../factories/catalog';
import { newCnic, rosterCsv } from '../factories/rosters';
import { importCsv } from '../helpers/imports';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';
import { ROSTER_COLUMNS } from '../../src/modules/imports/roster/roster-columns';

function binary(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => cb(null, Buffer.concat(parts)));
}

describe('trainee export', () => {
  let t: TestApp;
  let partner: TestPartner;
  let other: TestPartner;
  let programCode: string;
  let cohortCode: string;
  let otherCohort: string;
  let roster: string;

  beforeAll(async () => {
    t = await createTestApp();
    partner = await createPartner(t);
    other = await createPartner(t);
    const program = await createProgram(t, { partnerCode: partner.code });
    programCode = program.code;
    cohortCode = (await createCohort(t, { programCode })).code;
    const op = await createProgram(t, { partnerCode: other.code });
    otherCohort = (await createCohort(t, { programCode: op.code })).code;
    roster = rosterCsv([
      {
        cnic: newCnic('female'),
        full_name: 'Khan, Ayesha',
        gender: 'F',
        cohort_code: cohortCode,
        province: 'Punjab',
        district: 'Lahore',
        email: 'ayesha@example.pk',
        phone: '03001234567',
        date_of_birth: '2000-02-29',
        category: 'professional',
        external_id: 'HW-0001',
        status: 'completed',
        completed_on: '2026-06-30',
        enrolled_on: '2026-01-15',
        certification: 'HCIA-AI',
        certificate_number: 'HCIA-0001',
        certified_on: '2026-07-01',
      },
      { cnic: newCnic('male'), full_name: '=HYPERLINK("x")', gender: 'M', cohort_code: cohortCode },
      {
        cnic: newCnic('male'),
        full_name: 'عمران خان',
        gender: 'M',
        cohort_code: cohortCode,
        status: 'active',
        progress_pct: '40',
      },
    ]);
    // Names with the punctuation real records carry all go in (API.md).
    expect(await importCsv(t, partner.apiKey, roster)).toMatchObject({ created: 3, rejected: 0 });
    await importCsv(
      t,
      other.apiKey,
      rosterCsv([
        {
          cnic: newCnic('female'),
          full_name: 'Other Partner',
          gender: 'F',
          cohort_code: otherCohort,
        },
      ]),
    );
  });
  afterAll(() => t.close());

  it("exports a partner's trainees in the template's columns, formula-safe", async () => {
    const res = await t
      .http()
      .get('/api/v1/trainees/export')
      .set('X-API-Key', partner.apiKey)
      .expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe(ROSTER_COLUMNS.join(','));
    expect(lines).toHaveLength(4);
    expect(res.text).not.toContain('Other Partner');
    expect(res.text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(res.text).toContain('"Khan, Ayesha"');
    expect(res.text).toContain('03001234567');
    expect(res.text).toContain('HCIA-0001');
  });

  it('re-imported as a roster, counts every row unchanged', async () => {
    const exported = await t
      .http()
      .get(`/api/v1/trainees/export?programCode=${programCode}`)
      .set('X-API-Key', partner.apiKey)
      .expect(200);
    // The formula-escaped name comes back as written (with its quote): leave that row out.
    const rows = exported.text
      .trim()
      .split('\r\n')
      .filter((l) => !l.includes('HYPERLINK'));
    const again = await importCsv(t, partner.apiKey, rows.join('\r\n') + '\r\n');
    expect(again).toMatchObject({
      status: 'completed',
      totalRows: 2,
      created: 0,
      updated: 0,
      unchanged: 2,
      rejected: 0,
    });
  });

  it('writes a real XLSX workbook with the same rows', async () => {
    const res = await t
      .http()
      .get('/api/v1/trainees/export?format=xlsx')
      .set('X-API-Key', partner.apiKey)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    const body = res.body as Buffer;
    // ExcelJS's typings want an ArrayBuffer (its own Buffer type differs from Node's).
    await workbook.xlsx.load(
      body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
    );
    const sheet = workbook.getWorksheet('trainees');
    expect(sheet?.rowCount).toBe(4);
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...ROSTER_COLUMNS]);
    const names = [2, 3, 4].map((i) => sheet?.getRow(i).getCell(2).value);
    expect(names).toContain(`'=HYPERLINK("x")`);
  });

  it('scopes coordinators to their partners and refuses the ministry', async () => {
    const coordinator = await createUser(t, 'coordinator', [other.code]);
    const res = await t
      .http()
      .get('/api/v1/trainees/export')
      .set(bearer(coordinator.token))
      .expect(200);
    expect(res.text).toContain('Other Partner');
    expect(res.text).not.toContain('Khan, Ayesha');
    const ministry = await createUser(t, 'ministry');
    await t.http().get('/api/v1/trainees/export').set(bearer(ministry.token)).expect(403);
    await t.http().get('/api/v1/trainees/export').expect(401);
  });

  it('formats in Postgres exactly as the CSV rules in code do (formula safety, phones)', async () => {
    const db = t.app.get(DataSource);
    const texts = [
      '=1+1',
      '+92300',
      '-x',
      '@SUM(A1)',
      '\tlead',
      '\rlead',
      "'quoted",
      'plain',
      'ا=ب',
      '',
    ];
    const rows: { safe: string }[] = await db.query(
      `SELECT ${sqlInertText('v')} AS safe FROM unnest($1::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n`,
      [texts],
    );
    expect(rows.map((r) => r.safe)).toEqual(texts.map(inertText));

    const stored = ['+923001234567', '+92421234567'];
    const phones: { written: string }[] = await db.query(
      `SELECT ${sqlRosterPhone('v')} AS written FROM unnest($1::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n`,
      [stored],
    );
    // What the export writes, the roster reads back as the same stored number.
    expect(phones.map((p) => normalizePhone(p.written))).toEqual(
      stored.map((value) => ({ ok: true, value })),
    );
  });

  it('writes the same rows in the workbook as in the CSV', async () => {
    const csv = await t
      .http()
      .get(`/api/v1/trainees/export?cohortCode=${cohortCode}`)
      .set('X-API-Key', partner.apiKey)
      .expect(200);
    const res = await t
      .http()
      .get(`/api/v1/trainees/export?cohortCode=${cohortCode}&format=xlsx`)
      .set('X-API-Key', partner.apiKey)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    const body = res.body as Buffer;
    await workbook.xlsx.load(
      body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
    );
    const sheet = workbook.getWorksheet('trainees');
    const fromSheet: string[] = [];
    sheet?.eachRow((row) => {
      const cells = (row.values as unknown[]).slice(1);
      const all = ROSTER_COLUMNS.map((_, i) => cells[i] ?? '');
      fromSheet.push(
        all
          .map((v) => (String(v).match(/[",]/) ? `"${String(v).replace(/"/g, '""')}"` : String(v)))
          .join(','),
      );
    });
    expect(fromSheet).toEqual(csv.text.trim().split('\r\n'));
    // The percentage is a number cell, not text.
    expect(typeof sheet?.getRow(2).getCell(ROSTER_COLUMNS.indexOf('progress_pct') + 1).value).toBe(
      'number',
    );
  });

  it('answers a filter that matches nothing with the header line alone', async () => {
    const res = await t
      .http()
      .get(`/api/v1/trainees/export?cnic=${newCnic('female')}`)
      .set('X-API-Key', partner.apiKey)
      .expect(200);
    expect(res.text).toBe(`${ROSTER_COLUMNS.join(',')}\r\n`);
  });

  it('answers a bad format with 400 problem details', async () => {
    const res = await t
      .http()
      .get('/api/v1/trainees/export?format=pdf')
      .set('X-API-Key', partner.apiKey)
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
