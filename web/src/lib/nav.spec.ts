import { landingFor, mayEditRecords, mayOpen, mayUpload, navFor } from './nav';

describe('navigation per role', () => {
  it('shows each role exactly what CONSOLE.md lists', () => {
    const labels = (role: Parameters<typeof navFor>[0]) => navFor(role).map((i) => i.label);
    expect(labels('ministry')).toEqual(['Dashboard', 'Imports']);
    expect(labels('admin')).toEqual([
      'Dashboard',
      'Programs',
      'Trainees',
      'Imports',
      'Administration',
    ]);
    expect(labels('coordinator')).toEqual(['Dashboard', 'Programs', 'Trainees', 'Imports']);
    expect(labels('partner')).toEqual(['Imports', 'Dashboard', 'Trainees']);
  });

  it('keeps the ministry away from trainees and partners away from administration', () => {
    expect(mayOpen('ministry', 'trainees')).toBe(false);
    expect(mayOpen('partner', 'admin')).toBe(false);
    expect(mayOpen('coordinator', 'admin')).toBe(false);
    expect(mayUpload('ministry')).toBe(false);
    expect(mayEditRecords('partner')).toBe(false);
  });

  it('lands partner users on Imports and everyone else on the dashboard', () => {
    expect(landingFor('partner')).toBe('/imports');
    expect(landingFor('ministry')).toBe('/');
  });
});
