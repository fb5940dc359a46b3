import { checkDraft, wholeNumber } from './checks';

describe('wholeNumber', () => {
  it('reads digits with grouping and refuses words', () => {
    expect(wholeNumber('300,000')).toBe(300000);
    expect(wholeNumber(' ')).toBeNull();
    expect(wholeNumber('fifty')).toBeNaN();
    expect(wholeNumber('2.5')).toBeNaN();
  });
});

describe('checkDraft', () => {
  it('names every problem at once', () => {
    const problems = checkDraft(
      { name: '', track: '', capacity: 'fifty', startsOn: '10 Mar 2027', endsOn: '1 Jan 2027' },
      {
        required: { name: 'Name', track: 'Track' },
        numbers: { capacity: { label: 'Capacity', min: 1 } },
        dates: ['startsOn', 'endsOn'],
        range: ['startsOn', 'endsOn'],
      },
    );
    expect(problems.map((p) => p.field)).toEqual(['name', 'track', 'capacity', 'endsOn']);
  });
  it('is quiet for a good draft', () => {
    expect(
      checkDraft(
        { name: 'A', capacity: '1,200', startsOn: '2027-01-10', endsOn: '' },
        { required: { name: 'Name' }, numbers: { capacity: { label: 'Capacity', min: 1 } } },
      ),
    ).toEqual([]);
  });
});
