import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { NormaliseEmail, Trim } from '../common/transforms';

/** Most recipients one request may carry (larger lists: several requests). */
export const MAX_RECIPIENTS_PER_REQUEST = 10_000;
/** Room for MAX_RECIPIENTS_PER_REQUEST recipients with long names. */
export const INVITATIONS_BODY_LIMIT_BYTES = 16 * 1024 * 1024;
export const INVITATION_TEMPLATES = ['invitation'] as const;

/** An optional name: any script, but no line break or control character (it ends up in mail headers). */
const PersonName = () =>
  applyDecorators(
    IsOptional(),
    Trim(),
    IsString(),
    MaxLength(200),
    Matches(/^[^\p{Cc}\u2028\u2029]*$/u, { message: 'must not contain line breaks or control characters' }),
  );

export class InvitationRecipientDto {
  @ApiProperty({ example: 'amina.rahman@example.org' })
  @NormaliseEmail()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email: string;

  @ApiPropertyOptional({ example: 'Amina' })
  @PersonName()
  givenName?: string;

  @ApiPropertyOptional({ example: 'Rahman' })
  @PersonName()
  familyName?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A delegation of the event: the invitee who registers with the invitation joins it, counted against its quota.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  delegationId?: string;

  @ApiPropertyOptional({
    default: false,
    description:
      'Whether the invitation may be used by someone else (e.g. passed on to a deputy). Otherwise, at an invite-only event, only a registration with this email uses it.',
  })
  @IsOptional()
  @IsBoolean()
  transferable?: boolean;
}

export class CreateInvitationsDto {
  @ApiProperty({
    type: [InvitationRecipientDto],
    minItems: 1,
    maxItems: MAX_RECIPIENTS_PER_REQUEST,
    description: 'Emails are compared case-insensitively; repeats are sent once.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_RECIPIENTS_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => InvitationRecipientDto)
  recipients: InvitationRecipientDto[];

  @ApiPropertyOptional({ enum: INVITATION_TEMPLATES, default: 'invitation' })
  @IsOptional()
  @IsIn(INVITATION_TEMPLATES)
  template?: (typeof INVITATION_TEMPLATES)[number];

  @ApiPropertyOptional({
    default: false,
    description: 'Invite again people invited to this event before (otherwise they are skipped and listed in `skipped`).',
  })
  @IsOptional()
  @IsBoolean()
  resend?: boolean;
}

export const SKIP_REASONS = ['already_invited'] as const;

export class SkippedRecipient {
  @ApiProperty() email: string;
  @ApiProperty({
    enum: SKIP_REASONS,
    description: '`already_invited`: invited to this event before; send with `resend: true` to invite again',
  })
  reason: (typeof SKIP_REASONS)[number];
}

export class MailingCreatedResponse {
  @ApiProperty({ format: 'uuid' }) mailingId: string;
  @ApiProperty({ description: 'Mails queued, one per distinct email not skipped' }) total: number;
  @ApiProperty({ description: 'Recipients left out because their email was already in the list' }) duplicates: number;
  @ApiProperty({ type: [SkippedRecipient], description: 'Recipients not invited again, with why' }) skipped: SkippedRecipient[];
}

export const MAILING_STATUSES = ['sending', 'completed'] as const;

export class MailingResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() template: string;
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Not yet sent (waiting, or retrying after a temporary failure)' }) queued: number;
  @ApiProperty() sent: number;
  @ApiProperty({ description: 'Refused for good, or out of attempts' }) failed: number;
  @ApiProperty({ enum: MAILING_STATUSES, description: '`completed` once no mail is queued' }) status: (typeof MAILING_STATUSES)[number];
  @ApiProperty() createdAt: string;
}

export class MailingFailure {
  @ApiProperty() to: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String, description: "The SMTP server's last answer or the connection error" }) lastError:
    string | null;
  @ApiProperty({ nullable: true, type: String }) failedAt: string | null;
}

export class MailingFailuresResponse {
  @ApiProperty({ type: [MailingFailure], description: 'The first 100, in the order they failed' }) items: MailingFailure[];
  @ApiProperty({ description: 'Every failed mail of the mailing' }) total: number;
}
