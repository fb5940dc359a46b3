// The template a partner downloads must itself import cleanly, and the column lists must match
// API.md exactly: these are the names partners build their exports around.
import {
  REQUIRED_ROSTER_COLUMNS,
  ROSTER_COLUMNS,
  ROSTER_JSON_FIELDS,
  ROSTER_TEMPLATE_CSV,
  isRequiredRosterColumn,
  isRosterColumn,
  type RosterColumn,
} from './roster-columns';
import { resolveHeader } from './roster-header';
import { validateRow } from './roster-row';

describe('roster columns', () => {
  it('lists the columns of API.md in its order', () => {
    expect(ROSTER_COLUMNS).toEqual([
      'cnic',
      'full_name',
      'gender',
      'cohort_code',
      'date_of_birth',
      'province',
      'district',
      'email',
      'phone',
      'category',
      'external_id',
      'status',
      'progress_pct',
      'enrolled_on',
      'completed_on',
      'certification',
      'certificate_number',
      'certified_on',
    ]);
    expect(REQUIRED_ROSTER_COLUMNS).toEqual(['cnic', 'full_name', 'gender', 'cohort_code']);
  });

  it('names each JSON field as the camelCase of its column', () => {
    for (const column of ROSTER_COLUMNS) {
      const camel = column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      expect(ROSTER_JSON_FIELDS[column]).toBe(camel);
    }
    expect(ROSTER_JSON_FIELDS.full_name).toBe('fullName');
    expect(ROSTER_JSON_FIELDS.certified_on).toBe('certifiedOn');
  });

  it.each([
    ['cnic', true, true],
    ['cohort_code', true, true],
    ['email', true, false],
    ['Email', false, false],
    ['fullName', false, false],
  ])('%s: column %s, required %s', (name, known, required) => {
    expect(isRosterColumn(name)).toBe(known);
    if (isRosterColumn(name)) expect(isRequiredRosterColumn(name)).toBe(required);
  });
});

describe('ROSTER_TEMPLATE_CSV', () => {
  const lines = ROSTER_TEMPLATE_CSV.split('\r\n');

  it('is a header row and one example row, CRLF-terminated', () => {
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[0]).toBe(ROSTER_COLUMNS.join(','));
  });

  it('has a header that resolves without warnings', () => {
    expect(resolveHeader(lines[0].split(','))).toEqual({
      ok: true,
      columns: [...ROSTER_COLUMNS],
      warnings: [],
    });
  });

  it('has an example row that validates cleanly and fills every column', () => {
    const cells = lines[1].split(',');
    expect(cells).toHaveLength(ROSTER_COLUMNS.length);
    expect(cells.every((c) => c !== '' && !/["\r\n]/.test(c))).toBe(true);
    const raw = Object.fromEntries(ROSTER_COLUMNS.map((c, i) => [c, cells[i]])) as Record<
      RosterColumn,
      string
    >;
    const result = validateRow(raw, 2, { today: '2026-11-27' });
    expect(result).toMatchObject({ ok: true, warnings: [] });
    if (result.ok) {
      expect(result.row.status).toBe('completed');
      expect(result.row.certification?.certificateNumber).toBe(raw.certificate_number);
    }
  });
});
