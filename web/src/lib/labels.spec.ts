import { label, targetKeyLabel } from './labels';

describe('label', () => {
  it('says codes in words', () => {
    expect(label('province', 'PB')).toBe('Punjab');
    expect(label('gender', 'female')).toBe('Female');
    expect(label('mode', 'onsite')).toBe('On site');
    expect(label('category', 'government_official')).toBe('Government official');
    expect(label('enrollment', 'completed')).toBe('Completed');
  });
  it('keeps an unknown code and dashes nothing', () => {
    expect(label('province', 'XX')).toBe('XX');
    expect(label('province', null)).toBe('–');
  });
  it('words sub-target keys by dimension', () => {
    expect(targetKeyLabel('province', 'SD')).toBe('Sindh');
    expect(targetKeyLabel('track', 'AI')).toBe('AI');
  });
});
