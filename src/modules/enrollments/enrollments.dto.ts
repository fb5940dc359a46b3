// Enrollments at the edge. The program and partner are never sent: they follow from the cohort.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import {
  CODE_PATTERN,
  COHORT_CODE_PATTERN,
  ENROLLMENT_STATUSES,
  IsEnrollmentStatus,
  IsIsoDate,
  IsNotFutureDate,
  IsProgressPct,
  IsProvince,
  IsSafeText,
  NormalizeWith,
  PROGRAM_CODE_PATTERN,
  PROVINCE_CODES,
  TEXT_LIMITS,
  normalizeDate,
  normalizeEnrollmentStatus,
  normalizeProgressPct,
  normalizeProvince,
  normalizeText,
  type EnrollmentStatus,
  type ProvinceCode,
  OptionalNotNull,
  trim,
} from '../../core/rules';

const normalizeExternalId = (raw: string) =>
  normalizeText(raw, { maxLength: TEXT_LIMITS.externalId });
const COHORT_CODE_MESSAGE = 'cohortCode must be a cohort code (2–64 of A–Z, 0–9, _ or -)';

export class CreateEnrollmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'traineeId must be a trainee id (a UUID)' })
  traineeId!: string;

  @ApiProperty({ example: 'HW-LHR-2026-01', description: 'the program and partner follow from it' })
  @Transform(trim)
  @IsString({ message: COHORT_CODE_MESSAGE })
  @Matches(COHORT_CODE_PATTERN, { message: COHORT_CODE_MESSAGE })
  cohortCode!: string;

  @ApiPropertyOptional({
    type: String,
    description: "the partner's own id for the enrollment",
    nullable: true,
  })
  @IsOptional()
  @NormalizeWith(normalizeExternalId)
  @IsSafeText(TEXT_LIMITS.externalId)
  externalId?: string | null;

  @ApiPropertyOptional({ enum: ENROLLMENT_STATUSES, default: 'enrolled' })
  @OptionalNotNull()
  @NormalizeWith(normalizeEnrollmentStatus)
  @IsEnrollmentStatus()
  status?: EnrollmentStatus;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 100,
    default: 0,
    description: 'completed implies 100',
  })
  @OptionalNotNull()
  @NormalizeWith(normalizeProgressPct)
  @IsProgressPct()
  progressPct?: number;

  @ApiPropertyOptional({ example: '2026-02-01', description: 'default: today (UTC)' })
  @OptionalNotNull()
  @NormalizeWith(normalizeDate)
  @IsIsoDate()
  enrolledOn?: string;

  @ApiPropertyOptional({
    example: '2026-06-30',
    nullable: true,
    description: 'only with status completed; default: today (UTC)',
  })
  @IsOptional()
  @NormalizeWith(normalizeDate)
  @IsIsoDate()
  @IsNotFutureDate()
  completedOn?: string | null;
}

export class UpdateEnrollmentDto {
  @ApiPropertyOptional({ description: 'another cohort of the same program' })
  @OptionalNotNull()
  @Transform(trim)
  @IsString({ message: COHORT_CODE_MESSAGE })
  @Matches(COHORT_CODE_PATTERN, { message: COHORT_CODE_MESSAGE })
  cohortCode?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @IsOptional()
  @NormalizeWith(normalizeExternalId)
  @IsSafeText(TEXT_LIMITS.externalId)
  externalId?: string | null;

  @ApiPropertyOptional({ enum: ENROLLMENT_STATUSES })
  @OptionalNotNull()
  @NormalizeWith(normalizeEnrollmentStatus)
  @IsEnrollmentStatus()
  status?: EnrollmentStatus;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @OptionalNotNull()
  @NormalizeWith(normalizeProgressPct)
  @IsProgressPct()
  progressPct?: number;

  @ApiPropertyOptional({ example: '2026-02-01' })
  @OptionalNotNull()
  @NormalizeWith(normalizeDate)
  @IsIsoDate()
  enrolledOn?: string;

  @ApiPropertyOptional({ example: '2026-06-30', nullable: true })
  @IsOptional()
  @NormalizeWith(normalizeDate)
  @IsIsoDate()
  @IsNotFutureDate()
  completedOn?: string | null;
}

export class ListEnrollmentsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'traineeId must be a UUID' })
  traineeId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(COHORT_CODE_PATTERN, { message: COHORT_CODE_MESSAGE })
  cohortCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(PROGRAM_CODE_PATTERN, { message: 'programCode must be a program code' })
  programCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'partnerCode must be a partner code' })
  partnerCode?: string;

  @ApiPropertyOptional({ enum: ENROLLMENT_STATUSES })
  @IsOptional()
  @NormalizeWith(normalizeEnrollmentStatus)
  @IsEnrollmentStatus()
  status?: EnrollmentStatus;

  @ApiPropertyOptional({ enum: PROVINCE_CODES, description: "the trainee's province" })
  @IsOptional()
  @NormalizeWith(normalizeProvince)
  @IsProvince()
  province?: ProvinceCode;
}

export class EnrollmentView {
  @ApiProperty() id!: string;
  @ApiProperty() traineeId!: string;
  @ApiProperty() cohortId!: string;
  @ApiProperty() cohortCode!: string;
  @ApiProperty() programId!: string;
  @ApiProperty() programCode!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty() partnerCode!: string;
  @ApiProperty({ type: String, nullable: true }) externalId!: string | null;
  @ApiProperty({ enum: ENROLLMENT_STATUSES }) status!: string;
  @ApiProperty() progressPct!: number;
  @ApiProperty({ example: '2026-02-01' }) enrolledOn!: string;
  @ApiProperty({ type: String, nullable: true }) completedOn!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
