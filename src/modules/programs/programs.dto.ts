// Request and response shapes of /api/v1/programs. Create and update are separate classes on
// purpose: `code` and `partnerCode` are not in UpdateProgramDto, so the global
// forbidNonWhitelisted pipe refuses them in a PATCH (400) instead of silently ignoring them.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import {
  CODE_PATTERN,
  PROGRAM_CODE_PATTERN,
  PROGRAM_STATUSES,
  TARGET_DIMENSIONS,
  TEXT_LIMITS,
  type ProgramStatus,
  type TargetDimension,
} from '../../core/rules';
import { IsoDate, OptionalNotNull, PG_INT_MAX, TrimCode, TrimmedText } from './dto-helpers';

export const PROGRAM_CODE_MESSAGE = 'code must be 2–64 of A–Z, 0–9, _ or -';
const MAX_TRACKS = 50;
const MAX_TARGETS = 200;

const uniqueTrack = (t: unknown): unknown => (typeof t === 'string' ? t.trim().toLowerCase() : t);

export class ProgramTargetDto {
  @ApiProperty({ enum: TARGET_DIMENSIONS })
  @IsIn(TARGET_DIMENSIONS, { message: `dimension must be one of ${TARGET_DIMENSIONS.join(', ')}` })
  dimension!: TargetDimension;

  @ApiProperty({
    example: 'female',
    description: 'a gender, a province (code or name) or one of the program tracks',
  })
  @TrimmedText(100)
  key!: string;

  @ApiProperty({ minimum: 1, example: 90000 })
  @IsInt({ message: 'target must be a whole number' })
  @Min(1, { message: 'target must be at least 1' })
  @Max(PG_INT_MAX)
  target!: number;
}

export class CreateProgramDto {
  @ApiProperty({ example: 'HW-ICT-2026', pattern: PROGRAM_CODE_PATTERN.source })
  @TrimCode()
  @IsString()
  @Matches(PROGRAM_CODE_PATTERN, { message: PROGRAM_CODE_MESSAGE })
  code!: string;

  @ApiProperty({ example: 'Huawei ICT Skills 2026' })
  @TrimmedText(TEXT_LIMITS.name)
  name!: string;

  @ApiProperty({ example: 'HUAWEI' })
  @TrimCode()
  @IsString()
  @Matches(CODE_PATTERN, { message: 'partnerCode must be a partner code' })
  partnerCode!: string;

  @ApiProperty({ minimum: 1, example: 300000 })
  @IsInt({ message: 'targetTrainees must be a whole number' })
  @Min(1, { message: 'targetTrainees must be at least 1' })
  @Max(PG_INT_MAX)
  targetTrainees!: number;

  @ApiPropertyOptional({ type: [ProgramTargetDto] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_TARGETS)
  @ValidateNested({ each: true })
  @Type(() => ProgramTargetDto)
  targets?: ProgramTargetDto[];

  @ApiPropertyOptional({ type: [String], example: ['AI', 'Cloud', 'Cybersecurity'], default: [] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_TRACKS)
  @TrimmedText(TEXT_LIMITS.track, true)
  @ArrayUnique(uniqueTrack, { message: 'tracks must not repeat a track' })
  tracks?: string[];

  @ApiProperty({ example: '2026-01-01' })
  @IsoDate()
  startsOn!: string;

  @ApiProperty({ example: '2027-12-31' })
  @IsoDate()
  endsOn!: string;

  @ApiPropertyOptional({ enum: PROGRAM_STATUSES, default: 'draft' })
  @OptionalNotNull()
  @IsIn(PROGRAM_STATUSES, { message: `status must be one of ${PROGRAM_STATUSES.join(', ')}` })
  status?: ProgramStatus;
}

/** Every field optional; code and partner are immutable and therefore absent. */
export class UpdateProgramDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @TrimmedText(TEXT_LIMITS.name)
  name?: string;

  @ApiPropertyOptional({ minimum: 1 })
  @OptionalNotNull()
  @IsInt({ message: 'targetTrainees must be a whole number' })
  @Min(1, { message: 'targetTrainees must be at least 1' })
  @Max(PG_INT_MAX)
  targetTrainees?: number;

  @ApiPropertyOptional({ type: [ProgramTargetDto], description: 'replaces every sub-target' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_TARGETS)
  @ValidateNested({ each: true })
  @Type(() => ProgramTargetDto)
  targets?: ProgramTargetDto[];

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_TRACKS)
  @TrimmedText(TEXT_LIMITS.track, true)
  @ArrayUnique(uniqueTrack, { message: 'tracks must not repeat a track' })
  tracks?: string[];

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsoDate()
  startsOn?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsoDate()
  endsOn?: string;

  @ApiPropertyOptional({ enum: PROGRAM_STATUSES })
  @OptionalNotNull()
  @IsIn(PROGRAM_STATUSES, { message: `status must be one of ${PROGRAM_STATUSES.join(', ')}` })
  status?: ProgramStatus;
}

export class ListProgramsQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'partner code' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'partner must be a partner code' })
  partner?: string;

  @ApiPropertyOptional({ description: 'partner code (same as partner)' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'partnerCode must be a partner code' })
  partnerCode?: string;

  @ApiPropertyOptional({ enum: PROGRAM_STATUSES })
  @IsOptional()
  @IsIn(PROGRAM_STATUSES, { message: `status must be one of ${PROGRAM_STATUSES.join(', ')}` })
  status?: ProgramStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(PROGRAM_CODE_PATTERN, { message: PROGRAM_CODE_MESSAGE })
  code?: string;
}

export class ProgramTargetView {
  @ApiProperty({ enum: TARGET_DIMENSIONS }) dimension!: TargetDimension;
  @ApiProperty() key!: string;
  @ApiProperty() target!: number;
}

export class ProgramView {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty() partnerCode!: string;
  @ApiProperty() targetTrainees!: number;
  @ApiProperty({ type: [ProgramTargetView] }) targets!: ProgramTargetView[];
  @ApiProperty({ type: [String] }) tracks!: string[];
  @ApiProperty({ example: '2026-01-01' }) startsOn!: string;
  @ApiProperty({ example: '2027-12-31' }) endsOn!: string;
  @ApiProperty({ enum: PROGRAM_STATUSES }) status!: ProgramStatus;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
