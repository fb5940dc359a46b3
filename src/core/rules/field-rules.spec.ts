// Table-driven proof of every accepted and refused form of the field rules in API.md: these
// tables are the contract the DTOs and the roster importer both rely on.
import {
  CATEGORIES,
  CODE_PATTERN,
  COHORT_CODE_PATTERN,
  ENROLLMENT_STATUSES,
  PROGRAM_CODE_PATTERN,
  PROVINCE_CODES,
  PROVINCES,
  RULE_MESSAGES,
  cnicGenderWarning,
  isAllowedTransition,
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
  type EnrollmentStatus,
  type Gender,
  type RuleResult,
} from './field-rules';

function expectOk<T>(result: RuleResult<T>, value: T): void {
  expect(result).toEqual({ ok: true, value });
}

function expectFail<T>(result: RuleResult<T>, code: keyof typeof RULE_MESSAGES): void {
  // A message is the same whatever the value, so it can never echo personal data.
  expect(result).toEqual({ ok: false, code, message: RULE_MESSAGES[code] });
}

describe('normalizeCnic', () => {
  it.each([
    ['35202-1234567-1', '3520212345671'],
    ['3520212345671', '3520212345671'],
    ['  35202-1234567-1  ', '3520212345671'],
    ['\t4210198765432\n', '4210198765432'],
    ['0000000000000', '0000000000000'],
  ])('accepts %j as %s', (raw, value) => expectOk(normalizeCnic(raw), value));

  it.each([
    [''],
    ['   '],
    ['352021234567'], // 12 digits
    ['35202123456712'], // 14 digits
    ['35202-1234567-12'],
    ['3520-21234567-1'], // misplaced dashes
    ['35202-123456-71'],
    ['352021234567-1'],
    ['35202-12345671'],
    ['35202 1234567 1'], // spaces instead of dashes
    ['35202–1234567–1'], // en dashes
    ['35202-1234567-A'],
    ['3520A12345671'],
    ['٣٥٢٠٢١٢٣٤٥٦٧١'], // Arabic-Indic digits
    ['35202-1234567-1x'],
    ['+3520212345671'],
    ['3.52021E+12'], // what a spreadsheet makes of it
  ])('refuses %j', (raw) => expectFail(normalizeCnic(raw), 'invalid_cnic'));

  it('explains the expected form', () => {
    expect(RULE_MESSAGES.invalid_cnic).toContain('35202-1234567-1');
    expect(RULE_MESSAGES.invalid_cnic).toContain('13 digits');
  });
});

describe('normalizeGender', () => {
  it.each([
    ['female', 'female'],
    ['FEMALE', 'female'],
    ['Female', 'female'],
    [' f ', 'female'],
    ['F', 'female'],
    ['male', 'male'],
    ['Male', 'male'],
    ['m', 'male'],
    ['M', 'male'],
    ['transgender', 'transgender'],
    ['TransGender', 'transgender'],
    ['x', 'transgender'],
    ['X', 'transgender'],
  ] as const)('accepts %j as %s', (raw, value) => expectOk(normalizeGender(raw), value));

  it.each([[''], ['w'], ['woman'], ['fem'], ['t'], ['other'], ['constructor'], ['__proto__']])(
    'refuses %j',
    (raw) => expectFail(normalizeGender(raw), 'invalid_gender'),
  );
});

