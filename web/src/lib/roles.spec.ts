import { describePartners, holdsPartners, scopeCodes, scopeProblems, toggleCode } from './roles';

describe('the partners a role holds', () => {
  it('coordinators and partner users hold partners; admins and the ministry none', () => {
    expect(holdsPartners('coordinator')).toBe(true);
    expect(holdsPartners('partner')).toBe(true);
    expect(holdsPartners('admin')).toBe(false);
    expect(holdsPartners('ministry')).toBe(false);
  });

  it('a coordinator toggles any set; a partner user’s choice replaces its one partner', () => {
    expect(toggleCode('coordinator', ['HUAWEI'], 'ZTE')).toEqual(['HUAWEI', 'ZTE']);
    expect(toggleCode('coordinator', ['HUAWEI', 'ZTE'], 'HUAWEI')).toEqual(['ZTE']);
    expect(toggleCode('partner', ['HUAWEI'], 'ZTE')).toEqual(['ZTE']);
    expect(toggleCode('partner', [], 'ZTE')).toEqual(['ZTE']);
  });

  it('a coordinator says All partners or ticks at least one', () => {
    expect(scopeProblems('coordinator', false, [])).toHaveLength(1);
    expect(scopeProblems('coordinator', true, [])).toEqual([]);
    expect(scopeProblems('coordinator', false, ['ZTE'])).toEqual([]);
    expect(scopeCodes('coordinator', true, ['ZTE'])).toEqual([]);
    expect(scopeCodes('partner', true, ['ZTE'])).toEqual(['ZTE']);
  });

  it('says what no partner means: every partner for a coordinator, nothing for the others', () => {
    expect(describePartners('coordinator', ['HUAWEI', 'ZTE'])).toBe('HUAWEI, ZTE');
    expect(describePartners('coordinator', [])).toBe('All partners');
    expect(describePartners('ministry', [])).toBe('–');
  });
});
