// Certifications at the edge. The partner is never sent: it follows from the program.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
} from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import {
  CODE_PATTERN,
  IsIsoDate,
  IsNotFutureDate,
  IsSafeText,
  NormalizeWith,
  COHORT_CODE_PATTERN,
  PROGRAM_CODE_PATTERN,
  TEXT_LIMITS,
  normalizeDate,
  normalizeText,
  OptionalNotNull,
  trim,
} from '../../core/rules';

const normalizeName = (raw: string) =>
  normalizeText(raw, { maxLength: TEXT_LIMITS.certificationName });
const normalizeNumber = (raw: string) =>
  normalizeText(raw, { maxLength: TEXT_LIMITS.certificateNumber });
const PROGRAM_CODE_MESSAGE = 'programCode must be a program code (2–64 of A–Z, 0–9, _ or -)';

export class CreateCertificationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'traineeId must be a trainee id (a UUID)' })
  traineeId!: string;

  @ApiProperty({ example: 'HW-AI-2026', description: 'the trainee must be enrolled in it' })
  @Transform(trim)
  @IsString({ message: PROGRAM_CODE_MESSAGE })
  @Matches(PROGRAM_CODE_PATTERN, { message: PROGRAM_CODE_MESSAGE })
  programCode!: string;

  @ApiProperty({ example: 'HCIA-AI', maxLength: TEXT_LIMITS.certificationName })
  @NormalizeWith(normalizeName)
  @IsSafeText(TEXT_LIMITS.certificationName)
  @IsNotEmpty({ message: 'name must not be empty' })
  name!: string;

  @ApiProperty({ example: 'HW-2026-000123', description: "unique within the program's partner" })
  @NormalizeWith(normalizeNumber)
  @IsSafeText(TEXT_LIMITS.certificateNumber)
  @IsNotEmpty({ message: 'certificateNumber must not be empty' })
  certificateNumber!: string;

  @ApiProperty({ example: '2026-06-30' })
  @NormalizeWith(normalizeDate)
  @IsIsoDate()
  @IsNotFutureDate()
  issuedOn!: string;

  @ApiPropertyOptional({ example: '2029-06-30', type: String, nullable: true })
  @IsOptional()
  @NormalizeWith(normalizeDate)
  @IsIsoDate()
  expiresOn?: string | null;
}

export class UpdateCertificationDto {
  @ApiPropertyOptional({ example: 'HCIA-AI' })
  @OptionalNotNull()
  @NormalizeWith(normalizeName)
  @IsSafeText(TEXT_LIMITS.certificationName)
  @IsNotEmpty({ message: 'name must not be empty' })
  name?: string;

  @ApiPropertyOptional({ example: 'HW-2026-000123' })
  @OptionalNotNull()
  @NormalizeWith(normalizeNumber)
  @IsSafeText(TEXT_LIMITS.certificateNumber)
  @IsNotEmpty({ message: 'certificateNumber must not be empty' })
  certificateNumber?: string;

  @ApiPropertyOptional({ example: '2026-06-30' })
  @OptionalNotNull()
  @NormalizeWith(normalizeDate)
  @IsIsoDate()
  @IsNotFutureDate()
  issuedOn?: string;

  @ApiPropertyOptional({ example: '2029-06-30', type: String, nullable: true })
  @IsOptional()
  @NormalizeWith(normalizeDate)
  @IsIsoDate()
  expiresOn?: string | null;

  @ApiPropertyOptional({
    description: 'true revokes the certificate (same as POST /:id/revoke); a revocation is final',
  })
  @OptionalNotNull()
  @IsBoolean({ message: 'revoked must be true or false' })
  revoked?: boolean;
}

export class ListCertificationsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'traineeId must be a UUID' })
  traineeId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(PROGRAM_CODE_PATTERN, { message: PROGRAM_CODE_MESSAGE })
  programCode?: string;

  @ApiPropertyOptional({
    description:
      "certificates of the trainees enrolled in this cohort, in the cohort's program (a cohort's roster)",
  })
  @IsOptional()
  @Matches(COHORT_CODE_PATTERN, { message: 'cohortCode must be a cohort code' })
  cohortCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'partnerCode must be a partner code' })
  partnerCode?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'revoked must be true or false' })
  revoked?: 'true' | 'false';
}

export class CertificationView {
  @ApiProperty() id!: string;
  @ApiProperty() traineeId!: string;
  @ApiProperty() programId!: string;
  @ApiProperty() programCode!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty() partnerCode!: string;
  @ApiProperty({ example: 'HCIA-AI' }) name!: string;
  @ApiProperty() certificateNumber!: string;
  @ApiProperty({ example: '2026-06-30' }) issuedOn!: string;
  @ApiProperty({ type: String, nullable: true }) expiresOn!: string | null;
  @ApiProperty({ description: 'for GET /api/v1/certifications/verify/{verificationCode}' })
  verificationCode!: string;
  @ApiProperty({ type: String, nullable: true }) revokedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

/** The public answer: nothing that identifies the holder beyond initials and surname. */
export class CertificateVerificationView {
  @ApiProperty({ description: 'not revoked and not expired' }) valid!: boolean;
  @ApiProperty({ example: 'A. S. Khan', description: 'initials and surname' }) name!: string;
  @ApiProperty({ example: 'HCIA-AI' }) certification!: string;
  @ApiProperty() programName!: string;
  @ApiProperty() partnerName!: string;
  @ApiProperty({ example: '2026-06-30' }) issuedOn!: string;
  @ApiProperty({ type: String, nullable: true }) expiresOn!: string | null;
  @ApiProperty() revoked!: boolean;
}
