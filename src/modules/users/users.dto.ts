import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import { CODE_PATTERN, OptionalNotNull } from '../../core/rules';
import { USER_ROLES, type UserRole } from './user.entity';

const PASSWORD_RULE = 'at least 12 characters';

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
  @MinLength(12, { message: `password must be ${PASSWORD_RULE}` })
  @MaxLength(200)
  password!: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES, { message: `role must be one of ${USER_ROLES.join(', ')}` })
  role!: UserRole;

  @ApiPropertyOptional({
    type: [String],
    example: ['HUAWEI'],
    description: 'a coordinator: the partners it covers (none = all); a partner user: exactly one',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(CODE_PATTERN, { each: true, message: 'partnerCodes must be partner codes' })
  partnerCodes?: string[];
}

/** An admin's change to an account; absent fields stay as they are. */
export class UpdateUserDto {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @OptionalNotNull()
  @IsIn(USER_ROLES, { message: `role must be one of ${USER_ROLES.join(', ')}` })
  role?: UserRole;

  @ApiPropertyOptional({ type: [String], example: ['HUAWEI'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(CODE_PATTERN, { each: true, message: 'partnerCodes must be partner codes' })
  partnerCodes?: string[];

  @ApiPropertyOptional({ description: 'true disables the user at once; false enables it again' })
  @OptionalNotNull()
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;

  @ApiPropertyOptional({ minLength: 12, description: 'a password reset: every session ends' })
  @OptionalNotNull()
  @IsString()
  @MinLength(12, { message: `password must be ${PASSWORD_RULE}` })
  @MaxLength(200)
  password?: string;
}

export class ListUsersQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES, { message: `role must be one of ${USER_ROLES.join(', ')}` })
  role?: UserRole;

  @ApiPropertyOptional({
    description: 'users whose email contains this text (any case)',
    example: 'khan',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'email must be at most 200 characters' })
  email?: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({ minLength: 12 })
  @IsString()
  @MinLength(12, { message: `newPassword must be ${PASSWORD_RULE}` })
  @MaxLength(200)
  newPassword!: string;
}

export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: USER_ROLES }) role!: UserRole;
  @ApiProperty({ type: [String] }) partnerCodes!: string[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) disabledAt!: string | null;
}

export class UserPage {
  @ApiProperty({ type: [UserView] }) items!: UserView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

/** The caller: a user, or `{role: 'partner', partnerCode}` for an API key. */
export class MeView {
  @ApiPropertyOptional() id?: string;
  @ApiPropertyOptional() email?: string;
  @ApiProperty({ enum: USER_ROLES }) role!: UserRole;
  @ApiPropertyOptional({ type: [String] }) partnerCodes?: string[];
  @ApiPropertyOptional({ description: 'for an API key' }) partnerCode?: string;
}
