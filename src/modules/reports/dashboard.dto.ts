// The dashboard's figures in one answer (one round trip instead of ten): the same views as
// the targets, national, timeseries and data-quality reports, under one set of filters.
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { PROGRAM_CODE_PATTERN } from '../../core/rules';
import { DataQualityItemView } from './data-quality.dto';
import {
  NationalReportView,
  TargetRowView,
  TargetsQuery,
  TimeseriesPointView,
} from './reports.dto';

const upperCode = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

export const DASHBOARD_FORMATS = ['json', 'xlsx'] as const;

export class DashboardQuery extends OmitType(TargetsQuery, ['groupBy', 'format'] as const) {
  @ApiPropertyOptional({
    description:
      'The program whose completions over time to include (default: the program filter, else the largest target)',
  })
  @IsOptional()
  @Transform(upperCode)
  @IsString()
  @Matches(PROGRAM_CODE_PATTERN, { message: 'series must be a program code' })
  series?: string;

  @ApiPropertyOptional({
    enum: DASHBOARD_FORMATS,
    default: 'json',
    description: 'xlsx: the whole view as one workbook, a sheet per breakdown',
  })
  @IsOptional()
  @IsIn(DASHBOARD_FORMATS, { message: 'format must be one of json, xlsx' })
  format?: (typeof DASHBOARD_FORMATS)[number];
}

export class DashboardPartnerView {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}

export class DashboardProgramView {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() partnerCode!: string;
  @ApiProperty() target!: number;
  @ApiProperty({ example: '2026-01-01' }) startsOn!: string;
  @ApiProperty({ example: '2027-12-31' }) endsOn!: string;
}

export class DashboardSeriesView {
  @ApiProperty() program!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '2026-01-01' }) startsOn!: string;
  @ApiProperty({ example: '2027-12-31' }) endsOn!: string;
  @ApiProperty() target!: number;
  @ApiProperty({
    type: [TimeseriesPointView],
    description: 'Cumulative completions per day from the start to today (or the end)',
  })
  points!: TimeseriesPointView[];
}

export class DashboardView {
  @ApiProperty({ nullable: true, type: String, description: 'The latest recompute shown' })
  asOf!: string | null;
  @ApiProperty({
    nullable: true,
    type: [DashboardPartnerView],
    description: 'The partners the caller is limited to (null: every partner)',
  })
  scopePartners!: DashboardPartnerView[] | null;
  @ApiProperty({
    nullable: true,
    type: NationalReportView,
    description:
      'Totals over the caller’s scope; they do not follow the filters (null for a partner)',
  })
  national!: NationalReportView | null;
  @ApiProperty({ type: [TargetRowView] }) partners!: TargetRowView[];
  @ApiProperty({ type: [TargetRowView] }) programs!: TargetRowView[];
  @ApiProperty({ type: [TargetRowView] }) province!: TargetRowView[];
  @ApiProperty({ type: [TargetRowView] }) gender!: TargetRowView[];
  @ApiProperty({ type: [TargetRowView] }) track!: TargetRowView[];
  @ApiProperty({ type: [TargetRowView] }) month!: TargetRowView[];
  @ApiProperty({ type: [DataQualityItemView] }) dataQuality!: DataQualityItemView[];
  @ApiProperty({
    type: [DashboardProgramView],
    description: 'The programs in view with their dates (program picker, weeks left)',
  })
  programList!: DashboardProgramView[];
  @ApiProperty({ nullable: true, type: DashboardSeriesView }) series!: DashboardSeriesView | null;
}
