// The DTO decorators must accept and refuse exactly what the field rules do, with the rules'
// messages: checked here through plainToInstance + validate, the way the ValidationPipe runs them.
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsOptional, validate } from 'class-validator';
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
  normalizeProvince,
  normalizeText,
  tooLongMessage,
} from './field-rules';
import {
  IsCategory,
  IsCnic,
  IsEmailAddress,
  IsEnrollmentStatus,
  IsGender,
  IsIsoDate,
  IsPakPhone,
  IsPersonName,
  IsProgressPct,
  IsProvince,
  IsSafeText,
  NormalizeWith,
} from './rule-decorators';

class TraineeDto {
  @NormalizeWith(normalizeCnic) @IsCnic() cnic!: string;
  @NormalizeWith(normalizeFullName) @IsPersonName() fullName!: string;
  @NormalizeWith(normalizeGender) @IsGender() gender!: string;
  @IsOptional() @NormalizeWith(normalizeProvince) @IsProvince() province?: string;
  @IsOptional() @NormalizeWith(normalizePhone) @IsPakPhone() phone?: string;
  @IsOptional() @NormalizeWith(normalizeEmail) @IsEmailAddress() email?: string;
  @IsOptional() @NormalizeWith(normalizeDate) @IsIsoDate() dateOfBirth?: string;
  @IsOptional() @NormalizeWith(normalizeCategory) @IsCategory() category?: string;
  @IsOptional()
  @NormalizeWith((v) => normalizeText(v, { maxLength: 10 }))
  @IsSafeText(10)
  district?: string;
  @IsOptional()
  @NormalizeWith(normalizeEnrollmentStatus)
  @IsEnrollmentStatus()
  status?: string;
  @IsOptional() @IsProgressPct() progressPct?: number | string;
  @IsOptional() @NormalizeWith(normalizeDate) @IsIsoDate({ each: true }) dates?: string[];
}

const valid = { cnic: '3520212345672', fullName: 'Ayesha Khan', gender: 'female' };

async function errorsOf(plain: Record<string, unknown>): Promise<Record<string, string[]>> {
  const dto = plainToInstance(TraineeDto, plain);
  const errors = await validate(dto);
  return Object.fromEntries(errors.map((e) => [e.property, Object.values(e.constraints ?? {})]));
}

describe('rule decorators on a DTO', () => {
  it('normalizes every accepted form before validating it', async () => {
    const dto = plainToInstance(TraineeDto, {
      cnic: ' 35202-1234567-2 ',
      fullName: '  محمد   علی ',
      gender: 'F',
      province: 'Khyber-Pakhtunkhwa',
      phone: '0300-1234567',
      email: ' Ayesha@Example.PK ',
      dateOfBirth: ' 2001-04-17 ',
      category: 'Government Official',
      district: '  Lahore ',
      status: 'Completed',
      progressPct: 100,
      dates: [' 2026-01-01', '2026-02-01 '],
    });
    expect(await validate(dto)).toEqual([]);
    expect({ ...dto }).toEqual({
      cnic: '3520212345672',
      fullName: 'محمد علی',
      gender: 'female',
      province: 'KP',
      phone: '+923001234567',
      email: 'ayesha@example.pk',
      dateOfBirth: '2001-04-17',
      category: 'government_official',
      district: 'Lahore',
      status: 'completed',
      progressPct: 100,
      dates: ['2026-01-01', '2026-02-01'],
    });
  });

  it.each([
    ['cnic', '35202-1234567', RULE_MESSAGES.invalid_cnic],
    ['cnic', '35202-1234567-12', RULE_MESSAGES.invalid_cnic],
    ['cnic', 3520212345672, RULE_MESSAGES.invalid_cnic],
    ['cnic', null, RULE_MESSAGES.invalid_cnic],
    ['fullName', '12345', RULE_MESSAGES.invalid_name],
    ['fullName', 'Ali\nKhan', RULE_MESSAGES.invalid_name],
    ['fullName', 'a'.repeat(201), tooLongMessage(200)],
    ['fullName', ['Ali'], RULE_MESSAGES.invalid_name],
    ['gender', 'woman', RULE_MESSAGES.invalid_gender],
    ['province', 'Lahore', RULE_MESSAGES.invalid_province],
    ['phone', '0300123456', RULE_MESSAGES.invalid_phone],
    ['phone', 3001234567, RULE_MESSAGES.invalid_phone],
    ['email', 'ayesha@', RULE_MESSAGES.invalid_email],
    ['dateOfBirth', '2026-02-30', RULE_MESSAGES.invalid_date],
    ['dateOfBirth', '17/04/2001', RULE_MESSAGES.invalid_date],
    ['category', 'student', RULE_MESSAGES.invalid_category],
    ['district', 'Dera Ghazi Khan', tooLongMessage(10)],
    ['district', 'La\thore', RULE_MESSAGES.control_characters],
    ['district', 42, RULE_MESSAGES.not_text],
    ['status', 'done', RULE_MESSAGES.invalid_status],
    ['progressPct', 101, RULE_MESSAGES.invalid_progress],
    ['progressPct', 55.5, RULE_MESSAGES.invalid_progress],
    ['progressPct', '55.5', RULE_MESSAGES.invalid_progress],
    ['progressPct', true, RULE_MESSAGES.invalid_progress],
    ['dates', ['2026-01-01', '2026-13-01'], RULE_MESSAGES.invalid_date],
  ])('refuses %s = %j with the rule message', async (field, value, message) => {
    const errors = await errorsOf({ ...valid, [field]: value });
    expect(errors).toEqual({ [field]: [message] });
  });

  it.each([
    ['progressPct', '55'],
    ['progressPct', 0],
    ['phone', '+92 42 3576 1234'],
    ['province', 'ajk'],
    ['gender', 'x'],
  ])('accepts %s = %j', async (field, value) => {
    expect(await errorsOf({ ...valid, [field]: value })).toEqual({});
  });

  it('lets optional fields be absent and requires the others', async () => {
    expect(await errorsOf(valid)).toEqual({});
    expect(Object.keys(await errorsOf({}))).toEqual(['cnic', 'fullName', 'gender']);
  });

  it('never echoes the refused value in a message', async () => {
    const errors = await errorsOf({
      cnic: '35202-9999999',
      fullName: 'Secret 123',
      gender: 'secretgender',
      phone: '0399999999',
      email: 'secret@',
      dateOfBirth: '1999-99-99',
    });
    const messages = Object.values(errors).flat().join('\n');
    for (const secret of ['9999999', 'Secret', 'secretgender', '0399999999', 'secret@', '99-99']) {
      expect(messages).not.toContain(secret);
    }
  });
});

describe('NormalizeWith', () => {
  class Plain {
    @NormalizeWith(normalizeCnic) cnic?: unknown;
  }

  it.each([
    ['35202-1234567-1', '3520212345671'],
    ['not a cnic', 'not a cnic'], // left as is, so the validator fails with the right message
    [3520212345671, 3520212345671], // non-strings pass through
    [null, null],
    [
      ['35202-1234567-1', 'bad'],
      ['3520212345671', 'bad'],
    ],
  ])('turns %j into %j', (input, output) => {
    expect(plainToInstance(Plain, { cnic: input }).cnic).toEqual(output);
  });
});
