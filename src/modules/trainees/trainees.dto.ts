// The trainee at the edge: every field goes through its rule from core/rules (normalize, then
// validate the normalized value), so the API accepts exactly what a roster accepts.
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, ValidateBy, type ValidationArguments } from 'class-validator';
import { provinceInput } from '../../core/http/api-docs';
import { PageQueryDto } from '../../core/http/pagination';
import {
  CATEGORIES,
  CODE_PATTERN,
  COHORT_CODE_PATTERN,
  ENROLLMENT_STATUSES,
  IsEnrollmentStatus,
  normalizeEnrollmentStatus,
  PROGRAM_CODE_PATTERN,
  type EnrollmentStatus,
  GENDERS,
  IsBirthDate,
  IsCategory,
  IsCnic,
  IsEmailAddress,
  IsGender,
  IsIsoDate,
  IsPakPhone,
  IsPersonName,
  IsProvince,
  IsSafeText,
  NormalizeWith,
  PROVINCE_CODES,
  TEXT_LIMITS,
  normalizeCategory,
  normalizeCnic,
  normalizeDate,
  normalizeEmail,
  normalizeFullName,
  normalizeGender,
  normalizePhone,
  normalizeProvince,
  normalizeText,
  type Category,
  type Gender,
  type ProvinceCode,
  OptionalNotNull,
} from '../../core/rules';
import { parseTraineeSearch, SEARCH_MIN_LENGTH } from './trainee-search';

const normalizeDistrict = (raw: string) => normalizeText(raw, { maxLength: TEXT_LIMITS.district });

const CNIC_DOC = '13 digits, written 35202-1234567-1 or 3520212345671; returned as 13 digits';
const GENDER_DOC = 'female, male, transgender (also F, M, X, any case); returned as the full word';
const PHONE_DOC = 'Pakistani number (03001234567, +923001234567, 0092…); returned as E.164';

/** The optional fields, alike on create and update: `null` clears one (not `category`). */
class TraineeOptionalFields {
  @ApiPropertyOptional({ example: '2001-04-17', type: String, nullable: true })
  @IsOptional()
  @NormalizeWith(normalizeDate)
  @IsIsoDate()
  @IsBirthDate()
  dateOfBirth?: string | null;

  @ApiPropertyOptional({ ...provinceInput(), nullable: true })
  @IsOptional()
  @NormalizeWith(normalizeProvince)
  @IsProvince()
  province?: ProvinceCode | null;

  @ApiPropertyOptional({ example: 'Lahore', type: String, nullable: true })
  @IsOptional()
  @NormalizeWith(normalizeDistrict)
  @IsSafeText(TEXT_LIMITS.district)
  district?: string | null;

  @ApiPropertyOptional({ example: 'ayesha@example.pk', type: String, nullable: true })
  @IsOptional()
  @NormalizeWith(normalizeEmail)
  @IsEmailAddress()
  email?: string | null;

  @ApiPropertyOptional({
    example: '+923001234567',
    type: String,
    nullable: true,
    description: PHONE_DOC,
  })
  @IsOptional()
  @NormalizeWith(normalizePhone)
  @IsPakPhone()
  phone?: string | null;

  @ApiPropertyOptional({ enum: CATEGORIES, default: 'youth' })
  @OptionalNotNull()
  @NormalizeWith(normalizeCategory)
  @IsCategory()
  category?: Category;

  @ApiPropertyOptional({
    example: 'HUAWEI',
    description:
      "whose contact `email`/`phone` are (contacts are kept per partner). Default: the coordinator's partner when it has exactly one, else a contact supplied by staff",
  })
  @OptionalNotNull()
  @Matches(CODE_PATTERN, { message: 'contactPartnerCode must be a partner code' })
  contactPartnerCode?: string;
}

export class CreateTraineeDto extends TraineeOptionalFields {
  @ApiProperty({ example: '35202-1234567-2', description: CNIC_DOC })
  @NormalizeWith(normalizeCnic)
  @IsCnic()
  cnic!: string;

  @ApiProperty({ example: 'Ayesha Siddiqa Khan', maxLength: TEXT_LIMITS.fullName })
  @NormalizeWith(normalizeFullName)
  @IsPersonName()
  fullName!: string;

  @ApiProperty({ enum: GENDERS, description: GENDER_DOC })
  @NormalizeWith(normalizeGender)
  @IsGender()
  gender!: Gender;
}

/** Every field optional; `null` clears an optional field and is refused for a required one. */
export class UpdateTraineeDto extends TraineeOptionalFields {
  @ApiPropertyOptional({ example: '35202-1234567-2', description: CNIC_DOC })
  @OptionalNotNull()
  @NormalizeWith(normalizeCnic)
  @IsCnic()
  cnic?: string;

