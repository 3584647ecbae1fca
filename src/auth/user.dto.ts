import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { NormaliseEmail, Trim } from '../common/transforms';
import { IsNewPassword } from './password-rule';
import { User, USER_ROLES, UserRole } from './user.entity';

export class CreateUserDto {
  @ApiProperty({ example: 'rapporteur@example.org' })
  @NormaliseEmail()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email: string;

  @IsNewPassword()
  password: string;

  @ApiProperty({ example: 'Amina Rahman' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName: string;

  @ApiPropertyOptional({ enum: USER_ROLES, default: 'member' })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: USER_ROLES }) role: UserRole;
}

export function toUserResponse(user: User): UserResponse {
  return { id: user.id, email: user.email, fullName: user.fullName, role: user.role };
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the email or name, any case' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ description: 'true: the account cannot log in and its access tokens are refused; false: enabled again' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class AccountResponse extends UserResponse {
  @ApiProperty() disabled: boolean;
  @ApiProperty({ description: 'false for someone invited to a team who has not chosen a password yet' }) passwordSet: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AccountPage {
  @ApiProperty({ type: [AccountResponse] }) items: AccountResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export function toAccountResponse(user: User): AccountResponse {
  return {
    ...toUserResponse(user),
    disabled: user.disabledAt !== null,
    passwordSet: user.passwordHash !== null,
    createdAt: user.createdAt.toISOString(),
  };
}
