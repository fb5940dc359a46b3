// The one definition of every field rule in API.md ("Field rules"): DTO decorators and the roster
// validator both call these functions, so a CNIC (or a phone, a date...) can never be accepted by
// one door and refused by the other. Pure functions only: no Nest, no DB, no clock except where a
// caller passes "today". Messages explain the expected form but never echo the value, because the
// value may be personal data and messages end up in logs and downloadable problem reports.

export type RuleWarning = { code: string; message: string };
export type RuleResult<T> =
  { ok: true; value: T; warning?: RuleWarning } | { ok: false; code: string; message: string };

export const GENDERS = ['female', 'male', 'transgender'] as const;
export type Gender = (typeof GENDERS)[number];

export const PROVINCE_CODES = ['PB', 'SD', 'KP', 'BA', 'ICT', 'GB', 'AJK'] as const;
export type ProvinceCode = (typeof PROVINCE_CODES)[number];
export const PROVINCES: Record<ProvinceCode, string> = {
  PB: 'Punjab',
  SD: 'Sindh',
  KP: 'Khyber Pakhtunkhwa',
  BA: 'Balochistan',
  ICT: 'Islamabad Capital Territory',
  GB: 'Gilgit-Baltistan',
  AJK: 'Azad Jammu and Kashmir',
};

