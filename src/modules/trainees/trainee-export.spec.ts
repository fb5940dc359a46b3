import { ROSTER_COLUMNS } from '../imports/roster/roster-columns';
import { normalizePhone } from '../../core/rules';
import { exportCells, rosterPhone, type ExportRow } from './trainee-export';

describe('trainee export rows', () => {
  it('writes a stored mobile and landline so the roster reads back the same number', () => {
    for (const stored of ['+923001234567', '+92421234567']) {
      const written = rosterPhone(stored) as string;
      expect(written.startsWith('0')).toBe(true);
      expect(normalizePhone(written)).toEqual({ ok: true, value: stored });
    }
    expect(rosterPhone(null)).toBeNull();
  });

  it('fills every roster template column, in the template order', () => {
    const row: ExportRow = {
      seq: '1',
      cnic: '3520212345672',
      fullName: 'Khan, Bilal',
      gender: 'male',
      cohortCode: 'HW-LHR-01',
      dateOfBirth: '2001-04-17',
      province: 'PB',
      district: null,
      email: null,
      phone: '+923001234567',
      category: 'youth',
      externalId: null,
      status: 'completed',
      progressPct: 100,
      enrolledOn: '2026-01-10',
      completedOn: '2026-06-30',
      certification: 'HCIA-AI',
      certificateNumber: 'HW-1',
      certifiedOn: '2026-07-01',
    };
    const cells = exportCells(row);
    expect(Object.keys(cells)).toEqual([...ROSTER_COLUMNS]);
    expect(cells).toMatchObject({
      full_name: 'Khan, Bilal',
      phone: '03001234567',
      progress_pct: 100,
    });
  });
});