describe('normalizeProvince', () => {
  it('has the seven provinces and territories with their names', () => {
    expect(PROVINCE_CODES).toEqual(['PB', 'SD', 'KP', 'BA', 'ICT', 'GB', 'AJK']);
    expect(PROVINCES).toEqual({
      PB: 'Punjab',
      SD: 'Sindh',
      KP: 'Khyber Pakhtunkhwa',
      BA: 'Balochistan',
      ICT: 'Islamabad Capital Territory',
      GB: 'Gilgit-Baltistan',
      AJK: 'Azad Jammu and Kashmir',
    });
  });

  it.each(PROVINCE_CODES.map((c) => [c, c]))('accepts the code %s', (raw, value) =>
    expectOk(normalizeProvince(raw), value),
  );
  it.each(PROVINCE_CODES.map((c) => [c.toLowerCase(), c]))('accepts the code %s', (raw, value) =>
    expectOk(normalizeProvince(raw), value),
  );
  it.each(PROVINCE_CODES.map((c) => [PROVINCES[c], c]))('accepts the name %j', (raw, value) =>
    expectOk(normalizeProvince(raw), value),
  );
  it.each(PROVINCE_CODES.map((c) => [PROVINCES[c].toUpperCase(), c]))(
    'accepts the name %j',
    (raw, value) => expectOk(normalizeProvince(raw), value),
  );

  it.each([
    ['  punjab ', 'PB'],
    ['Khyber   Pakhtunkhwa', 'KP'],
    ['Khyber-Pakhtunkhwa', 'KP'],
    ['KPK', 'KP'],
    ['kpk', 'KP'],
    ['Islamabad', 'ICT'],
    ['islamabad  capital territory', 'ICT'],
    ['Gilgit Baltistan', 'GB'],
    ['gilgit-baltistan', 'GB'],
    ['AJ&K', 'AJK'],
    ['Azad Kashmir', 'AJK'],
    ['Azad Jammu & Kashmir', 'AJK'],
    ['azad jammu and kashmir', 'AJK'],
    ['Baluchistan', 'BA'],
  ] as const)('accepts the alternate %j as %s', (raw, value) =>
    expectOk(normalizeProvince(raw), value),
  );

  it.each([[''], ['P'], ['Lahore'], ['Karachi'], ['NWFP'], ['Punjabi'], ['K P'], ['toString']])(
    'refuses %j',
    (raw) => expectFail(normalizeProvince(raw), 'invalid_province'),
  );
});

describe('normalizePhone', () => {
  it.each([
    ['03001234567', '+923001234567'],
    ['+923001234567', '+923001234567'],
    ['00923001234567', '+923001234567'],
    ['923001234567', '+923001234567'],
    ['0300-1234567', '+923001234567'],
    ['0300 123 4567', '+923001234567'],
    ['+92 300 1234567', '+923001234567'],
    ['+92-300-1234567', '+923001234567'],
    ['0092 300 1234567', '+923001234567'],
    ['  03451234567 ', '+923451234567'],
    ['+92 (0)300 1234567', '+923001234567'],
    ['3001234567', '+923001234567'], // leading 0 dropped by a spreadsheet
    ['042-35761234', '+924235761234'], // Lahore landline, 10-digit national number
    ['(042) 3576 1234', '+924235761234'],
    ['051-2345678', '+92512345678'], // Islamabad, 9 digits
    ['+92 21 34567890', '+922134567890'], // Karachi
    ['0922-512345', '+92922512345'], // Kohat: area code starting with 92
  ])('accepts %j as %s', (raw, value) => expectOk(normalizePhone(raw), value));

  it.each([
    [''],
    ['0300123456'], // mobile one digit short
    ['030012345678'], // mobile one digit long
    ['+92300123456'],
    ['+9230012345678'],
    ['+443001234567'], // another country
    ['00443001234567'],
    ['0042123456'], // too short landline
    ['04212345'], // 7-digit national number
    ['042123456789'], // 11-digit national number
    ['01234567890'], // national numbers do not start with 1
    ['+92 0 0300 1234567'],
    ['300123456'],
    ['0300-ABC-4567'],
    ['0300 1234567 ext 5'],
    ['03001234567+'],
    ['92300123456'], // "92" then too few digits
  ])('refuses %j', (raw) => expectFail(normalizePhone(raw), 'invalid_phone'));
});