  @ApiPropertyOptional({ example: 'Ayesha Siddiqa Khan', maxLength: TEXT_LIMITS.fullName })
  @OptionalNotNull()
  @NormalizeWith(normalizeFullName)
  @IsPersonName()
  fullName?: string;

  @ApiPropertyOptional({ enum: GENDERS, description: GENDER_DOC })
  @OptionalNotNull()
  @NormalizeWith(normalizeGender)
  @IsGender()
  gender?: Gender;
}

/** The trainee filters, shared by the list and the export. */
export class TraineeFilters {
  @ApiPropertyOptional({ description: 'with or without dashes' })
  @IsOptional()
  @NormalizeWith(normalizeCnic)
  @IsCnic()
  cnic?: string;

  @ApiPropertyOptional(provinceInput())
  @IsOptional()
  @NormalizeWith(normalizeProvince)
  @IsProvince()
  province?: ProvinceCode;

  @ApiPropertyOptional({ description: GENDER_DOC })
  @IsOptional()
  @NormalizeWith(normalizeGender)
  @IsGender()
  gender?: Gender;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @NormalizeWith(normalizeCategory)
  @IsCategory()
  category?: Category;
}

/** `?q=`: refused at the edge exactly as the service would read it (see trainee-search). */
function IsTraineeSearch(): PropertyDecorator {
  return ValidateBy({
    name: 'isTraineeSearch',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && parseTraineeSearch(value).kind !== 'invalid',
      defaultMessage: (args?: ValidationArguments) => {
        const value: unknown = args?.value;
        const parsed = typeof value === 'string' ? parseTraineeSearch(value) : null;
        return parsed?.kind === 'invalid' ? parsed.message : 'q must be text';
      },
    },
  });
}

export class ListTraineesQuery extends IntersectionType(PageQueryDto, TraineeFilters) {
  @ApiPropertyOptional({
    minLength: SEARCH_MIN_LENGTH,
    maxLength: TEXT_LIMITS.fullName,
    example: 'Siddiqa',
    description:
      'Part of a name (any part, any case, any script, e.g. `ayesha`, `علی`), or the first digits of a CNIC (dashes allowed, e.g. `35202-12`): at least 3 characters',
  })
  @IsOptional()
  @IsTraineeSearch()
  q?: string;

  @ApiPropertyOptional({ description: 'only trainees enrolled in this program' })
  @IsOptional()
  @Matches(PROGRAM_CODE_PATTERN, { message: 'programCode must be a program code' })
  programCode?: string;

  @ApiPropertyOptional({ description: 'only trainees enrolled in this cohort' })
  @IsOptional()
  @Matches(COHORT_CODE_PATTERN, { message: 'cohortCode must be a cohort code' })
  cohortCode?: string;
}

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;

export class ExportTraineesQuery extends TraineeFilters {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS, { message: 'format must be csv or xlsx' })
  format?: (typeof EXPORT_FORMATS)[number];

  @ApiPropertyOptional({ description: 'only enrollments in this program (one row per trainee)' })
  @IsOptional()
  @Matches(PROGRAM_CODE_PATTERN, { message: 'programCode must be a program code' })
  programCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(COHORT_CODE_PATTERN, { message: 'cohortCode must be a cohort code' })
  cohortCode?: string;

  @ApiPropertyOptional({ enum: ENROLLMENT_STATUSES })
  @IsOptional()
  @NormalizeWith(normalizeEnrollmentStatus)
  @IsEnrollmentStatus()
  status?: EnrollmentStatus;
}

export class FieldWarning {
  @ApiProperty({ example: 'gender' }) field!: string;
  @ApiProperty() message!: string;
}

export class TraineeContactView {
  @ApiProperty({ type: String, nullable: true, description: 'null: supplied by staff' })
  partnerCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty() updatedAt!: string;
}

export class TraineeView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '3520212345672' }) cnic!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: GENDERS }) gender!: string;
  @ApiProperty({ type: String, nullable: true }) dateOfBirth!: string | null;
  @ApiProperty({ enum: PROVINCE_CODES, nullable: true }) province!: string | null;
  @ApiProperty({ type: String, nullable: true }) district!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'a partner reads the contact it supplied; staff the most recently supplied one they may see',
  })
  email!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ enum: CATEGORIES }) category!: string;
  @ApiPropertyOptional({
    type: [TraineeContactView],
    description: "coordinators (their partners' contacts) and admins (all) only",
  })
  contacts?: TraineeContactView[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

/** POST and PATCH answers: the trainee, plus warnings (e.g. gender vs CNIC) when any apply. */
export class TraineeWriteView extends TraineeView {
  @ApiPropertyOptional({ type: [FieldWarning] }) warnings?: FieldWarning[];
}
