import { changedFields, initialFields, redact } from './audit-changes';

describe('audit changes', () => {
  it('lists only the fields a patch really changes, with old and new values', () => {
    expect(
      changedFields(
        { name: 'Old', status: 'draft', tracks: ['AI'] },
        { name: 'New', status: 'draft', tracks: ['AI'], endsOn: undefined },
      ),
    ).toEqual([{ field: 'name', old: 'Old', new: 'New' }]);
    expect(changedFields({ tracks: ['AI'] }, { tracks: ['AI', 'Cloud'] })).toEqual([
      { field: 'tracks', old: ['AI'], new: ['AI', 'Cloud'] },
    ]);
  });

  it('keeps personal fields by name only, whatever the entity', () => {
    const changes = [
      { field: 'cnic', old: '3520212345671', new: '3520212345673' },
      { field: 'phone', new: '+923001234567' },
      { field: 'email', old: 'a@b.pk', new: 'c@d.pk' },
      { field: 'dateOfBirth', new: '2001-01-01' },
      { field: 'password', new: 'secret-secret' },
      { field: 'fullName', new: 'Ayesha Khan' },
      { field: 'secret', new: 'whsec' },
      { field: 'status', old: 'draft', new: 'active' },
    ];
    expect(redact('user', changes)).toEqual([
      { field: 'cnic' },
      { field: 'phone' },
      { field: 'email' },
      { field: 'dateOfBirth' },
      { field: 'password' },
      { field: 'fullName' },
      { field: 'secret' },
      { field: 'status', old: 'draft', new: 'active' },
    ]);
  });

  it('keeps no value at all for a trainee, and none for a field nobody listed', () => {
    expect(redact('trainee', [{ field: 'category', old: 'youth', new: 'other' }])).toEqual([
      { field: 'category' },
    ]);
    expect(redact('program', [{ field: 'someNewField', new: 'x' }])).toEqual([
      { field: 'someNewField' },
    ]);
  });

  it('names the fields a record was created with, skipping empty ones', () => {
    expect(initialFields({ code: 'A', name: 'B', city: null, mode: undefined })).toEqual([
      { field: 'code', new: 'A' },
      { field: 'name', new: 'B' },
    ]);
  });
});
