import { provinceInput } from '../../core/http/api-docs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import {
  CODE_PATTERN,
  normalizeProvince,
  PROGRAM_CODE_PATTERN,
  PROVINCE_CODES,
} from '../../core/rules';
import type { Pace } from './pace';
import { GROUP_BYS, type GroupBy, UNKNOWN_PROVINCE } from './report-rows';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const TIMESERIES_METRICS = ['completed', 'enrolled', 'certified'] as const;
export type TimeseriesMetric = (typeof TIMESERIES_METRICS)[number];

const PROVINCE_FILTERS = [...PROVINCE_CODES, UNKNOWN_PROVINCE];

/** Codes are upper case; accept them in any case. */
const upperCode = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

/** A province code or name (any case, as in rosters), or 'unknown' (no province given). */
const provinceFilter = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  if (value.trim().toLowerCase() === UNKNOWN_PROVINCE) return UNKNOWN_PROVINCE;
  const r = normalizeProvince(value);
  return r.ok ? r.value : value;
};

export class TargetsQuery {
  @ApiPropertyOptional({ enum: GROUP_BYS, default: 'program' })
  @IsOptional()
  @IsIn(GROUP_BYS, { message: `groupBy must be one of ${GROUP_BYS.join(', ')}` })
  groupBy?: GroupBy;

  @ApiPropertyOptional({ description: 'Partner code', example: 'HUAWEI' })
  @IsOptional()
  @Transform(upperCode)
  @IsString()
  @Matches(CODE_PATTERN, { message: 'partner must be a partner code' })
  partner?: string;

  @ApiPropertyOptional({ description: 'Program code' })
  @IsOptional()
  @Transform(upperCode)
  @IsString()
  @Matches(PROGRAM_CODE_PATTERN, { message: 'program must be a program code' })
  program?: string;

  @ApiPropertyOptional(provinceInput(", or 'unknown' (no province given)"))
  @IsOptional()
  @Transform(provinceFilter)
  @IsIn(PROVINCE_FILTERS, {
    message: `province must be one of ${PROVINCE_FILTERS.join(', ')} (or a province name)`,
  })
  province?: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;
}

export class TimeseriesQuery {
  @ApiProperty({ description: 'Program code' })
  @Transform(upperCode)
  @IsString()
  @Matches(PROGRAM_CODE_PATTERN, { message: 'program must be a program code' })
  program!: string;

  @ApiPropertyOptional({ enum: TIMESERIES_METRICS, default: 'completed' })
  @IsOptional()
  @IsIn(TIMESERIES_METRICS, { message: `metric must be one of ${TIMESERIES_METRICS.join(', ')}` })
  metric?: TimeseriesMetric;
}

export class TargetRowView {
  @ApiProperty({
    description: 'Program/partner/cohort code, province code, gender, track, YYYY-MM',
  })
  key!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ nullable: true, type: Number }) target!: number | null;
  @ApiProperty({ description: 'Trainees with an enrollment in any status' }) enrolled!: number;
  @ApiProperty({ description: 'Status enrolled or active' }) active!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() dropped!: number;
  @ApiProperty({ description: 'Holding a certification of the program, not revoked' })
  certified!: number;
  @ApiProperty({ description: 'Enrolled women' }) female!: number;
  @ApiProperty({ nullable: true, type: Number }) completionPct!: number | null;
  @ApiProperty({ nullable: true, type: Number }) enrollmentPct!: number | null;
  @ApiProperty({ nullable: true, type: Number }) expectedCompletedByNow!: number | null;
  @ApiProperty({ nullable: true, enum: ['ahead', 'on_track', 'behind', 'not_started'] })
  pace!: Pace | null;
  @ApiProperty({ nullable: true, type: Number }) projectedAtEnd!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'groupBy=partner only' })
  lastImportAt?: string | null;
}

export class TargetsReportView {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'When the figures were last recomputed',
  })
  asOf!: string | null;
  @ApiProperty({ enum: GROUP_BYS }) groupBy!: GroupBy;
  @ApiProperty({ type: [TargetRowView] }) rows!: TargetRowView[];
}

export class NationalFiguresView {
  @ApiProperty() enrolled!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() certified!: number;
  @ApiProperty() female!: number;
}

export class NationalReportView {
  @ApiProperty({ nullable: true, type: String }) asOf!: string | null;
  @ApiProperty({
    type: NationalFiguresView,
    description: 'A trainee with several partners counts once',
  })
  unique!: NationalFiguresView;
  @ApiProperty({ type: NationalFiguresView, description: "Σ of each partner's distinct trainees" })
  sumOverPartners!: NationalFiguresView;
  @ApiProperty({ description: 'Trainees enrolled with more than one partner' })
  sharedTrainees!: number;
}

export class TimeseriesPointView {
  @ApiProperty({ example: '2026-03-01' }) date!: string;
  @ApiProperty() value!: number;
  @ApiProperty({ description: 'The linear target line: round(target × elapsed fraction)' })
  target!: number;
}

export class TimeseriesView {
  @ApiProperty() program!: string;
  @ApiProperty({ enum: TIMESERIES_METRICS }) metric!: TimeseriesMetric;
  @ApiProperty({ type: [TimeseriesPointView] }) points!: TimeseriesPointView[];
}
