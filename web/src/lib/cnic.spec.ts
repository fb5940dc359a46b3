import { formatCnic, maskCnic, normalizeCnicQuery, searchTerm } from './cnic';

describe('CNIC search', () => {
  it('accepts a CNIC written with or without dashes', () => {
    expect(normalizeCnicQuery('35202-1234567-1')).toBe('3520212345671');
    expect(normalizeCnicQuery(' 3520212345671 ')).toBe('3520212345671');
  });

  it('refuses anything else', () => {
    expect(normalizeCnicQuery('352021234567')).toBeNull();
    expect(normalizeCnicQuery('35202-12345671')).toBeNull();
    expect(normalizeCnicQuery('abc')).toBeNull();
  });

  it('prints the 13 digits the way the card does', () => {
    expect(formatCnic('3520212345671')).toBe('35202-1234567-1');
    expect(formatCnic(null)).toBe('–');
  });
});

describe('searchTerm', () => {
  it('sends CNIC digits without dashes and names as typed', () => {
    expect(searchTerm(' 35202-12 ')).toBe('3520212');
    expect(searchTerm('Ayesha  Khan')).toBe('Ayesha Khan');
    expect(searchTerm('عائشہ')).toBe('عائشہ');
  });
});

describe('maskCnic', () => {
  it('keeps the area and the last digit only', () => {
    expect(maskCnic('3520212345671')).toBe('35202-•••••••-1');
    expect(maskCnic(null)).toBe('–');
  });
});
