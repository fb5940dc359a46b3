import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';

export const AUDIT_ENTITIES = [
  'user',
  'partner',
  'apiKey',
  'webhook',
  'program',
  'cohort',
  'trainee',
  'enrollment',
  'certification',
  'import',
] as const;

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'the id of a user or an API key' })
  @IsOptional()
  @IsUUID('all', { message: 'actor must be the id of a user or an API key' })
  actor?: string;

  @ApiPropertyOptional({ example: 'updated', description: 'created, updated, deleted, revoked…' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(/^[a-z_]+$/, { message: 'action must be a lower-case word' })
  action?: string;

  @ApiPropertyOptional({ enum: AUDIT_ENTITIES })
  @IsOptional()
  @IsIn(AUDIT_ENTITIES, { message: `entity must be one of ${AUDIT_ENTITIES.join(', ')}` })
  entity?: string;

  @ApiPropertyOptional({ description: 'from this instant (or day), inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or timestamp' })
  from?: string;

  @ApiPropertyOptional({ description: 'to this instant, exclusive; a day includes that day' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or timestamp' })
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

export class AuditActorView {
  @ApiProperty({ enum: ['user', 'apiKey', 'system'] }) type!: string;
  @ApiProperty({ type: String, nullable: true }) id!: string | null;
  @ApiProperty({ type: String, nullable: true }) label!: string | null;
}

/** A field's value as stored: any JSON value (a name, a count, a flag, a list of tracks). */
const CHANGE_VALUE = {
  description: 'only for fields without personal data',
  nullable: true,
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: {} },
    { type: 'object' },
  ],
};

export class AuditChangeView {
  @ApiProperty() field!: string;
  @ApiPropertyOptional(CHANGE_VALUE) old?: unknown;
  @ApiPropertyOptional(CHANGE_VALUE) new?: unknown;
}

export class AuditEventView {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: AuditActorView }) actor!: AuditActorView;
  @ApiProperty() action!: string;
  @ApiProperty() entity!: string;
  @ApiProperty({ type: String, nullable: true }) entityId!: string | null;
  @ApiProperty({ type: [AuditChangeView] }) changes!: AuditChangeView[];
}

export class AuditPage {
  @ApiProperty({ type: [AuditEventView] }) items!: AuditEventView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
