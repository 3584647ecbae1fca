import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { attachmentRefsOf } from './mail-attachments';
import { Trim } from '../common/transforms';
import { MAIL_STATUSES, MailMessage, MailStatus } from './mail-message.entity';
import { EVENT_MAIL_TEMPLATE_NAMES, type MailTemplateName } from './mail-templates';

export class MailLogQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: MAIL_STATUSES })
  @IsOptional()
  @IsIn(MAIL_STATUSES)
  status?: MailStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  mailingId?: string;

  @ApiPropertyOptional({ enum: EVENT_MAIL_TEMPLATE_NAMES })
  @IsOptional()
  @IsIn(EVENT_MAIL_TEMPLATE_NAMES, { message: 'must be the name of one of the mail templates' })
  template?: MailTemplateName;

  @ApiPropertyOptional({ description: "Part of the recipient's address or name (case-insensitive)" })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(320)
  recipient?: string;
}

/** One mail in the delivery log. Its data (which may hold personal links) never leaves the service. */
export class MailLogEntry {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() template: string;
  @ApiProperty() to: string;
  @ApiProperty({ nullable: true, type: String }) toName: string | null;
  @ApiProperty({ enum: MAIL_STATUSES }) status: MailStatus;
  @ApiProperty({ description: 'Delivery attempts so far' }) attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The SMTP server's answer to the last attempt" }) smtpResponse: string | null;
  @ApiProperty({ description: 'The Message-ID header, the same on every attempt' }) messageId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) mailingId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) failedAt: string | null;
  @ApiProperty({ type: [String], description: "The file names of the mail's attachments (made when it is sent, never stored)" })
  attachments: string[];
}

/** A mail to one recipient, with its subject (see MailLogService.forRecipient). */
export class RecipientMail extends MailLogEntry {
  @ApiProperty({ nullable: true, type: String, description: 'As rendered now from the template; null if it no longer renders' })
  subject: string | null;
}

export class MailLogPage {
  @ApiProperty({ type: [MailLogEntry] }) items: MailLogEntry[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toMailLogEntry(mail: MailMessage): MailLogEntry {
  return {
    id: mail.id,
    template: mail.template,
    to: mail.toEmail,
    toName: mail.toName,
    status: mail.status,
    attempts: mail.attempts,
    lastError: mail.lastError,
    smtpResponse: mail.smtpResponse,
    messageId: mail.messageId,
    mailingId: mail.mailingId,
    createdAt: mail.createdAt.toISOString(),
    lastAttemptAt: iso(mail.lastAttemptAt),
    sentAt: iso(mail.sentAt),
    failedAt: iso(mail.failedAt),
    attachments: attachmentRefsOf(mail.data).map((attachment) => attachment.filename),
  };
}
