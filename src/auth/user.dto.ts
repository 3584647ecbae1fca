import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NormaliseEmail, Trim } from '../common/transforms';
import { User, USER_ROLES, UserRole } from './user.entity';

export class CreateUserDto {
  @ApiProperty({ example: 'rapporteur@example.org' })
  @NormaliseEmail()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ minLength: 10, maxLength: 200 })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
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
