import { dataQualityItem, pct } from './data-quality.service';
import type { DataQualityRow } from './reports.repository';

const row = (lastImportAt: string | null, over: Partial<DataQualityRow> = {}): DataQualityRow => ({
  partnerId: 'p',
  partnerCode: 'HUAWEI',
  recomputedAt: new Date('2026-12-03T00:00:00Z'),
  lastImportAt: lastImportAt === null ? null : new Date(lastImportAt),
  imports30d: 3,
  rows30d: 7,
  rejected30d: 2,
  warnedRows30d: 1,
  topProblems: [{ code: 'invalid_cnic', count: 2 }],
  missingDateOfBirth: 1,
  missingProvince: 2,
  missingDistrict: 3,
  missingPhone: 4,
  sharedTrainees: 5,
  ...over,
});

describe('data-quality item', () => {
  it('is stale only after STALE_AFTER_DAYS whole days, each a UTC day like today', () => {
    const at14 = dataQualityItem(row('2026-11-19T23:59:00Z'), 0, '2026-12-03', 14);
    expect(at14).toMatchObject({ daysSinceLastImport: 14, stale: false });
    const at13 = dataQualityItem(row('2026-11-20T00:00:00Z'), 0, '2026-12-03', 14);
    expect(at13).toMatchObject({ daysSinceLastImport: 13, stale: false });
    const at15 = dataQualityItem(row('2026-11-18T08:00:00Z'), 0, '2026-12-03', 14);
    expect(at15).toMatchObject({ daysSinceLastImport: 15, stale: true });
  });

  it('calls a partner that never completed an import stale', () => {
    expect(dataQualityItem(row(null), 0, '2026-12-03', 14)).toMatchObject({
      lastImportAt: null,
      daysSinceLastImport: null,
      stale: true,
    });
  });

  it('gives rates to one decimal, null without rows, and the nested shape of API.md', () => {
    expect(pct(2, 7)).toBe(28.6);
    expect(pct(0, 0)).toBeNull();
    expect(dataQualityItem(row('2026-12-03T00:10:00Z'), 6, '2026-12-03', 14)).toEqual({
      partnerCode: 'HUAWEI',
      lastImportAt: '2026-12-03T00:10:00.000Z',
      daysSinceLastImport: 0,
      stale: false,
      imports30d: 3,
      rows30d: 7,
      rejectedPct30d: 28.6,
      warningsPct30d: 14.3,
      topProblems: [{ code: 'invalid_cnic', count: 2 }],
      openIdentityConflicts: 6,
      missing: { dateOfBirth: 1, province: 2, district: 3, phone: 4 },
      sharedTrainees: 5,
    });
  });
});
