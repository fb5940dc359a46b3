// DTO decorators for the date rules in date-rules.ts. They judge only well-formed dates: a
// malformed one is reported once, by @IsIsoDate beside them. class-validator builds its
// constraints outside Nest's injector, so they read the system clock (core/clock's one rule).
import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { SystemClock } from '../clock/clock';
import { checkBirthDate, checkNotInFuture } from './date-rules';
import { normalizeDate, type RuleResult } from './field-rules';

type DateRule = (date: string, today: string, field: string) => RuleResult<string>;

const clock = new SystemClock();

function dateRuleDecorator(
  name: string,
  rule: DateRule,
  options?: ValidationOptions,
): PropertyDecorator {
  const check = (value: unknown, field: string): RuleResult<string> | null => {
    if (typeof value !== 'string') return null;
    const date = normalizeDate(value);
    return date.ok ? rule(date.value, clock.today(), field) : null;
  };
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown, args?: ValidationArguments): boolean =>
          check(value, args?.property ?? 'date')?.ok !== false,
        defaultMessage: (args?: ValidationArguments): string => {
          const result = check(args?.value, args?.property ?? 'date');
          return result && !result.ok ? result.message : 'date is not allowed';
        },
      },
    },
    options,
  );
}

/** Not in the future, and the trainee at least MIN_TRAINEE_AGE years old. */
export function IsBirthDate(options?: ValidationOptions): PropertyDecorator {
  return dateRuleDecorator('isBirthDate', checkBirthDate, options);
}

/** Not in the future (today, the clock's UTC day, is fine). */
export function IsNotFutureDate(options?: ValidationOptions): PropertyDecorator {
  return dateRuleDecorator('isNotFutureDate', checkNotInFuture, options);
}