describe('normalizeEmail', () => {
  it.each([
    ['ayesha.khan@example.com', 'ayesha.khan@example.com'],
    ['  Ayesha.Khan@Example.COM ', 'ayesha.khan@example.com'],
    ['a+tag@sub.example.org.pk', 'a+tag@sub.example.org.pk'],
    ["o'brien@example.pk", "o'brien@example.pk"],
    ['x@xn--mgbai9azgqp6j.xn--mgbai9azgqp6j', 'x@xn--mgbai9azgqp6j.xn--mgbai9azgqp6j'],
    [`${'a'.repeat(64)}@example.com`, `${'a'.repeat(64)}@example.com`],
  ])('accepts %j', (raw, value) => expectOk(normalizeEmail(raw), value));

  it('accepts exactly 254 characters and refuses 255', () => {
    const at254 = `${'a'.repeat(64)}@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(57)}.com`;
    expect(at254).toHaveLength(254);
    expectOk(normalizeEmail(at254), at254);
    const at255 = `${'a'.repeat(64)}@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(58)}.com`;
    expectFail(normalizeEmail(at255), 'invalid_email');
  });

  it.each([
    [''],
    ['plainaddress'],
    ['@example.com'],
    ['user@'],
    ['user@example'],
    ['user@@example.com'],
    ['us@er@example.com'],
    ['user name@example.com'],
    ['user@exa mple.com'],
    ['.user@example.com'],
    ['user.@example.com'],
    ['us..er@example.com'],
    ['user@-example.com'],
    ['user@example-.com'],
    ['user@example..com'],
    ['user@example.c'],
    ['user@example.123'],
    ['علی@example.com'],
    [`${'a'.repeat(65)}@example.com`],
    ['user@example.com\n'.repeat(2)],
  ])('refuses %j', (raw) => expectFail(normalizeEmail(raw), 'invalid_email'));
});

describe('normalizeDate', () => {
  it.each([
    ['2026-01-31', '2026-01-31'],
    [' 2026-03-01 ', '2026-03-01'],
    ['2024-02-29', '2024-02-29'], // leap year
    ['2000-02-29', '2000-02-29'], // divisible by 400
    ['1900-01-01', '1900-01-01'],
    ['2100-12-31', '2100-12-31'],
    ['2026-04-30', '2026-04-30'],
  ])('accepts %j', (raw, value) => expectOk(normalizeDate(raw), value));

  it.each([
    [''],
    ['2026-02-30'],
    ['2026-02-29'], // not a leap year
    ['1900-02-29'], // divisible by 100, not by 400
    ['2026-04-31'],
    ['2026-13-01'],
    ['2026-00-10'],
    ['2026-01-00'],
    ['2026-01-32'],
    ['1899-12-31'],
    ['2101-01-01'],
    ['2026-1-5'],
    ['26-01-05'],
    ['05/01/2026'],
    ['2026/01/05'],
    ['20260105'],
    ['2026-01-05T00:00:00Z'],
    ['2026-01-05 10:00'],
    ['January 5, 2026'],
    ['٢٠٢٦-٠١-٠٥'],
  ])('refuses %j', (raw) => expectFail(normalizeDate(raw), 'invalid_date'));
});

describe('normalizeCategory', () => {
  it.each(CATEGORIES.map((c) => [c, c]))('accepts %j', (raw, value) =>
    expectOk(normalizeCategory(raw), value),
  );
  it.each([
    ['YOUTH', 'youth'],
    [' Professional ', 'professional'],
    ['Government_Official', 'government_official'],
    ['Government Official', 'government_official'],
    ['government-official', 'government_official'],
    ['Other', 'other'],
  ] as const)('accepts %j as %s', (raw, value) => expectOk(normalizeCategory(raw), value));
  it.each([[''], ['student'], ['govt'], ['government'], ['youths']])('refuses %j', (raw) =>
    expectFail(normalizeCategory(raw), 'invalid_category'),
  );
});

describe('normalizeEnrollmentStatus', () => {
  it.each(ENROLLMENT_STATUSES.map((s) => [s, s]))('accepts %j', (raw, value) =>
    expectOk(normalizeEnrollmentStatus(raw), value),
  );
  it.each([
    ['COMPLETED', 'completed'],
    [' Active ', 'active'],
    ['Dropped', 'dropped'],
    ['ENROLLED', 'enrolled'],
  ] as const)('accepts %j as %s', (raw, value) => expectOk(normalizeEnrollmentStatus(raw), value));
  it.each([[''], ['complete'], ['done'], ['drop out'], ['in progress'], ['valueOf']])(
    'refuses %j',
    (raw) => expectFail(normalizeEnrollmentStatus(raw), 'invalid_status'),
  );
});

