import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NormaliseEmail, Trim } from '../common/transforms';
import { EVENT_ROLES, EventRole } from './event-role.entity';
import { IsNewPassword } from './password-rule';

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

  @ApiPropertyOptional({
    default: false,
    description:
      'If no account has the email, create one (a member, without password) and mail a team invitation with a link to choose a password; also mails a new link to an account still without one',
  })
  @IsOptional()
  @IsBoolean()
  invite?: boolean;

  @ApiPropertyOptional({ example: 'Amina Rahman', description: 'The name of an account created by `invite`' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName?: string;
}

export class EventRolesResponse {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: EVENT_ROLES, isArray: true }) roles: EventRole[];
  @ApiPropertyOptional({ description: 'Present when `invite` was sent: whether a team invitation was mailed' }) invitationSent?: boolean;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'rapporteur@example.org' })
  @NormaliseEmail()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email: string;
}

export class AcceptedResponse {
  @ApiProperty({ example: 'If an account has this email, a link to choose a new password is on its way' }) message: string;
}

/** A token from a set-password link (`…/console/password/reset/<token>`, `…/console/invitations/<token>`). */
class AccountLinkDto {
  @ApiProperty({ description: 'The token at the end of the link in the mail' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  token: string;
}

export class PasswordResetDto extends AccountLinkDto {
  @IsNewPassword()
  password: string;
}

export class AcceptInvitationDto extends AccountLinkDto {
  @IsNewPassword()
  password: string;

  @ApiPropertyOptional({ example: 'Amina Rahman', description: 'Your name as the team sees it; kept as it is when missing' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName?: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword: string;

  @IsNewPassword()
  newPassword: string;
}

export class TeamMemberResponse {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty({ description: 'Empty for someone invited who has not given a name yet' }) fullName: string;
  @ApiProperty({ enum: EVENT_ROLES, isArray: true }) roles: EventRole[];
  @ApiProperty({ description: 'Invited by email and has not chosen a password yet' }) invitationPending: boolean;
}