export const CATEGORIES = ['youth', 'government_official', 'professional', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const ENROLLMENT_STATUSES = ['enrolled', 'active', 'completed', 'dropped'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

export const PARTNER_KINDS = ['industry', 'government', 'academic', 'donor'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const PROGRAM_STATUSES = ['draft', 'active', 'closed'] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

export const COHORT_MODES = ['onsite', 'online', 'hybrid'] as const;
export type CohortMode = (typeof COHORT_MODES)[number];

export const TARGET_DIMENSIONS = ['province', 'gender', 'track'] as const;
export type TargetDimension = (typeof TARGET_DIMENSIONS)[number];

/** Partner codes (API.md). */
export const CODE_PATTERN = /^[A-Z0-9_-]{2,32}$/;
/** Program and cohort codes: same alphabet as partner codes, longer (matches the DB checks). */
export const PROGRAM_CODE_PATTERN = /^[A-Z0-9_-]{2,64}$/;
export const COHORT_CODE_PATTERN = /^[A-Z0-9_-]{2,64}$/;

/** Maximum lengths (in characters) of free-text fields, shared by DTOs and the roster. */
export const TEXT_LIMITS = {
  fullName: 200,
  name: 200,
  district: 100,
  externalId: 100,
  certificationName: 200,
  certificateNumber: 100,
  track: 100,
} as const;

/** The failure message of each rule (the same text whichever door the value came through). */
export const RULE_MESSAGES = {
  invalid_cnic: 'CNIC must be 13 digits, written 35202-1234567-1 or 3520212345671',
  invalid_gender: 'gender must be female, male or transgender (or F, M, X)',
  invalid_province: `province must be one of ${PROVINCE_CODES.join(', ')} or the province's full name`,
  invalid_phone:
    'phone must be a Pakistani number such as 03001234567, +923001234567 or 00923001234567 (a mobile number or a landline with its area code)',
  invalid_email: 'email must be a valid email address of at most 254 characters',
  invalid_date: 'date must be a real calendar date written YYYY-MM-DD, between 1900 and 2100',
  invalid_category: `category must be one of ${CATEGORIES.join(', ')}`,
  invalid_status: `status must be one of ${ENROLLMENT_STATUSES.join(', ')}`,
  invalid_progress: 'progress must be a whole number from 0 to 100',
  invalid_name:
    "name must be printable text holding at least one letter (any script; punctuation such as , ( ) / . ' - is fine), without control characters (bidirectional overrides and isolates included) or Unicode noncharacters",
  control_characters: 'text must not contain control characters (tabs, line breaks and the like)',
  not_text: 'value must be text',
} as const;

export function tooLongMessage(maxLength: number): string {
  return `text must be at most ${maxLength} characters`;
}

const fail = <T>(code: keyof typeof RULE_MESSAGES): RuleResult<T> => ({
  ok: false,
  code,
  message: RULE_MESSAGES[code],
});
const pass = <T>(value: T): RuleResult<T> => ({ ok: true, value });
const isString = (raw: unknown): raw is string => typeof raw === 'string';

// ---------------------------------------------------------------------------------------------

const CNIC_DASHED = /^(\d{5})-(\d{7})-(\d)$/;
const CNIC_PLAIN = /^\d{13}$/;

export function normalizeCnic(raw: string): RuleResult<string> {
  if (!isString(raw)) return fail('invalid_cnic');
  const s = raw.trim();
  if (CNIC_PLAIN.test(s)) return pass(s);
  const m = CNIC_DASHED.exec(s);
  if (m) return pass(`${m[1]}${m[2]}${m[3]}`);
  return fail('invalid_cnic');
}

const GENDER_ALIASES: ReadonlyMap<string, Gender> = new Map<string, Gender>([
  ['female', 'female'],
  ['f', 'female'],
  ['male', 'male'],
  ['m', 'male'],
  ['transgender', 'transgender'],
  ['x', 'transgender'],
]);

export function normalizeGender(raw: string): RuleResult<Gender> {
  if (!isString(raw)) return fail('invalid_gender');
  const gender = GENDER_ALIASES.get(raw.trim().toLowerCase());
  return gender ? pass(gender) : fail('invalid_gender');
}

/** Lower-case, hyphens read as spaces, runs of whitespace collapsed: 'Gilgit -  Baltistan' = 'gilgit baltistan'. */
function provinceKey(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, ' ');
}

const PROVINCE_ALIASES: ReadonlyMap<string, ProvinceCode> = new Map<string, ProvinceCode>([
  ...PROVINCE_CODES.map((c): [string, ProvinceCode] => [provinceKey(c), c]),
  ...PROVINCE_CODES.map((c): [string, ProvinceCode] => [provinceKey(PROVINCES[c]), c]),
  ['punjab province', 'PB'],
  ['kpk', 'KP'],
  ['k p k', 'KP'],
  ['baluchistan', 'BA'],
  ['islamabad', 'ICT'],
  ['islamabad capital', 'ICT'],
  ['federal capital', 'ICT'],
  ['gilgit', 'GB'],
  ['azad jammu & kashmir', 'AJK'],
  ['aj&k', 'AJK'],
  ['ajk', 'AJK'],
  ['azad kashmir', 'AJK'],
]);

export function normalizeProvince(raw: string): RuleResult<ProvinceCode> {
  if (!isString(raw)) return fail('invalid_province');
  const code = PROVINCE_ALIASES.get(provinceKey(raw));
  return code ? pass(code) : fail('invalid_province');
}

// Pakistani national significant numbers: mobiles are 3XX + 7 digits (10 digits); landlines are
// an area code (never starting with 0, 1 or 3) + subscriber number, 9 or 10 digits in all.
const MOBILE_NSN = /^3\d{9}$/;
const LANDLINE_NSN = /^[245-9]\d{8,9}$/;

export function normalizePhone(raw: string): RuleResult<string> {
  if (!isString(raw)) return fail('invalid_phone');
  const s = raw.trim();
  // Separators people type: spaces, dashes, dots and brackets around the area code.
  if (!/^\+?[\d\s().-]+$/.test(s)) return fail('invalid_phone');
  const plus = s.startsWith('+');
  const digits = s.replace(/\D/g, '');
  let nsn: string;
  if (plus) {
    if (!digits.startsWith('92')) return fail('invalid_phone');
    nsn = digits.slice(2);
  } else if (digits.startsWith('0092')) {
    nsn = digits.slice(4);
  } else if (digits.startsWith('0')) {
    nsn = digits.slice(1);
  } else if (digits.startsWith('92') && digits.length >= 11) {
    nsn = digits.slice(2);
  } else if (MOBILE_NSN.test(digits)) {
    // A mobile number whose leading 0 a spreadsheet dropped (3001234567): unambiguous.
    nsn = digits;
  } else {
    return fail('invalid_phone');
  }
  // '+92 (0)300 1234567': a trunk 0 kept after the country code is a common, harmless slip.
  if (nsn.startsWith('0') && (plus || digits.startsWith('0092') || digits.startsWith('92'))) {
    nsn = nsn.slice(1);
  }
  if (MOBILE_NSN.test(nsn) || LANDLINE_NSN.test(nsn)) return pass(`+92${nsn}`);
  return fail('invalid_phone');
}

const EMAIL_LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const EMAIL_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function normalizeEmail(raw: string): RuleResult<string> {
  if (!isString(raw)) return fail('invalid_email');
  const s = raw.trim().toLowerCase();
  if (s.length === 0 || s.length > 254) return fail('invalid_email');
  const at = s.lastIndexOf('@');
  if (at <= 0 || s.indexOf('@') !== at) return fail('invalid_email');
  const local = s.slice(0, at);
  const labels = s.slice(at + 1).split('.');
  if (local.length > 64 || !EMAIL_LOCAL.test(local)) return fail('invalid_email');
  if (labels.length < 2 || !labels.every((l) => EMAIL_LABEL.test(l))) return fail('invalid_email');
  const tld = labels[labels.length - 1];
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld)) return fail('invalid_email');
  return pass(s);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Arithmetic, not a Date per call: a roster's dates are checked a million times an import.
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
}