describe('normalizeProgressPct', () => {
  it.each([
    ['0', 0],
    ['55', 55],
    [' 100 ', 100],
    ['007', 7],
    ['55.0', 55],
    ['100.00', 100],
    [0, 0],
    [-0, 0],
    [55, 55],
    [100, 100],
  ] as const)('accepts %j as %d', (raw, value) => expectOk(normalizeProgressPct(raw), value));

  it.each([
    [''],
    ['101'],
    ['-1'],
    ['55.5'],
    ['55.'],
    ['.5'],
    ['1e2'],
    ['+5'],
    ['55%'],
    ['fifty'],
    ['1000'],
    [101],
    [-1],
    [55.5],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
  ] as const)('refuses %j', (raw) => {
    expectFail(normalizeProgressPct(raw), 'invalid_progress');
  });
});

describe('normalizeText', () => {
  it.each([
    ['  hello  ', 'hello'],
    ['Lahore', 'Lahore'],
    ['لاہور', 'لاہور'],
    ['', ''],
    ['a\u00a0b', 'a\u00a0b'],
    ['x'.repeat(10), 'x'.repeat(10)],
    ['\tpad\r\n', 'pad'],
    ['😀'.repeat(10), '😀'.repeat(10)], // 10 characters though 20 UTF-16 units
  ])('accepts %j', (raw, value) => expectOk(normalizeText(raw, { maxLength: 10 }), value));

  it.each([
    ['a\tb'],
    ['a\nb'],
    ['a\r\nb'],
    ['a\u0000b'],
    ['a\u001bb'],
    ['a\u007fb'],
    ['a\u0085b'], // C1 next line
    ['a\u009fb'],
    ['a\u2028b'],
    ['\u0000'.repeat(20)], // control characters are reported before the length
  ])('refuses control characters in %j', (raw) =>
    expectFail(normalizeText(raw, { maxLength: 10 }), 'control_characters'),
  );

  it('refuses text longer than the limit, counting characters, and names the limit', () => {
    const result = normalizeText('x'.repeat(11), { maxLength: 10 });
    expect(result).toEqual({ ok: false, code: 'too_long', message: expect.stringContaining('10') });
    expect(normalizeText('😀'.repeat(11), { maxLength: 10 }).ok).toBe(false);
  });

  it('copes with a 10,000-character value', () => {
    const result = normalizeText('y'.repeat(10_000), { maxLength: 1000 });
    expect(result).toMatchObject({ ok: false, code: 'too_long' });
    if (!result.ok) expect(result.message.length).toBeLessThan(200);
  });

  it('refuses a value that is not a string', () => {
    expect(normalizeText(42 as unknown as string, { maxLength: 10 }).ok).toBe(false);
  });
});

