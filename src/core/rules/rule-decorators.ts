// class-validator / class-transformer decorators for DTOs, built on the functions in
// field-rules.ts so the HTTP API and the roster importer accept exactly the same values and
// answer with the same messages. Nothing here may define a rule of its own.
//
// Typical use: normalize first, then validate the normalized value:
//   @NormalizeWith(normalizeCnic) @IsCnic() cnic!: string;
import { Transform } from 'class-transformer';
import {
  ValidateBy,
  type ValidationArguments,
  type ValidationOptions,
  ValidateIf,
} from 'class-validator';
import {
  RULE_MESSAGES,
  normalizeCategory,
  normalizeCnic,
  normalizeDate,
  normalizeEmail,
  normalizeEnrollmentStatus,
  normalizeFullName,
  normalizeGender,
  normalizePhone,
  normalizeProgressPct,
  normalizeProvince,
  normalizeText,
  type RuleResult,
} from './field-rules';

type Rule = (raw: string) => RuleResult<unknown>;

/**
 * A property decorator that accepts a value when `rule` accepts it. Non-string values are
 * refused with `nonStringMessage` (the rule's own message by default), except numbers when
 * `acceptNumbers` lets the rule see them (progress).
 */
function ruleDecorator(
  name: string,
  rule: (raw: string | number) => RuleResult<unknown>,
  nonStringMessage: string,
  validationOptions?: ValidationOptions,
  acceptNumbers = false,
): PropertyDecorator {
  const check = (value: unknown): RuleResult<unknown> | null => {
    if (typeof value === 'string' || (acceptNumbers && typeof value === 'number')) {
      return rule(value);
    }
    return null;
  };
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown): boolean => check(value)?.ok === true,
        defaultMessage: (args?: ValidationArguments): string => {
          const value: unknown = args?.value;
          // With { each: true } class-validator hands us the whole array: explain the first bad item.
          const items: unknown[] = Array.isArray(value) ? value : [value];
          for (const item of items) {
            const result = check(item);
            if (result === null) return nonStringMessage;
            if (!result.ok) return result.message;
          }
          return nonStringMessage;
        },
      },
    },
    validationOptions,
  );
}

const stringRule =
  (rule: Rule) =>
  (raw: string | number): RuleResult<unknown> =>
    rule(String(raw));

export function IsCnic(options?: ValidationOptions): PropertyDecorator {
  return ruleDecorator('isCnic', stringRule(normalizeCnic), RULE_MESSAGES.invalid_cnic, options);
}

export function IsGender(options?: ValidationOptions): PropertyDecorator {
  return ruleDecorator(
    'isGender',
    stringRule(normalizeGender),
    RULE_MESSAGES.invalid_gender,
    options,
  );
}

export function IsProvince(options?: ValidationOptions): PropertyDecorator {
  return ruleDecorator(
    'isProvince',
    stringRule(normalizeProvince),
    RULE_MESSAGES.invalid_province,
    options,
  );
}

export function IsPakPhone(options?: ValidationOptions): PropertyDecorator {
  return ruleDecorator(
    'isPakPhone',
    stringRule(normalizePhone),
    RULE_MESSAGES.invalid_phone,
    options,
  );
}

export function IsEmailAddress(options?: ValidationOptions): PropertyDecorator {
  return ruleDecorator(
    'isEmailAddress',
    stringRule(normalizeEmail),
    RULE_MESSAGES.invalid_email,
    options,
  );
}

export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ruleDecorator('isIsoDate', stringRule(normalizeDate), RULE_MESSAGES.invalid_date, options);
}

export function IsCategory(options?: ValidationOptions): PropertyDecorator {
  return ruleDecorator(
    'isCategory',
    stringRule(normalizeCategory),
    RULE_MESSAGES.invalid_category,
    options,
  );
}

export function IsEnrollmentStatus(options?: ValidationOptions): PropertyDecorator {
  return ruleDecorator(
    'isEnrollmentStatus',
    stringRule(normalizeEnrollmentStatus),
    RULE_MESSAGES.invalid_status,
    options,
  );
}

/** Accepts a JSON number or a numeric string (a whole number 0..100). */
export function IsProgressPct(options?: ValidationOptions): PropertyDecorator {
  return ruleDecorator(
    'isProgressPct',
    normalizeProgressPct,
    RULE_MESSAGES.invalid_progress,
    options,
    true,
  );
}

export function IsPersonName(options?: ValidationOptions): PropertyDecorator {
  return ruleDecorator(
    'isPersonName',
    stringRule(normalizeFullName),
    RULE_MESSAGES.invalid_name,
    options,
  );
}

/** Single-line text: trimmed, no control characters, at most `maxLength` characters. */
export function IsSafeText(maxLength: number, options?: ValidationOptions): PropertyDecorator {
  return ruleDecorator(
    'isSafeText',
    (raw) => normalizeText(String(raw), { maxLength }),
    RULE_MESSAGES.not_text,
    options,
  );
}

/**
 * Replaces a string by its normalized form when the rule accepts it, and leaves it untouched
 * otherwise, so the matching validator then fails with the rule's message. Non-strings pass
 * through unchanged; arrays are normalized item by item (for `{ each: true }` fields).
 */
export function NormalizeWith<T>(rule: (raw: string) => RuleResult<T>): PropertyDecorator {
  const one = (value: unknown): unknown => {
    if (typeof value !== 'string') return value;
    const result = rule(value);
    return result.ok ? result.value : value;
  };
  return Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map(one) : one(value),
  );
}

/**
 * Optional, but never null: a field whose column is NOT NULL may be left out, and sending
 * `null` is refused by its validators instead of reaching the database.
 */
export const OptionalNotNull = (): PropertyDecorator =>
  ValidateIf((_o: object, value: unknown) => value !== undefined);

/** A class-transformer `@Transform` callback that trims strings and leaves anything else. */
export const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;
