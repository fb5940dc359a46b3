import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import { CODE_PATTERN } from '../../core/rules';

export const CONFLICT_STATUSES = ['open', 'resolved'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];
export const KEEP_CHOICES = ['record', 'supplied'] as const;

export class ListIdentityConflictsQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Partner code' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'partner must be a partner code' })
  partner?: string;

  @ApiPropertyOptional({ enum: CONFLICT_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(CONFLICT_STATUSES, { message: 'status must be open or resolved' })
  status?: ConflictStatus;
}

export class ResolveIdentityConflictDto {
  @ApiProperty({
    enum: KEEP_CHOICES,
    description: 'record: the national record stays; supplied: the partner’s values become it',
  })
  @IsIn(KEEP_CHOICES, { message: 'keep must be record or supplied' })
  keep!: (typeof KEEP_CHOICES)[number];
}

/** A trainee's identity fields, as the record holds them or as a partner supplied them. */
export class IdentityValuesView {
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: ['female', 'male', 'transgender'] }) gender!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) dateOfBirth!: string | null;
  @ApiProperty({ type: String, nullable: true }) province!: string | null;
  @ApiProperty({ type: String, nullable: true }) district!: string | null;
  @ApiProperty({ type: String, nullable: true }) category!: string | null;
}

export class IdentityConflictView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) traineeId!: string;
  @ApiProperty() partnerCode!: string;
  @ApiProperty({
    type: [String],
    description: 'the identity fields in which the supplied values differ from the record',
    example: ['fullName'],
  })
  columns!: string[];
  @ApiProperty({ type: IdentityValuesView }) supplied!: IdentityValuesView;
  @ApiProperty({ type: IdentityValuesView }) record!: IdentityValuesView;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) importId!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the roster line it came from' })
  line!: number | null;
  @ApiProperty({ description: 'when these values were last supplied' }) at!: string;
  @ApiProperty({ enum: CONFLICT_STATUSES }) status!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['record', 'supplied', 'agreed'],
    description: 'agreed: a later roster row matched the record',
  })
  resolution!: string | null;
  @ApiProperty({ type: String, nullable: true }) resolvedAt!: string | null;
}
