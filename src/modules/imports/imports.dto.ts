import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import { CODE_PATTERN } from '../../core/rules';

/** The states an import passes through: queued, processing, then one of the last three. */
export const IMPORT_STATUSES = [
  'queued',
  'processing',
  'completed',
  'failed',
  'cancelled',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

export class UploadQueryDto {
  @ApiPropertyOptional({ description: 'Validate and count without applying anything' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;

  @ApiPropertyOptional({ description: 'Apply nothing if any row is bad' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'atomic must be true or false' })
  atomic?: boolean;

  @ApiPropertyOptional({ description: 'Partner code (coordinators and admins only)' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'partner must be a partner code' })
  partner?: string;
}

export class ListImportsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: IMPORT_STATUSES })
  @IsOptional()
  @IsIn(IMPORT_STATUSES)
  status?: string;

  @ApiPropertyOptional({ description: 'Partner code' })
  @IsOptional()
  @Matches(CODE_PATTERN)
  partner?: string;
}

export class DuplicateOfView {
  @ApiProperty({ format: 'uuid', description: 'The earlier import of the same bytes' })
  importId!: string;
  @ApiProperty() message!: string;
}

export class ImportView {
  @ApiProperty() id!: string;
  @ApiProperty() partnerCode!: string;
  @ApiProperty({ enum: IMPORT_STATUSES }) status!: ImportStatus;
  @ApiProperty({ nullable: true, type: String }) filename!: string | null;
  @ApiProperty({ nullable: true, type: Number }) totalRows!: number | null;
  @ApiProperty() processedRows!: number;
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() warnings!: number;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiPropertyOptional() failureReason?: string;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty() atomic!: boolean;
  @ApiProperty() format!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ nullable: true, type: String }) sha256!: string | null;
  @ApiProperty() cancelRequested!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the dry run this import was applied from (POST /imports/{id}/apply)',
  })
  appliedFrom?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'a dry run already applied: the import applied from it',
  })
  appliedAs?: string;
  @ApiPropertyOptional({
    type: DuplicateOfView,
    description: 'Set when the same bytes were imported before',
  })
  duplicateOf?: DuplicateOfView;
  @ApiPropertyOptional({
    description:
      'Upload answers only: set when the upload is stored but the job queue did not confirm it in time; it is queued automatically once the queue answers',
  })
  notice?: string;
}
