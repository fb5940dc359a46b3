// CSV and XLSX exports of the targets report: parsed back (the XLSX with exceljs, the library
// that wrote it) and compared with the JSON answer; names a spreadsheet would run as a formula
// come out inert.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { createPartner, createUser, type TestPartner } from '../factories/actors';
import { createCohort, createProgram } from '../factories/catalog';
import { uniqueCnic } from '../factories/people';
import { importRoster, shiftDay, apiToday } from '../factories/report-data';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

const GROUP_BYS = ['program', 'partner', 'province', 'gender', 'track', 'cohort', 'month'];
const DANGEROUS = ['=HYPERLINK("http://x.example","y")', '+SUM(1,2)', '-2+3', '@cmd'];

type Row = Record<string, string | number | null>;

/** exceljs reads an ArrayBuffer (its own Buffer type). */
function arrayBuffer(buf: Buffer): ArrayBuffer {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

/** supertest buffers binary bodies only when told to. */
function binary(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('report exports', () => {
  let t: TestApp;
  let ministry: string;
  let partner: TestPartner;
  let rowsByGroup: Map<string, Row[]>;

  beforeAll(async () => {
    t = await createTestApp();
    ministry = (await createUser(t, 'ministry')).token;
    partner = await createPartner(t, { name: '=cmd|"/c calc"!A1' });
    const today = apiToday();
    const program = await createProgram(t, {
      partnerCode: partner.code,
      name: DANGEROUS[0],
      targetTrainees: 40,
      tracks: ['AI', 'Cloud'],
      targets: [{ dimension: 'gender', key: 'female', target: 20 }],
      startsOn: shiftDay(today, -100),
      endsOn: shiftDay(today, 100),
    });
    const cohorts = [];
    for (const [i, name] of DANGEROUS.slice(1).entries()) {
      cohorts.push(
        await createCohort(t, {
          programCode: program.code,
          name,
          track: i % 2 === 0 ? 'AI' : 'Cloud',
          province: 'SD',
        }),
      );
    }
    const lines = [
      'cnic,full_name,gender,cohort_code,province,status,progress_pct,enrolled_on,completed_on',
    ];
    for (let i = 0; i < 12; i++) {
      const status = ['enrolled', 'active', 'completed', 'dropped'][i % 4];
      const enrolled = shiftDay(today, -60 + i);
      lines.push(
        [
          uniqueCnic(i % 2 === 0 ? 'female' : 'male'),
          `Trainee ${'ABCDEFGHIJKL'[i]}`,
          i % 2 === 0 ? 'female' : 'male',
          cohorts[i % cohorts.length].code,
          i % 5 === 0 ? '' : 'PB',
          status,
          status === 'completed' ? '100' : '10',
          enrolled,
          status === 'completed' ? shiftDay(enrolled, 20) : '',
        ].join(','),
      );
    }
    const result = await importRoster(t, partner, `${lines.join('\n')}\n`);
    expect(result).toMatchObject({ status: 'completed', rejected: 0, created: 12 });

    // Wait for the recompute, then keep the JSON of every groupBy to compare the files with.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const res = await t
        .http()
        .get('/api/v1/reports/targets')
        .query({ partner: partner.code })
        .set(bearer(ministry));
      if (res.body.rows?.[0]?.enrolled === 12) break;
      if (Date.now() > deadline) throw new Error('report never showed the roster');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    rowsByGroup = new Map();
    for (const groupBy of GROUP_BYS) {
      const res = await t
        .http()
        .get('/api/v1/reports/targets')
        .query({ partner: partner.code, groupBy })
        .set(bearer(ministry))
        .expect(200);
      rowsByGroup.set(groupBy, res.body.rows as Row[]);
    }
  });
  afterAll(() => t.close());

  /** What a spreadsheet cell must hold for a JSON value: numbers as numbers, text inert. */
  const expectedCell = (value: string | number | null | undefined) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number') return value;
    return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  };

  it.each(GROUP_BYS)(
    'CSV groupBy=%s parses back to the JSON rows, formula-safe',
    async (groupBy) => {
      const res = await t
        .http()
        .get('/api/v1/reports/targets')
        .query({ partner: partner.code, groupBy, format: 'csv' })
        .set(bearer(ministry))
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="targets-/);
      expect(res.headers['x-report-as-of']).toEqual(expect.any(String));
      const records = parse(res.text, { columns: true, cast: true }) as Record<string, unknown>[];
      const json = rowsByGroup.get(groupBy) as Row[];
      expect(records).toHaveLength(json.length);
      const columns = Object.keys(json[0] ?? {});
      expect(res.text.split('\r\n')[0]).toBe(columns.join(','));
      const fromJson = json.map((row) =>
        Object.fromEntries(columns.map((c) => [c, expectedCell(row[c]) ?? ''])),
      );
      expect(records).toEqual(fromJson);
      // Numbers are written as numbers, not quoted text.
      expect(res.text).not.toMatch(/"\d+"/);
    },
  );

  it.each(GROUP_BYS)(
    'XLSX groupBy=%s is a real workbook equal to the JSON rows',
    async (groupBy) => {
      const res = await t
        .http()
        .get('/api/v1/reports/targets')
        .query({ partner: partner.code, groupBy, format: 'xlsx' })
        .set(bearer(ministry))
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(arrayBuffer(res.body as Buffer));
      expect(workbook.worksheets).toHaveLength(1);
      const sheet = workbook.worksheets[0];
      const json = rowsByGroup.get(groupBy) as Row[];
      const columns = Object.keys(json[0] ?? {});
      const values: unknown[][] = [];
      sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
      // One header row, then one row per JSON row.
      expect(values[0]).toEqual(columns);
      expect(values).toHaveLength(json.length + 1);
      const fromJson = json.map((row) => columns.map((c) => expectedCell(row[c])));
      const fromSheet = values
        .slice(1)
        .map((row) => columns.map((_c, i) => (row[i] === undefined ? null : row[i])));
      expect(fromSheet).toEqual(fromJson);
      // Numeric columns are numeric cells.
      const enrolledCol = columns.indexOf('enrolled') + 1;
      expect(sheet.getRow(2).getCell(enrolledCol).type).toBe(ExcelJS.ValueType.Number);
    },
  );

  it('names that start with = + - @ come out as inert text in CSV and XLSX', async () => {
    const csv = await t
      .http()
      .get('/api/v1/reports/targets')
      .query({ partner: partner.code, groupBy: 'cohort', format: 'csv' })
      .set(bearer(ministry))
      .expect(200);
    const labels = (parse(csv.text, { columns: true }) as { label: string }[]).map((r) => r.label);
    expect(labels.sort()).toEqual(["'+SUM(1,2)", "'-2+3", "'@cmd"]);
    for (const line of csv.text.split('\r\n').slice(1)) {
      for (const field of line.split(',')) expect(field).not.toMatch(/^"?[=+\-@\t\r]/);
    }

    const program = await t
      .http()
      .get('/api/v1/reports/targets')
      .query({ partner: partner.code, groupBy: 'program', format: 'xlsx' })
      .set(bearer(ministry))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(arrayBuffer(program.body as Buffer));
    const label = workbook.worksheets[0].getRow(2).getCell(2);
    expect(label.type).toBe(ExcelJS.ValueType.String);
    expect(label.value).toBe(`'${DANGEROUS[0]}`);

    const partnerCsv = await t
      .http()
      .get('/api/v1/reports/targets')
      .query({ partner: partner.code, groupBy: 'partner', format: 'csv' })
      .set(bearer(ministry))
      .expect(200);
    const [partnerRow] = parse(partnerCsv.text, { columns: true }) as { label: string }[];
    expect(partnerRow.label).toBe(`'=cmd|"/c calc"!A1`);
  });

  it('an unknown format is a 400 problem', async () => {
    const res = await t
      .http()
      .get('/api/v1/reports/targets')
      .query({ format: 'pdf' })
      .set(bearer(ministry))
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
