// Enrollments at the edge. The program and partner are never sent: they follow from the cohort.
import { provinceInput } from '../../core/http/api-docs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
} from 'class-validator';
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

  @ApiPropertyOptional(provinceInput(" (the trainee's)"))
  @IsOptional()
  @NormalizeWith(normalizeProvince)
  @IsProvince()
  province?: ProvinceCode;
}

export class EnrollmentTraineeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Ayesha Siddiqa Khan' }) fullName!: string;
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
  @ApiPropertyOptional({
    type: EnrollmentTraineeView,
    description: 'on list items, for callers who may see the trainee',
  })
  trainee?: EnrollmentTraineeView;
}

/** The most enrollments one bulk change may name: a cohort page's selection, bounded. */
export const BULK_MAX_IDS = 1000;

export class BulkUpdateEnrollmentsDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: BULK_MAX_IDS,
    uniqueItems: true,
    description:
      "enrollment ids of this cohort; others are refused (as 'not an enrollment of this cohort')",
  })
  @IsArray({ message: 'ids must be a list of enrollment ids' })
  @ArrayMinSize(1, { message: 'ids must name at least one enrollment' })
  @ArrayMaxSize(BULK_MAX_IDS, { message: `ids may name at most ${BULK_MAX_IDS} enrollments` })
  @ArrayUnique({ message: 'ids must not repeat an id' })
  @IsUUID('all', { each: true, message: 'each of ids must be an enrollment id (a UUID)' })
  ids!: string[];

  @ApiProperty({ enum: ENROLLMENT_STATUSES })
  @NormalizeWith(normalizeEnrollmentStatus)
  @IsEnrollmentStatus()
  status!: EnrollmentStatus;

  @ApiPropertyOptional({
    example: '2026-06-30',
    description: 'with status completed: the completion date (default: kept, or today)',
  })
  @OptionalNotNull()
  @NormalizeWith(normalizeDate)
  @IsIsoDate()
  @IsNotFutureDate()
  completedOn?: string;
}

export class BulkRefusal {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'an enrollment cannot move from completed to dropped' })
  reason!: string;
}

export class BulkUpdateEnrollmentsView {
  @ApiProperty({ description: 'enrollments changed' }) updated!: number;
  @ApiProperty({ description: 'enrollments already in that state' }) unchanged!: number;
  @ApiProperty({ type: [BulkRefusal], description: 'ids not changed, each with why' })
  refused!: BulkRefusal[];
}
