import { checkBirthDate, checkNotInFuture } from './date-rules';

const TODAY = '2026-11-27';

describe('date rules shared by the API and the roster', () => {
  it('accepts a trainee who turns 10 today, refuses one a day younger or born in the future', () => {
    expect(checkBirthDate('2016-11-27', TODAY, 'dateOfBirth').ok).toBe(true);
    expect(checkBirthDate('2016-11-28', TODAY, 'dateOfBirth')).toEqual({
      ok: false,
      code: 'invalid_date',
      message: 'dateOfBirth makes the trainee younger than 10: check the year',
    });
    expect(checkBirthDate('2090-01-01', TODAY, 'date_of_birth')).toEqual({
      ok: false,
      code: 'invalid_date',
      message: 'date_of_birth cannot be in the future',
    });
  });

  it('accepts today and refuses tomorrow for things that already happened', () => {
    expect(checkNotInFuture(TODAY, TODAY, 'issuedOn').ok).toBe(true);
    expect(checkNotInFuture('2026-11-28', TODAY, 'issuedOn')).toMatchObject({
      ok: false,
      message: 'issuedOn cannot be in the future',
    });
  });
});
