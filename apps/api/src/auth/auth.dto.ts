import { ArrayMaxSize, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '@lib/contracts';

/** Body of `POST /auth/login`. */
export class LoginDto {
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password!: string;

  /** The six-digit code of the second factor, when the account has one. */
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'a one-time code is six digits' })
  totpCode?: string;
}

/** Body of `POST /auth/refresh`. */
export class RefreshDto {
  @IsString()
  @Matches(/^slr_[A-Za-z0-9_-]{20,100}$/, { message: 'not a refresh token' })
  refreshToken!: string;
}

/** Body of `POST /auth/password`. */
export class ChangePasswordDto {
  @IsString()
  @MaxLength(128)
  currentPassword!: string;

  @IsString()
  @MaxLength(256)
  newPassword!: string;
}

/** Body of `POST /auth/totp/confirm`. */
export class TotpCodeDto {
  @Matches(/^\d{6}$/, { message: 'a one-time code is six digits' })
  code!: string;
}

/** Body of `POST /auth/totp/disable`. */
export class PasswordDto {
  @IsString()
  @MaxLength(128)
  password!: string;
}

/** Body of `POST /accounts`: a business account for one person. */
export class CreateAccountDto {
  @IsString()
  @MaxLength(64)
  username!: string;

  @IsString()
  @MaxLength(256)
  password!: string;

  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message: 'ids are 1–64 letters, digits, dots, dashes or underscores',
  })
  personId!: string;
}

/** Body of `PUT /people/:personId/roles`. */
export class PersonRolesDto {
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}
