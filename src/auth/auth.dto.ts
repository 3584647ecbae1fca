import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { NormaliseEmail } from '../common/transforms';
import { EVENT_ROLES, EventRole } from './event-role.entity';

export class LoginDto {
  @ApiProperty({ example: 'admin@example.org' })
  @NormaliseEmail()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class LoginResponse {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`' }) accessToken: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
}

export class GrantEventRoleDto {
  @ApiProperty({ example: 'rapporteur@example.org' })
  @NormaliseEmail()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ enum: EVENT_ROLES })
  @IsIn(EVENT_ROLES)
  role: EventRole;
}

export class EventRolesResponse {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: EVENT_ROLES, isArray: true }) roles: EventRole[];
}
