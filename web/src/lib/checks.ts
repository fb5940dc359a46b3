// Checks a form makes before sending, so that every field's problem shows at once (the API
// still judges everything; these only spare a round trip per mistake).
import { parseDate } from './dates';

export interface FieldProblem {
  field: string;
  message: string;
}

/** "300,000" → 300000; "" → null; "fifty" or "2.5" → NaN (not a whole number). */
export function wholeNumber(text: string): number | null {
  const t = text.replace(/[,\s]/g, '');
  if (t === '') return null;
  return /^\d+$/.test(t) ? Number(t) : Number.NaN;
}

/** The problems of a draft: required fields, whole numbers from `min`, dates and their order. */
export function checkDraft(
  draft: Record<string, string>,
  rules: {
    required?: Record<string, string>;
    numbers?: Record<string, { label: string; min: number }>;
    dates?: string[];
    /** [start, end]: the end on or after the start. */
    range?: [string, string];
  },
): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const [field, name] of Object.entries(rules.required ?? {}))
    if (!draft[field]?.trim()) out.push({ field, message: `${name} is required.` });
  for (const [field, { label, min }] of Object.entries(rules.numbers ?? {})) {
    const n = wholeNumber(draft[field] ?? '');
    if (n !== null && (Number.isNaN(n) || n < min))
      out.push({ field, message: `${label} must be a whole number from ${min}, in digits.` });
  }
  for (const field of rules.dates ?? []) {
    const parsed = parseDate(draft[field] ?? '');
    if (!parsed.ok) out.push({ field, message: parsed.message });
  }
  if (rules.range) {
    const [a, b] = rules.range.map((f) => parseDate(draft[f] ?? ''));
    if (a?.ok && b?.ok && a.iso && b.iso && b.iso < a.iso)
      out.push({ field: rules.range[1], message: 'The end must be on or after the start.' });
  }
  return out;
}
