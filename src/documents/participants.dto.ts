import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { PARTICIPANTS_LIST_STATUSES, ParticipantsListStatus } from '../events/event.entity';

export class PublishParticipantsDto {
  @ApiProperty({ enum: PARTICIPANTS_LIST_STATUSES, description: 'provisional or final publishes the list; unpublished withdraws it' })
  @IsIn(PARTICIPANTS_LIST_STATUSES)
  status: ParticipantsListStatus;
}

export class ParticipantsListResponse {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ enum: PARTICIPANTS_LIST_STATUSES }) status: ParticipantsListStatus;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When it was last published; null while unpublished' })
  publishedAt: Date | null;
}

/** What an organiser sets of a registration for the List of Participants. */
export class ParticipantListingDto {
  @ApiPropertyOptional({ description: 'The person agreed to be named in the List of Participants' })
  @IsOptional()
  @IsBoolean()
  listed?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: 0,
    maximum: 100000,
    description: 'Rank within the delegation after the head: lower first; null for none (listed after those with one)',
  })
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(0)
  @Max(100000)
  precedence?: number | null;
}
