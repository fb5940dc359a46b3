import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { CODE_PATTERN } from '../../core/rules';
import { USER_ROLES, type UserRole } from './user.entity';

export class CreateUserDto {
  @ApiProperty({ example: 'coordinator@moitt.gov.pk' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 12, example: 'a-long-passphrase' })
  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters' })
  @MaxLength(200)
  password!: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES, { message: `role must be one of ${USER_ROLES.join(', ')}` })
  role!: UserRole;

  @ApiPropertyOptional({ type: [String], example: ['HUAWEI'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(CODE_PATTERN, { each: true, message: 'partnerCodes must be partner codes' })
  partnerCodes?: string[];
}

export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: USER_ROLES }) role!: UserRole;
  @ApiProperty({ type: [String] }) partnerCodes!: string[];
}
