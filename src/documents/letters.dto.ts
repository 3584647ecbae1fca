import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { RequiredText } from '../common/validators';
import type { DocumentReference } from './document-reference.entity';
import { verificationUrl } from './document-reference-pdf';

/** The event's letter template, replaced as a whole. */
export class PutLetterTemplateDto {
  @ApiProperty({
    description:
      'handlebars, compiled strict: {{fullName}}, {{nationality}}, {{passportNumber}}, {{eventTitle}}, {{eventDates}}, {{city}}, …',
    example: 'We are pleased to confirm that {{fullName}}, holder of passport number {{passportNumber}}, will attend the {{eventTitle}}.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  body: string;

  @ApiProperty({ example: 'Amb. Farah Siddiqui' })
  @RequiredText(200)
  signatoryName: string;

  @ApiProperty({ example: 'Director General (UN & Conferences), Ministry of Foreign Affairs' })
  @RequiredText(200)
  signatoryTitle: string;

  @ApiPropertyOptional({
    nullable: true,
    format: 'uuid',
    description:
      'The letterhead printed across the top, uploaded with PUT /events/{id}/letter-template/letterhead. Left out, or the current one: kept; null: removed (its file too); any other id is refused',
  })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsUUID('all')
  letterheadFileId?: string | null;
}

export class LetterTemplateResponse {
  @ApiProperty() eventId: string;
  @ApiProperty({ description: 'False while the event has not saved one: the values are the defaults, and no letter can be issued' })
  saved: boolean;
  @ApiProperty() body: string;
  @ApiProperty() signatoryName: string;
  @ApiProperty() signatoryTitle: string;
  @ApiProperty({ nullable: true, type: String }) letterheadFileId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) updatedAt: Date | null;
  @ApiProperty({ type: [String], description: 'The placeholders the body may use' }) placeholders: string[];
}

export class RevokeDocumentDto {
  @ApiProperty({ example: 'Issued with a misspelt name' })
  @RequiredText(500)
  reason: string;
}

export class DocumentReferenceResponse {
  @ApiProperty({ example: 'ISL25-7KQ4-M9XD-2HCT' }) reference: string;
  @ApiProperty({ enum: ['visa_letter', 'certificate'] }) kind: string;
  @ApiProperty({ enum: ['valid', 'revoked'] }) status: string;
  @ApiProperty() registrationId: string;
  @ApiProperty() eventId: string;
  @ApiProperty({ type: String, format: 'date-time' }) issuedAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) revokedReason: string | null;
  @ApiProperty({ description: 'The public page the QR code opens' }) verifyUrl: string;
}

export function toDocumentReferenceResponse(document: DocumentReference, publicUrl: string): DocumentReferenceResponse {
  return {
    reference: document.reference,
    kind: document.kind,
    status: document.status,
    registrationId: document.registrationId,
    eventId: document.eventId,
    issuedAt: document.issuedAt,
    revokedAt: document.revokedAt,
    revokedReason: document.revokedReason,
    verifyUrl: verificationUrl(publicUrl, document.reference),
  };
}