export function normalizeDate(raw: string): RuleResult<string> {
  if (!isString(raw)) return fail('invalid_date');
  const s = raw.trim();
  const m = ISO_DATE.exec(s);
  if (!m) return fail('invalid_date');
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1900 || year > 2100 || month < 1 || month > 12) return fail('invalid_date');
  if (day < 1 || day > daysInMonth(year, month)) return fail('invalid_date');
  return pass(s);
}

/** Case-insensitive; 'Government Official' and 'government-official' read as government_official. */
export function normalizeCategory(raw: string): RuleResult<Category> {
  if (!isString(raw)) return fail('invalid_category');
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return (CATEGORIES as readonly string[]).includes(key)
    ? pass(key as Category)
    : fail('invalid_category');
}

export function normalizeEnrollmentStatus(raw: string): RuleResult<EnrollmentStatus> {
  if (!isString(raw)) return fail('invalid_status');
  const key = raw.trim().toLowerCase();
  return (ENROLLMENT_STATUSES as readonly string[]).includes(key)
    ? pass(key as EnrollmentStatus)
    : fail('invalid_status');
}

/** Whole numbers 0..100; '55.0' (how spreadsheets often write 55) is accepted, '55.5' is not. */
export function normalizeProgressPct(raw: string | number): RuleResult<number> {
  if (typeof raw === 'number') {
    return Number.isInteger(raw) && raw >= 0 && raw <= 100
      ? pass(raw === 0 ? 0 : raw) // -0 becomes 0
      : fail('invalid_progress');
  }
  if (!isString(raw)) return fail('invalid_progress');
  const m = /^(\d{1,3})(?:\.0+)?$/.exec(raw.trim());
  if (!m) return fail('invalid_progress');
  const n = Number(m[1]);
  return n <= 100 ? pass(n) : fail('invalid_progress');
}

// C0 controls (tab and newlines included: every field here is single-line), DEL, C1 controls,
// and the Unicode line/paragraph separators, which break a line just as well.
const CONTROL_CHARS = /[\p{Cc}\u2028\u2029]/u;

// Printable ASCII only, as nearly every roster cell is: no control character, bidirectional
// control or noncharacter can be in it, and its length in characters is its length. The rules
// below take this one cheap test first and the Unicode-aware ones only for other text.
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** Length in characters as a person counts them (code points, not UTF-16 units). */
function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function normalizeText(raw: string, opts: { maxLength: number }): RuleResult<string> {
  if (!isString(raw)) return fail('not_text');
  const s = raw.trim();
  if (PRINTABLE_ASCII.test(s)) {
    return s.length > opts.maxLength
      ? { ok: false, code: 'too_long', message: tooLongMessage(opts.maxLength) }
      : pass(s);
  }
  if (CONTROL_CHARS.test(s)) return fail('control_characters');
  if (s.length > opts.maxLength && charLength(s) > opts.maxLength) {
    return { ok: false, code: 'too_long', message: tooLongMessage(opts.maxLength) };
  }
  return pass(s);
}

