import { filtersFromSearch, toQuery, withFilter } from './filters';

describe('dashboard filters in the URL', () => {
  it('reads partner, program and province from the address, ignoring blanks', () => {
    const f = filtersFromSearch(new URLSearchParams('partner=HUAWEI&province=PB&program=&x=1'));
    expect(f).toEqual({ partner: 'HUAWEI', province: 'PB' });
  });

  it('sets and clears one filter, keeping the others', () => {
    const start = new URLSearchParams('partner=HUAWEI&province=PB');
    expect(withFilter(start, 'province', 'SD').toString()).toBe('partner=HUAWEI&province=SD');
    expect(withFilter(start, 'partner', '').toString()).toBe('province=PB');
    expect(start.toString()).toBe('partner=HUAWEI&province=PB');
  });

  it('builds the API query from the given values only, in a stable order', () => {
    expect(
      toQuery({ groupBy: 'program', partner: 'ZTE', province: undefined, format: 'csv' }),
    ).toBe('?format=csv&groupBy=program&partner=ZTE');
    expect(toQuery({ cursor: undefined, status: '' })).toBe('');
    expect(toQuery({ program: 'HW SEED&1' })).toBe('?program=HW+SEED%261');
  });
});