describe('normalizeFullName', () => {
  it.each([
    ['Ayesha Khan', 'Ayesha Khan'],
    ['  Ayesha   Khan  ', 'Ayesha Khan'],
    ['محمد علی', 'محمد علی'],
    ['مُحَمَّد', 'مُحَمَّد'], // with diacritics (combining marks)
    ['فاطمہ\u200cبی بی', 'فاطمہ\u200cبی بی'], // zero-width non-joiner
    ["Muhammad O'Neil", "Muhammad O'Neil"],
    ['D’Souza', 'D’Souza'],
    ['Syed M. Ali-Shah', 'Syed M. Ali-Shah'],
    ['Zoë Ångström', 'Zoë Ångström'],
    ['Zoe\u0308', 'Zo\u00eb'], // normalized to NFC
    ['A', 'A'],
    ['a'.repeat(200), 'a'.repeat(200)],
    // The punctuation real records carry (API.md).
    ['Khan, Bilal', 'Khan, Bilal'],
    ['Ali Raza S/O Ahmed Raza', 'Ali Raza S/O Ahmed Raza'],
    ["D'Souza", "D'Souza"],
    ['Muhammad Ali (Jr.)', 'Muhammad Ali (Jr.)'],
    ['Syeda Fatima, Dr.', 'Syeda Fatima, Dr.'],
    ['Ali 2', 'Ali 2'],
    ['=cmd|calc', '=cmd|calc'], // stored as text; exports make it inert
  ])('accepts %j as %j', (raw, value) => expectOk(normalizeFullName(raw), value));

  it.each([
    [''],
    ['   '],
    ['...'],
    ["'-"],
    ['12345'],
    ['١٢٣'], // Arabic-Indic digits are not letters
    ['😀'],
    ['Ali\tKhan'], // control characters
    ['Ali\nKhan'],
    ['Ali\u0000Khan'],
    // Bidirectional embeddings, overrides and isolates: a name that displays as another.
    ['Ali\u202aKhan'],
    ['Ali\u202bKhan'],
    ['Ali\u202cKhan'],
    ['Ali\u202dKhan'],
    ['\u202enahK ilA'],
    ['Ali\u2066Khan\u2069'],
    ['Ali\u2067Khan'],
    ['Ali\u2068Khan'],
    ['Ali Khan\u2069'],
    // Unicode noncharacters, in the BMP and beyond, and a lone surrogate.
    ['Ali\ufffeKhan'],
    ['Ali\uffffKhan'],
    ['Ali\ufdd0Khan'],
    ['Ali\ufdefKhan'],
    ['Ali\u{1fffe}Khan'],
    ['Ali\u{10ffff}Khan'],
    ['Ali\ud800Khan'],
  ])('refuses %j', (raw) => expectFail(normalizeFullName(raw), 'invalid_name'));

  it.each([
    ['\u0645\u062d\u0645\u062f\u200d\u0639\u0644\u06cc'], // zero-width joiner
    ['\u0641\u0627\u0637\u0645\u06c1\u200c\u0628\u06cc'], // zero-width non-joiner
    ['Ali\ufdcfKhan'], // next to the noncharacter block, an ordinary character
    ['Ali\ufdf0Khan'],
  ])('keeps %j as it is', (raw) => expectOk(normalizeFullName(raw), raw));

  it('reports a name over 200 characters as too_long', () => {
    expect(normalizeFullName('a'.repeat(201))).toMatchObject({ ok: false, code: 'too_long' });
  });
});

describe('cnicGenderWarning', () => {
  it.each([
    ['3520212345670', 'female', false],
    ['3520212345672', 'female', false],
    ['3520212345678', 'female', false],
    ['3520212345671', 'male', false],
    ['3520212345679', 'male', false],
    ['3520212345671', 'female', true],
    ['3520212345675', 'female', true],
    ['3520212345670', 'male', true],
    ['3520212345674', 'male', true],
    ['3520212345670', 'transgender', false],
    ['3520212345671', 'transgender', false],
  ] as const)('%s with %s warns: %s', (cnic, gender: Gender, warns) => {
    const warning = cnicGenderWarning(cnic, gender);
    if (warns) {
      expect(warning).toEqual({ code: 'gender_cnic_mismatch', message: expect.any(String) });
      expect(warning?.message).not.toContain(cnic);
    } else {
      expect(warning).toBeNull();
    }
  });
});

describe('isAllowedTransition', () => {
  const R = 'roster';
  const C = 'coordinator';
  // [from, to, by roster, by coordinator]
  const table: [EnrollmentStatus, EnrollmentStatus, boolean, boolean][] = [
    ['enrolled', 'enrolled', true, true],
    ['enrolled', 'active', true, true],
    ['enrolled', 'completed', true, true],
    ['enrolled', 'dropped', true, true],
    ['active', 'active', true, true],
    ['active', 'completed', true, true],
    ['active', 'dropped', true, true],
    ['active', 'enrolled', true, true],
    ['completed', 'completed', true, true],
    ['completed', 'active', false, true],
    ['completed', 'enrolled', false, true],
    ['completed', 'dropped', false, false],
    ['dropped', 'dropped', true, true],
    ['dropped', 'enrolled', true, true],
    ['dropped', 'active', true, true],
    ['dropped', 'completed', true, true],
  ];

  it('covers every pair of statuses', () => {
    expect(table).toHaveLength(ENROLLMENT_STATUSES.length ** 2);
  });

  it.each(table)('%s -> %s: roster %s, coordinator %s', (from, to, roster, coordinator) => {
    expect(isAllowedTransition(from, to, R)).toBe(roster);
    expect(isAllowedTransition(from, to, C)).toBe(coordinator);
  });
});