// API.md: any printable text holding at least one letter, in any script, with the punctuation
// real records carry ("Khan, Bilal", "Ali Raza S/O Ahmed Raza", "Muhammad Ali (Jr.)"). Only
// control characters, noncharacters and names without a letter are refused, all as invalid_name.
const HAS_LETTER = /\p{L}/u;
const ASCII_LETTER = /[A-Za-z]/;

// Bidirectional embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069) reorder
// what follows them, so a name holding one can display as another name. Zero-width joiners and
// non-joiners (U+200C, U+200D) are not among them: Urdu spelling needs them.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;

/**
 * Unicode noncharacters: U+FDD0-U+FDEF and the last two code points of every plane (U+FFFE,
 * U+FFFF, U+1FFFE ... U+10FFFF). Lone surrogates (text that is not valid UTF-16) go with them.
 */
function hasNoncharacter(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return true;
    if (cp >= 0xd800 && cp <= 0xdfff) return true;
  }
  return false;
}

export function normalizeFullName(raw: string): RuleResult<string> {
  // Line breaks around a name are trimmed like any cell's; inside it they are refused.
  if (!isString(raw)) return fail('invalid_name');
  const trimmed = raw.trim();
  if (PRINTABLE_ASCII.test(trimmed)) {
    if (trimmed.length > TEXT_LIMITS.fullName) {
      return { ok: false, code: 'too_long', message: tooLongMessage(TEXT_LIMITS.fullName) };
    }
    // Only spaces can repeat here, and ASCII is already NFC.
    const s = trimmed.replace(/ {2,}/g, ' ');
    return ASCII_LETTER.test(s) ? pass(s) : fail('invalid_name');
  }
  if (CONTROL_CHARS.test(trimmed) || BIDI_CONTROLS.test(trimmed) || hasNoncharacter(trimmed)) {
    return fail('invalid_name');
  }
  const text = normalizeText(raw, { maxLength: TEXT_LIMITS.fullName });
  if (!text.ok) return text;
  const s = text.value.replace(/\s+/g, ' ').normalize('NFC');
  if (!HAS_LETTER.test(s)) return fail('invalid_name');
  return pass(s);
}

export const GENDER_CNIC_MISMATCH_MESSAGE =
  "gender does not match the CNIC's last digit (even for women, odd for men): check both";

/** The last CNIC digit is even for women and odd for men; transgender never warns. */
export function cnicGenderWarning(
  cnic: string,
  gender: Gender,
): { code: 'gender_cnic_mismatch'; message: string } | null {
  if (gender === 'transgender' || !isString(cnic)) return null;
  const last = cnic.trim().slice(-1);
  if (!/^\d$/.test(last)) return null;
  const expected: Gender = Number(last) % 2 === 0 ? 'female' : 'male';
  return expected === gender
    ? null
    : { code: 'gender_cnic_mismatch', message: GENDER_CNIC_MISMATCH_MESSAGE };
}

/**
 * Whether an enrollment may move from one status to another. Only `completed` is guarded:
 * nobody drops a completed enrollment, a roster never moves it back (the importer warns
 * `status_downgrade` and keeps it), a coordinator may reopen it to enrolled/active.
 * Everything else is the partner's truth and may move in any direction, including a
 * dropped trainee re-joining (enrolled/active) or turning up completed.
 */
export function isAllowedTransition(
  from: EnrollmentStatus,
  to: EnrollmentStatus,
  by: 'roster' | 'coordinator',
): boolean {
  if (from === to) return true;
  if (from !== 'completed') return true;
  if (to === 'dropped') return false;
  return by === 'coordinator';
}
