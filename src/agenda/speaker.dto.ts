import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsEmail, IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { NormaliseEmail } from '../common/transforms';
import { OptionalText, RequiredText } from '../common/validators';
import { Speaker } from './speaker.entity';

export class CreateSpeakerDto {
  @ApiPropertyOptional({ example: 'H.E.' })
  @OptionalText(50)
  honorific?: string | null;

  @ApiProperty({ example: 'Talal Chaudhry' })
  @RequiredText(200)
  fullName: string;

  @ApiPropertyOptional({ example: 'State Minister of Interior & Narcotics Control' })
  @OptionalText(300)
  position?: string | null;

  @ApiPropertyOptional({ example: 'Ministry of Interior & Narcotics Control' })
  @OptionalText(300)
  organisation?: string | null;

  @ApiPropertyOptional({ maxLength: 10000 })
  @OptionalText(10000)
  bio?: string | null;

  @ApiPropertyOptional({ example: 'minister@example.org', description: 'Needed to send the speaker an invitation' })
  @IsOptional()
  @NormaliseEmail()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional({ example: 10, description: 'Protocol rank: lower comes first; none comes last' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  precedence?: number | null;
}

/** Any field; null clears an optional one, and is refused for fullName. */
export class UpdateSpeakerDto extends PartialType(CreateSpeakerDto, { skipNullProperties: false }) {}

export class SpeakerResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ nullable: true, type: String }) honorific: string | null;
  @ApiProperty() fullName: string;
  @ApiProperty({ nullable: true, type: String }) position: string | null;
  @ApiProperty({ nullable: true, type: String }) organisation: string | null;
  @ApiProperty({ nullable: true, type: String }) bio: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: Number }) precedence: number | null;
}

export function toSpeakerResponse(speaker: Speaker): SpeakerResponse {
  const { id, eventId, honorific, fullName, position, organisation, bio, email, precedence } = speaker;
  return { id, eventId, honorific, fullName, position, organisation, bio, email, precedence };
}
