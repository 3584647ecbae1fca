import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { IsOffsetDateTime, OptionalText, RequiredText } from '../common/validators';
import { SESSION_KINDS, SessionKind } from './session.entity';
import { SESSION_ROLES, SessionRole } from './session-speaker.entity';

export class CreateSessionDto {
  @ApiProperty({ example: 'Opening session' })
  @RequiredText(300)
  title: string;

  @ApiProperty({ enum: SESSION_KINDS })
  @IsIn(SESSION_KINDS)
  kind: SessionKind;

  @ApiProperty({ example: '2025-11-26T09:30:00+05:00', description: 'Within the event’s dates, in its time zone' })
  @IsOffsetDateTime()
  startsAt: string;

  @ApiProperty({ example: '2025-11-26T10:30:00+05:00', description: 'After startsAt, within the event’s dates' })
  @IsOffsetDateTime()
  endsAt: string;

  @ApiPropertyOptional({ example: 'Main hall', description: 'Two sessions in one room at once are listed as a room clash' })
  @OptionalText(120)
  room?: string | null;

  @ApiPropertyOptional({ example: 'Plenary' })
  @OptionalText(120)
  track?: string | null;

  @ApiPropertyOptional({ maxLength: 10000 })
  @OptionalText(10000)
  description?: string | null;
}

export class UpdateSessionDto extends PartialType(CreateSessionDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ default: false, description: 'Move the session even if a booked speaker is then in two sessions at once' })
  @IsOptional()
  @IsBoolean()
  allowConflicts?: boolean;
}

export class SessionSpeakerInput {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be the id of a speaker of this event' })
  speakerId: string;

  @ApiProperty({ enum: SESSION_ROLES })
  @IsIn(SESSION_ROLES)
  role: SessionRole;

  @ApiPropertyOptional({ default: 0, description: 'Manual order among speakers of the same role and precedence' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  order?: number;
}

export class SetSessionSpeakersDto {
  @ApiProperty({ type: [SessionSpeakerInput], description: 'The whole list: it replaces the session’s speakers' })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => SessionSpeakerInput)
  speakers: SessionSpeakerInput[];

  @ApiPropertyOptional({ default: false, description: 'Book speakers even if they are in an overlapping session (listed by /conflicts)' })
  @IsOptional()
  @IsBoolean()
  allowConflicts?: boolean;
}
