// GET /api/v1/reports/dashboard: the dashboard's figures in one round trip, equal to the single
// reports it bundles under the same filters and scope, and a 304 (ETag) while nothing changed.
import ExcelJS from 'exceljs';
import { createUser, type TestPartner } from '../factories/actors';
import { createCatalog, generateDataset, loadThroughSql, apiToday } from '../factories/report-data';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

describe('dashboard report', () => {
  let t: TestApp;
  let a: TestPartner;
  let b: TestPartner;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(t.adminToken);
    const data = generateDataset(4242, 40);
    const catalog = await createCatalog(t, data);
    await loadThroughSql(t, data);
    a = catalog.partners.get(data.partners[0].code) as TestPartner;
    b = catalog.partners.get(data.partners[1].code) as TestPartner;
  });
  afterAll(() => t.close());

  it('bundles the single reports exactly, under the filters', async () => {
    for (const filters of [{}, { province: 'PB' }, { partner: a.code }]) {
      const res = await t.http().get('/api/v1/reports/dashboard').query(filters).set(admin);
      expect(res.status).toBe(200);
      for (const [field, groupBy] of [
        ['partners', 'partner'],
        ['programs', 'program'],
        ['province', 'province'],
        ['gender', 'gender'],
        ['track', 'track'],
        ['month', 'month'],
      ]) {
        const single = await t
          .http()
          .get('/api/v1/reports/targets')
          .query({ ...filters, groupBy })
          .set(admin);
        expect({ field, rows: res.body[field] }).toEqual({ field, rows: single.body.rows });
      }
      const national = await t.http().get('/api/v1/reports/national').set(admin);
      expect(res.body.national).toEqual(national.body);
      const quality = await t
        .http()
        .get('/api/v1/reports/data-quality')
        .query(filters.partner ? { partner: filters.partner } : {})
        .set(admin);
      expect(res.body.dataQuality).toEqual(quality.body.items);
      expect(res.body.scopePartners).toBeNull();
      // The series is the program with the largest target, with its dates for the target line.
      const biggest = [...(res.body.programs as { key: string; target: number }[])].sort(
        (x, y) => y.target - x.target,
      )[0];
      expect(res.body.series.program).toBe(biggest.key);
      const ts = await t
        .http()
        .get('/api/v1/reports/timeseries')
        .query({ program: biggest.key })
        .set(admin);
      expect(res.body.series.points).toEqual(ts.body.points);
      expect(res.body.series.endsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('keeps a partner to its own rows (no national totals) and a coordinator to its partners', async () => {
    const own = await t.http().get('/api/v1/reports/dashboard').set('X-API-Key', a.apiKey);
    expect(own.status).toBe(200);
    expect(own.body.national).toBeNull();
    expect((own.body.partners as { key: string }[]).length).toBe(1);
    expect((own.body.dataQuality as { partnerCode: string }[]).map((d) => d.partnerCode)).toEqual([
      a.code,
    ]);
    expect(JSON.stringify(own.body)).not.toContain(b.code);
    const other = await t
      .http()
      .get('/api/v1/reports/dashboard')
      .query({ partner: b.code })
      .set('X-API-Key', a.apiKey);
    expect(other.status).toBe(404);
    const coordinator = await createUser(t, 'coordinator', [b.code]);
    const scoped = await t.http().get('/api/v1/reports/dashboard').set(bearer(coordinator.token));
    expect(scoped.body.scopePartners).toEqual([{ code: b.code, name: expect.any(String) }]);
    expect(JSON.stringify(scoped.body.dataQuality)).not.toContain(a.code);
  });

  it('answers 304 to a matching If-None-Match while the figures are unchanged', async () => {
    // A recompute still settling from the writes above may change the figures between the two
    // reads (then a 200 with the new figures is right): read again until two reads agree.
    let first = await t.http().get('/api/v1/reports/dashboard').set(admin);
    let again = first;
    for (let attempt = 0; attempt < 10; attempt++) {
      expect(first.headers.etag).toBeTruthy();
      expect(first.headers['cache-control']).toBe('private, no-cache');
      again = await t
        .http()
        .get('/api/v1/reports/dashboard')
        .set(admin)
        .set('If-None-Match', first.headers.etag as string);
      if (again.status === 304) break;
      expect(again.status).toBe(200);
      expect(again.headers.etag).not.toBe(first.headers.etag);
      first = again;
      await new Promise((r) => setTimeout(r, 300));
    }
    const etag = first.headers.etag as string;
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    const filtered = await t
      .http()
      .get('/api/v1/reports/dashboard')
      .query({ province: 'SD' })
      .set(admin)
      .set('If-None-Match', etag);
    expect(filtered.status).toBe(200);
  });

  it('exports the whole view as one workbook named by its filters', async () => {
    const res = await t
      .http()
      .get('/api/v1/reports/dashboard')
      .query({ province: 'sindh', format: 'xlsx' })
      .set(admin)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const today = apiToday();
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="national-progress-sindh-${today}.xlsx"`,
    );
    const body = res.body as Buffer;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
    );
    expect(book.worksheets.map((w) => w.name)).toEqual([
      'About this workbook',
      'Partners',
      'Programs',
      'By province',
      'By gender',
      'By track',
      'By month',
      'Data quality',
      expect.stringMatching(/^Over time /),
    ]);
    const about = book.worksheets[0];
    const value = (label: string) =>
      about
        .getRows(1, about.rowCount)
        ?.find((r) => r.getCell(1).value === label)
        ?.getCell(2).value;
    expect(value('Province filter')).toBe('SD');
    expect(value('Partner filter')).toBe('all partners');
    expect(String(value('Figures as of (UTC)'))).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(String(value('Unique'))).toMatch(/counts once/);
    expect(String(value('Summed over partners'))).toMatch(/added up/);
    const dashboard = await t
      .http()
      .get('/api/v1/reports/dashboard')
      .query({ province: 'SD' })
      .set(admin);
    const partners = book.getWorksheet('Partners');
    expect(partners?.getRow(1).values).toEqual([
      undefined,
      'Code',
      'Partner',
      'Target',
      'Enrolled',
      'Active',
      'Completed',
      'Dropped',
      'Certified',
      'Women enrolled',
      'Completed % of target',
      'Enrolled % of target',
      'Expected completed by today',
      'Shortfall (expected − completed)',
      'Pace',
      'Projected at end',
    ]);
    const rows = dashboard.body.partners as { key: string; enrolled: number; completed: number }[];
    expect(partners?.rowCount).toBe(rows.length + 1);
    for (const r of rows) {
      const line = partners?.getRows(2, rows.length)?.find((x) => x.getCell(1).value === r.key);
      expect([line?.getCell(4).value, line?.getCell(6).value]).toEqual([r.enrolled, r.completed]);
    }
  });
});
