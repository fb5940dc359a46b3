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
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import {
  isWeakPassword,
  PASSWORD_MIN_LENGTH,
  WEAK_PASSWORD_MESSAGE,
} from '../../core/auth/password-policy';
import { PageQueryDto } from '../../core/http/pagination';
import { CODE_PATTERN, OptionalNotNull } from '../../core/rules';
import { USER_ROLES, type UserRole } from './user.entity';

const PASSWORD_RULE = `at least ${PASSWORD_MIN_LENGTH} characters`;
const PASSWORD_DESCRIPTION = `${PASSWORD_RULE}, not only spaces, not one of the commonly used passwords (weak_password)`;

/** Refuses whitespace-only and commonly used passwords (see core/auth/password-policy). */
function IsNotWeakPassword(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotWeakPassword',
      validator: {
        // Other validators report a non-string or a short one; this judges the rest.
        validate: async (value: unknown) =>
          typeof value !== 'string' ||
          value.length < PASSWORD_MIN_LENGTH ||
          !(await isWeakPassword(value)),
        defaultMessage: (args) => `${args?.property ?? 'password'} ${WEAK_PASSWORD_MESSAGE}`,
      },
    },
    options,
  );
}

export class CreateUserDto {
  @ApiProperty({ example: 'coordinator@moitt.gov.pk' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    example: 'a-long-passphrase',
    description: PASSWORD_DESCRIPTION,
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `password must be ${PASSWORD_RULE}` })
  @MaxLength(200)
  @IsNotWeakPassword()
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

  @ApiPropertyOptional({
    minLength: PASSWORD_MIN_LENGTH,
    description: `a password reset: every session ends; ${PASSWORD_DESCRIPTION}`,
  })
  @OptionalNotNull()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `password must be ${PASSWORD_RULE}` })
  @MaxLength(200)
  @IsNotWeakPassword()
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

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, description: PASSWORD_DESCRIPTION })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `newPassword must be ${PASSWORD_RULE}` })
  @MaxLength(200)
  @IsNotWeakPassword()
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
