// Request and response shapes of /api/v1/cohorts. `code` and `programCode` are immutable (the
// partners' rosters name cohorts by code, and a cohort's enrollments belong to its program), so
// they are absent from UpdateCohortDto and a PATCH carrying them is refused (400).
import { provinceInput } from '../../core/http/api-docs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import {
  CODE_PATTERN,
  COHORT_CODE_PATTERN,
  COHORT_MODES,
  IsProvince,
  NormalizeWith,
  PROGRAM_CODE_PATTERN,
  PROVINCE_CODES,
  TEXT_LIMITS,
  normalizeProvince,
  type CohortMode,
  type ProvinceCode,
} from '../../core/rules';
import {
  IsoDate,
  OptionalNotNull,
  PG_INT_MAX,
  TrimCode,
  TrimmedText,
} from '../programs/dto-helpers';

export const COHORT_CODE_MESSAGE = 'code must be 2–64 of A–Z, 0–9, _ or -';
const MODE_MESSAGE = `mode must be one of ${COHORT_MODES.join(', ')}`;
const PLACE_MAX = 200;

export class CreateCohortDto {
  @ApiProperty({ example: 'HW-LHR-2026-01', pattern: COHORT_CODE_PATTERN.source })
  @TrimCode()
  @IsString()
  @Matches(COHORT_CODE_PATTERN, { message: COHORT_CODE_MESSAGE })
  code!: string;

  @ApiProperty({ example: 'HW-ICT-2026' })
  @TrimCode()
  @IsString()
  @Matches(PROGRAM_CODE_PATTERN, { message: 'programCode must be a program code' })
  programCode!: string;

  @ApiProperty({ example: 'Lahore AI cohort 1' })
  @TrimmedText(TEXT_LIMITS.name)
  name!: string;

  @ApiProperty({ example: 'AI', description: "one of the program's tracks, when it lists any" })
  @TrimmedText(TEXT_LIMITS.track)
  track!: string;

  @ApiPropertyOptional({ example: 'UET Lahore', nullable: true, type: String })
  @IsOptional()
  @TrimmedText(PLACE_MAX)
  trainingCentre?: string | null;

  @ApiPropertyOptional({ example: 'Lahore', nullable: true, type: String })
  @IsOptional()
  @TrimmedText(PLACE_MAX)
  city?: string | null;

  @ApiPropertyOptional({ ...provinceInput(), nullable: true })
  @IsOptional()
  @NormalizeWith(normalizeProvince)
  @IsProvince()
  province?: ProvinceCode | null;

  @ApiPropertyOptional({ enum: COHORT_MODES, default: 'onsite' })
  @OptionalNotNull()
  @IsIn(COHORT_MODES, { message: MODE_MESSAGE })
  mode?: CohortMode;

  @ApiPropertyOptional({ example: '2026-02-01', nullable: true, type: String })
  @IsOptional()
  @IsoDate()
  startsOn?: string | null;

  @ApiPropertyOptional({ example: '2026-06-30', nullable: true, type: String })
  @IsOptional()
  @IsoDate()
  endsOn?: string | null;

  @ApiPropertyOptional({ minimum: 1, example: 500, nullable: true, type: Number })
  @IsOptional()
  @IsInt({ message: 'capacity must be a whole number' })
  @Min(1, { message: 'capacity must be at least 1' })
  @Max(PG_INT_MAX)
  capacity?: number | null;
}

/** Every field optional; `null` clears the optional ones. */
export class UpdateCohortDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @TrimmedText(TEXT_LIMITS.name)
  name?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @TrimmedText(TEXT_LIMITS.track)
  track?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @TrimmedText(PLACE_MAX)
  trainingCentre?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @TrimmedText(PLACE_MAX)
  city?: string | null;

  @ApiPropertyOptional({ ...provinceInput(), nullable: true })
  @IsOptional()
  @NormalizeWith(normalizeProvince)
  @IsProvince()
  province?: ProvinceCode | null;

  @ApiPropertyOptional({ enum: COHORT_MODES })
  @OptionalNotNull()
  @IsIn(COHORT_MODES, { message: MODE_MESSAGE })
  mode?: CohortMode;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsoDate()
  startsOn?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsoDate()
  endsOn?: string | null;

  @ApiPropertyOptional({ minimum: 1, nullable: true, type: Number })
  @IsOptional()
  @IsInt({ message: 'capacity must be a whole number' })
  @Min(1, { message: 'capacity must be at least 1' })
  @Max(PG_INT_MAX)
  capacity?: number | null;
}

export class ListCohortsQuery extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(PROGRAM_CODE_PATTERN, { message: 'programCode must be a program code' })
  programCode?: string;

  @ApiPropertyOptional({ description: 'partner code' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'partnerCode must be a partner code' })
  partnerCode?: string;

  @ApiPropertyOptional({ description: 'partner code (same as partnerCode)' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'partner must be a partner code' })
  partner?: string;

  @ApiPropertyOptional(provinceInput())
  @IsOptional()
  @NormalizeWith(normalizeProvince)
  @IsProvince()
  province?: ProvinceCode;

  @ApiPropertyOptional({ description: 'track, any case' })
  @IsOptional()
  @TrimmedText(TEXT_LIMITS.track)
  track?: string;

  @ApiPropertyOptional({ enum: COHORT_MODES })
  @IsOptional()
  @IsIn(COHORT_MODES, { message: MODE_MESSAGE })
  mode?: CohortMode;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(COHORT_CODE_PATTERN, { message: COHORT_CODE_MESSAGE })
  code?: string;
}

export class CohortView {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() programId!: string;
  @ApiProperty() programCode!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty() partnerCode!: string;
  @ApiProperty() name!: string;
  @ApiProperty() track!: string;
  @ApiProperty({ nullable: true, type: String }) trainingCentre!: string | null;
  @ApiProperty({ nullable: true, type: String }) city!: string | null;
  @ApiProperty({ enum: PROVINCE_CODES, nullable: true }) province!: string | null;
  @ApiProperty({ enum: COHORT_MODES }) mode!: string;
  @ApiProperty({ nullable: true, type: String }) startsOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) endsOn!: string | null;
  @ApiProperty({ nullable: true, type: Number }) capacity!: number | null;
  @ApiProperty({ description: 'enrollments in this cohort, any status' }) enrolledCount!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