describe('code patterns', () => {
  it.each([
    ['HUAWEI', true, true],
    ['HW-LHR-2026-01', true, true],
    ['A_1', true, true],
    ['AB', true, true],
    ['A', false, false],
    ['huawei', false, false],
    ['HW LHR', false, false],
    ['HW.LHR', false, false],
    ['A'.repeat(32), true, true],
    ['A'.repeat(33), false, true],
    ['A'.repeat(64), false, true],
    ['A'.repeat(65), false, false],
  ])('%s: partner %s, program/cohort %s', (code, partner, longer) => {
    expect(CODE_PATTERN.test(code)).toBe(partner);
    expect(PROGRAM_CODE_PATTERN.test(code)).toBe(longer);
    expect(COHORT_CODE_PATTERN.test(code)).toBe(longer);
  });
});

describe('idempotence: a normalized value normalizes to itself', () => {
  it.each([
    [normalizeCnic, '35202-1234567-1'],
    [normalizeGender, 'F'],
    [normalizeProvince, 'Khyber-Pakhtunkhwa'],
    [normalizePhone, '0300-1234567'],
    [normalizePhone, '(042) 3576 1234'],
    [normalizeEmail, ' A@B.PK '],
    [normalizeDate, ' 2026-01-01 '],
    [normalizeCategory, 'Government Official'],
    [normalizeEnrollmentStatus, 'Active'],
    [normalizeFullName, '  محمد   علی '],
  ] as [(raw: string) => RuleResult<unknown>, string][])('%p on %j', (rule, raw) => {
    const once = rule(raw);
    expect(once.ok).toBe(true);
    if (!once.ok) return;
    expect(rule(String(once.value))).toEqual(once);
  });
});

// The rules take a shortcut for printable ASCII (nearly every roster cell): it must answer
// exactly as the Unicode-aware path does, checked here against that path's definition on
// random ASCII text (a fixed seed, so a failure repeats).
describe('the printable-ASCII shortcut answers as the general rules do', () => {
  let seed = 20261203;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const asciiText = (max: number) => {
    const alphabet =
      " ,.()/'-aZ9 " + String.fromCharCode(...Array.from({ length: 95 }, (_, i) => 32 + i));
    let s = '';
    const n = Math.floor(random() * max);
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
    return s;
  };

  it('for names', () => {
    for (let i = 0; i < 5000; i++) {
      const raw = asciiText(i % 50 === 0 ? 260 : 40);
      const trimmed = raw.trim();
      const collapsed = trimmed.replace(/\s+/g, ' ').normalize('NFC');
      const expected =
        trimmed.length > 200
          ? { ok: false, code: 'too_long' }
          : /\p{L}/u.test(collapsed)
            ? { ok: true, value: collapsed }
            : { ok: false, code: 'invalid_name' };
      expect(normalizeFullName(raw)).toMatchObject(expected);
    }
  });

  it('for free text', () => {
    for (let i = 0; i < 5000; i++) {
      const raw = asciiText(i % 50 === 0 ? 140 : 40);
      const trimmed = raw.trim();
      const expected =
        trimmed.length > 100 ? { ok: false, code: 'too_long' } : { ok: true, value: trimmed };
      expect(normalizeText(raw, { maxLength: 100 })).toMatchObject(expected);
    }
  });

  it('for the last day of every month from 1900 to 2100 (leap years included)', () => {
    for (let year = 1900; year <= 2100; year++) {
      for (let month = 1; month <= 12; month++) {
        const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
        const date = (day: number) =>
          `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        expect(normalizeDate(date(last)).ok).toBe(true);
        expect(normalizeDate(date(last + 1)).ok).toBe(false);
      }
    }
  });
});
