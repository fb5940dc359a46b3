// The date rules of API.md beyond "a real date" (see normalizeDate): a birth date is not in the
// future and makes the trainee at least MIN_TRAINEE_AGE; a completion or certification date is
// not in the future. The roster validator and the DTOs both call these, judged against the same
// day (core/clock: the UTC day), so a date one door refuses the other refuses too.
import type { RuleResult } from './field-rules';

/** Minimum age of a trainee, in whole years, on the day the date is checked. */
export const MIN_TRAINEE_AGE = 10;

function plusYears(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;
}

const invalid = (message: string): RuleResult<string> => ({
  ok: false,
  code: 'invalid_date',
  message,
});

/** `date` is a valid YYYY-MM-DD (normalizeDate); `field` names it in the message. */
export function checkBirthDate(date: string, today: string, field: string): RuleResult<string> {
  if (date > today) return invalid(`${field} cannot be in the future`);
  if (plusYears(date, MIN_TRAINEE_AGE) > today) {
    return invalid(`${field} makes the trainee younger than ${MIN_TRAINEE_AGE}: check the year`);
  }
  return { ok: true, value: date };
}

/** For dates something already happened on (completion, certification). */
export function checkNotInFuture(date: string, today: string, field: string): RuleResult<string> {
  return date > today ? invalid(`${field} cannot be in the future`) : { ok: true, value: date };
}
