import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import {
  CODE_PATTERN,
  IsSafeText,
  NormalizeWith,
  normalizeText,
  PARTNER_KINDS,
  trim,
} from '../../core/rules';

export class CreatePartnerDto {
  @ApiProperty({ example: 'HUAWEI', pattern: CODE_PATTERN.source })
  @Transform(trim)
  @IsString()
  @Matches(CODE_PATTERN, { message: 'code must be 2–32 of A–Z, 0–9, _ or -' })
  code!: string;

  @ApiProperty({ example: 'Huawei Technologies Pakistan' })
  @IsSafeText(200)
  name!: string;

  @ApiProperty({ enum: PARTNER_KINDS })
  @IsIn(PARTNER_KINDS, { message: `kind must be one of ${PARTNER_KINDS.join(', ')}` })
  kind!: string;
}

export class UpdatePartnerDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsSafeText(200)
  name?: string;

  @ApiPropertyOptional({ enum: PARTNER_KINDS })
  @IsOptional()
  @IsIn(PARTNER_KINDS, { message: `kind must be one of ${PARTNER_KINDS.join(', ')}` })
  kind?: string;
}

export class ListPartnersQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: PARTNER_KINDS })
  @IsOptional()
  @IsIn(PARTNER_KINDS)
  kind?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(CODE_PATTERN)
  code?: string;
}

export class PartnerView {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: PARTNER_KINDS }) kind!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

const normalizeLabel = (raw: string) => normalizeText(raw, { maxLength: 100 });

export class CreateApiKeyDto {
  @ApiPropertyOptional({
    example: 'nightly roster sync',
    maxLength: 100,
    description: 'what the key is for, shown in the list',
  })
  @IsOptional()
  @NormalizeWith(normalizeLabel)
  @IsSafeText(100)
  label?: string;
}

export class ApiKeyView {
  @ApiProperty() id!: string;
  @ApiProperty() prefix!: string;
  @ApiProperty({ type: String, nullable: true, example: 'nightly roster sync' })
  label!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
}

export class CreatedApiKeyView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Shown in this answer only' }) key!: string;
  @ApiProperty() prefix!: string;
  @ApiProperty({ type: String, nullable: true }) label!: string | null;
  @ApiProperty() createdAt!: string;
}
