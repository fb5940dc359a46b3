// The trainee at the edge: every field goes through its rule from core/rules (normalize, then
// validate the normalized value), so the API accepts exactly what a roster accepts.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import {
  CATEGORIES,
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

const normalizeDistrict = (raw: string) => normalizeText(raw, { maxLength: TEXT_LIMITS.district });

const CNIC_DOC = '13 digits, written 35202-1234567-1 or 3520212345671; returned as 13 digits';
const GENDER_DOC = 'female, male, transgender (also F, M, X, any case); returned as the full word';
const PROVINCE_DOC = 'code or full name, any case; returned as the code';
const PHONE_DOC = 'Pakistani number (03001234567, +923001234567, 0092…); returned as E.164';

/** The optional fields, alike on create and update: `null` clears one (not `category`). */
class TraineeOptionalFields {
  @ApiPropertyOptional({ example: '2001-04-17', type: String, nullable: true })
  @IsOptional()
  @NormalizeWith(normalizeDate)
  @IsIsoDate()
  @IsBirthDate()
  dateOfBirth?: string | null;

  @ApiPropertyOptional({ enum: PROVINCE_CODES, nullable: true, description: PROVINCE_DOC })
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

export class ListTraineesQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'with or without dashes' })
  @IsOptional()
  @NormalizeWith(normalizeCnic)
  @IsCnic()
  cnic?: string;

  @ApiPropertyOptional({ description: PROVINCE_DOC })
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

export class FieldWarning {
  @ApiProperty({ example: 'gender' }) field!: string;
  @ApiProperty() message!: string;
}

export class TraineeView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '3520212345672' }) cnic!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: GENDERS }) gender!: string;
  @ApiProperty({ type: String, nullable: true }) dateOfBirth!: string | null;
  @ApiProperty({ enum: PROVINCE_CODES, nullable: true }) province!: string | null;
  @ApiProperty({ type: String, nullable: true }) district!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ enum: CATEGORIES }) category!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

/** POST and PATCH answers: the trainee, plus warnings (e.g. gender vs CNIC) when any apply. */
export class TraineeWriteView extends TraineeView {
  @ApiPropertyOptional({ type: [FieldWarning] }) warnings?: FieldWarning[];
}
