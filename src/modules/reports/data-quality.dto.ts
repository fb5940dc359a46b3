// The data-quality report's query and answer (API.md > Data quality): counts only, never
// personal data.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { CODE_PATTERN } from '../../core/rules';
import { REPORT_FORMATS, type ReportFormat } from './reports.dto';

const upperCode = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

export class DataQualityQuery {
  @ApiPropertyOptional({ description: 'Only this partner (within what the caller may see)' })
  @IsOptional()
  @Transform(upperCode)
  @IsString()
  @Matches(CODE_PATTERN, { message: 'partner must be a partner code' })
  partner?: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;
}

export class ProblemCountView {
  @ApiProperty({ example: 'invalid_cnic' }) code!: string;
  @ApiProperty() count!: number;
}

export class MissingFieldsView {
  @ApiProperty({ description: "The partner's trainees with no date of birth" })
  dateOfBirth!: number;
  @ApiProperty() province!: number;
  @ApiProperty() district!: number;
  @ApiProperty({ description: 'Trainees for whom this partner supplied no phone' })
  phone!: number;
}

export class DataQualityItemView {
  @ApiProperty({ example: 'HUAWEI' }) partnerCode!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'When its last completed (not dry-run) import finished',
  })
  lastImportAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Whole days since then, counted in UTC days',
  })
  daysSinceLastImport!: number | null;
  @ApiProperty({
    description: 'No completed import, or the last one older than STALE_AFTER_DAYS',
  })
  stale!: boolean;
  @ApiProperty({ description: 'Imports (not dry runs) finished in the last 30 days' })
  imports30d!: number;
  @ApiProperty({ description: 'Rows those imports read' }) rows30d!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Rejected rows / rows × 100 (1 decimal); null without rows',
  })
  rejectedPct30d!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Rows with at least one warning / rows × 100 (1 decimal); null without rows',
  })
  warningsPct30d!: number | null;
  @ApiProperty({
    type: [ProblemCountView],
    description: 'The five most frequent problem codes in those imports (errors and warnings)',
  })
  topProblems!: ProblemCountView[];
  @ApiProperty({ description: 'Identity conflicts of this partner still open' })
  openIdentityConflicts!: number;
  @ApiProperty({ type: MissingFieldsView }) missing!: MissingFieldsView;
  @ApiProperty({ description: "The partner's trainees also enrolled with another partner" })
  sharedTrainees!: number;
}

export class DataQualityReportView {
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'When the oldest of these rows was last recomputed (null: none computed yet); a partner with nothing imported or enrolled since shows zeros',
  })
  asOf!: string | null;
  @ApiProperty({ type: [DataQualityItemView] }) items!: DataQualityItemView[];
}
