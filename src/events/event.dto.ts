import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../common/transforms';
import { Event, EVENT_STATUSES, EventStatus } from './event.entity';

export class CreateEventDto {
  @ApiProperty({ example: 'cosom-islamabad-2025', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' })
  @Trim()
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'must be lower-case letters, digits and single hyphens' })
  slug: string;

  @ApiProperty({ example: 'International Conference on Countering the Smuggling of Migrants' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: '2025-11-26', description: 'First day, in the event time zone' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD' })
  startDate: string;

  @ApiProperty({ example: '2025-11-27', description: 'Last day, in the event time zone' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD' })
  endDate: string;

  @ApiProperty({ example: 'Asia/Karachi' })
  @IsString()
  @MaxLength(64)
  timezone: string;
}

export class EventResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty() startDate: string;
  @ApiProperty() endDate: string;
  @ApiProperty() timezone: string;
  @ApiProperty({ enum: EVENT_STATUSES }) status: EventStatus;
}

export function toEventResponse(event: Event): EventResponse {
  return { id: event.id, slug: event.slug, title: event.title, startDate: event.startDate, endDate: event.endDate, timezone: event.timezone, status: event.status };
}
