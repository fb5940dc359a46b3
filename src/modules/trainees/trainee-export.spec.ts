import { ROSTER_COLUMNS } from '../imports/roster/roster-columns';
import { exportCopySql } from './trainee-export';

describe('trainee export statement', () => {
  it("selects the roster template's columns, in the template's order", () => {
    const sql = exportCopySql({ partnerIds: null });
    const aliases = [...sql.matchAll(/ AS (\w+)(?:,|\n)/g)].map((m) => m[1]);
    expect(aliases).toEqual([...ROSTER_COLUMNS]);
    expect(sql).toMatch(/\) TO STDOUT \(FORMAT csv, HEADER\)$/);
  });

  it('scopes to the given partners; none given reads nothing, null reads every partner', () => {
    const id = '6f1c2d3e-0000-4000-8000-000000000001';
    expect(exportCopySql({ partnerIds: [id] })).toContain(`e.partner_id IN ('${id}')`);
    expect(exportCopySql({ partnerIds: [] })).toContain('WHERE false');
    expect(exportCopySql({ partnerIds: null })).not.toContain('partner_id IN');
  });

  it('quotes every filter value as a literal: a quote or backslash cannot end it', () => {
    const sql = exportCopySql({
      partnerIds: null,
      programCode: "X'; DROP TABLE trainees; --",
      cohortCode: 'C\\1',
    });
    expect(sql).toContain(`code = 'X''; DROP TABLE trainees; --'`);
    expect(sql).toContain(`code =  E'C\\\\1'`);
  });
});
