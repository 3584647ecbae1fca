import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { MAIL_PARTS, MailPart } from './mail-renderer';

/** Replaces an event's override of a template: a string part overrides, a null or missing part keeps the default. */
export class PutMailTemplateDto {
  @ApiPropertyOptional({ nullable: true, example: 'Invitation: {{event.title}}' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  subject?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'handlebars; values are HTML-escaped' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100_000)
  html?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100_000)
  text?: string | null;
}

/** Renders a template: with the stored override, these draft parts on top, and sample data merged with `data`. */
export class PreviewMailTemplateDto extends PutMailTemplateDto {
  @ApiPropertyOptional({ type: Object, description: "Template data to use instead of the sample's (merged over it)" })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;
}

export class MailPartsFlags {
  @ApiProperty() subject: boolean;
  @ApiProperty() html: boolean;
  @ApiProperty() text: boolean;
}

export class MailTemplateSummary {
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: MailPartsFlags, description: 'Which parts this event overrides' }) overridden: MailPartsFlags;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) updatedAt: string | null;
}

export class MailTemplateResponse extends MailTemplateSummary {
  @ApiProperty({ description: 'The source in use: the override, or the default' }) subject: string;
  @ApiProperty() html: string;
  @ApiProperty() text: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The data the template receives besides `event` and `publicUrl`, with sample values',
  })
  sampleData: object;
}

export class RenderedMailResponse {
  @ApiProperty() subject: string;
  @ApiProperty() html: string;
  @ApiProperty() text: string;
}

export const overriddenParts = (override: Partial<Record<MailPart, string | null>> | null): MailPartsFlags =>
  Object.fromEntries(MAIL_PARTS.map((part) => [part, Boolean(override?.[part])])) as unknown as MailPartsFlags;
