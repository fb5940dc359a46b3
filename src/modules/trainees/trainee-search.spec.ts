import { cnicPrefixRange, containsPattern, parseTraineeSearch } from './trainee-search';

describe('parseTraineeSearch', () => {
  it.each([
    ['35202', '35202'],
    ['35202-12', '3520212'],
    [' 352 ', '352'],
    ['3520212345671', '3520212345671'],
  ])('reads %j as the start of a CNIC', (q, prefix) => {
    expect(parseTraineeSearch(q)).toEqual({ kind: 'cnic', prefix });
  });

  it.each([
    ['ayesha', 'ayesha'],
    ['  Siddiqa   Khan ', 'Siddiqa Khan'],
    ['علی', 'علی'],
    ["D'So", "D'So"],
    ['Ali 2', 'Ali 2'],
  ])('reads %j as part of a name', (q, text) => {
    expect(parseTraineeSearch(q)).toEqual({ kind: 'name', text });
  });

  it('normalizes to NFC, as stored names are', () => {
    const decomposed = 'Zoe\u0301';
    expect(parseTraineeSearch(decomposed)).toEqual({ kind: 'name', text: 'Zoé' });
  });

  it.each(['', 'ab', '  a  ', '12', '3-5', 'عل', '35202123456712', 'Ali\u202Eeh', 'a\u0000bc'])(
    'refuses %j',
    (q) => {
      expect(parseTraineeSearch(q).kind).toBe('invalid');
    },
  );

  it('counts characters as people do (one emoji or Urdu letter is one)', () => {
    expect(parseTraineeSearch('😀😀').kind).toBe('invalid');
    expect(parseTraineeSearch('😀😀😀').kind).toBe('name');
  });
});

describe('cnicPrefixRange', () => {
  it('spans every 13-digit CNIC with the prefix', () => {
    expect(cnicPrefixRange('35202')).toEqual(['3520200000000', '3520299999999']);
    expect(cnicPrefixRange('3520212345671')).toEqual(['3520212345671', '3520212345671']);
  });
});

describe('containsPattern', () => {
  it('takes %, _ and backslash literally', () => {
    expect(containsPattern('a_b%c\\d')).toBe('%a\\_b\\%c\\\\d%');
  });
});
