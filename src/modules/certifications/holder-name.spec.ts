import { maskHolderName } from './holder-name';

describe('maskHolderName', () => {
  it.each([
    ['Ayesha Siddiqa Khan', 'A. S. Khan'],
    ['Ali Raza', 'A. Raza'],
    ['Madonna', 'Madonna'],
    ['  ayesha   siddiqa  khan ', 'A. S. khan'],
    ['M. Ali Khan', 'M. A. Khan'],
    ["Muhammad 'Ali' Jinnah", 'M. A. Jinnah'],
    ['عائشہ صدیقہ خان', 'ع. ص. خان'],
  ])('masks %j as %j', (input, expected) => {
    expect(maskHolderName(input)).toBe(expected);
  });

  it('never keeps a given name whole when there is a surname', () => {
    const masked = maskHolderName('Fatima Zahra Bhutto');
    expect(masked).not.toContain('Fatima');
    expect(masked).not.toContain('Zahra');
  });
});
