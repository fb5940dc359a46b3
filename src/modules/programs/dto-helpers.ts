// Small decorator compositions shared by the programs and cohorts DTOs. Every rule still comes
// from core/rules; this file only decides how optional and text fields behave at the edge.
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsNotEmpty } from 'class-validator';
import {
  IsIsoDate,
  IsSafeText,
  NormalizeWith,
  normalizeDate,
  normalizeText,
  OptionalNotNull,
  trim,
} from '../../core/rules';

/** The largest value a Postgres `integer` column holds. */
export const PG_INT_MAX = 2_147_483_647;

export { OptionalNotNull, trim };

/** Single-line text, trimmed, 1..maxLength characters, no control characters. */
export function TrimmedText(maxLength: number, each = false): PropertyDecorator {
  return applyDecorators(
    NormalizeWith((raw) => normalizeText(raw, { maxLength })),
    IsSafeText(maxLength, { each }),
    IsNotEmpty({ each, message: '$property must not be empty' }),
  );
}

/** A calendar date written YYYY-MM-DD. */
export function IsoDate(): PropertyDecorator {
  return applyDecorators(NormalizeWith(normalizeDate), IsIsoDate());
}

/** Codes are compared as written, but surrounding spaces are a typing slip, not a new code. */
export const TrimCode = () => Transform(trim);
