import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { CanonicalTimeZone } from '../common/time-zones';
import { Trim } from '../common/transforms';
import { IsDateOnly, IsOffsetDateTime, OptionalText, RequiredText } from '../common/validators';
import { UpperCase } from '../common/transforms';
import { Event, EVENT_STATUSES, EventStatus } from './event.entity';
import { PartnersByRole } from './partner.dto';

export class CreateEventDto {
  @ApiProperty({ example: 'cosom-islamabad-2025', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' })
  @Trim()
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'must be lower-case letters, digits and single hyphens' })
  slug: string;

  @ApiProperty({ example: 'International Conference on Countering the Smuggling of Migrants' })
  @RequiredText(300)
  title: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @OptionalText(10000)
  description?: string | null;

  @ApiProperty({ example: '2025-11-26', description: 'First day, in the event time zone' })
  @IsDateOnly()
  startDate: string;

  @ApiProperty({ example: '2025-11-27', description: 'Last day, in the event time zone; on or after startDate' })
  @IsDateOnly()
  endDate: string;

  @ApiProperty({
    example: 'Asia/Karachi',
    description: 'IANA time zone, in any case; stored as IANA writes it ("asia/karachi" is stored as "Asia/Karachi")',
  })
  @CanonicalTimeZone()
  @IsString()
  @MaxLength(64)
  @IsTimeZone({ message: 'must be an IANA time zone such as Asia/Karachi' })
  timezone: string;

  @ApiPropertyOptional({ example: 'Serena Hotel' })
  @OptionalText(300)
  venue?: string | null;

  @ApiPropertyOptional({ example: 'Islamabad' })
  @OptionalText(120)
  city?: string | null;

  @ApiPropertyOptional({ example: 'PK', description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @UpperCase()
  @IsISO31661Alpha2({ message: 'must be an ISO 3166-1 alpha-2 country code such as PK' })
  countryCode?: string | null;

  @ApiPropertyOptional({ minimum: 0, description: 'Seats; absent or null for no limit' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  capacity?: number | null;

  @ApiPropertyOptional({ example: '2025-10-01T09:00:00+05:00' })
  @IsOptional()
  @IsOffsetDateTime()
  registrationOpensAt?: string | null;

  @ApiPropertyOptional({ example: '2025-11-20T17:00:00+05:00', description: 'After registrationOpensAt' })
  @IsOptional()
  @IsOffsetDateTime()
  registrationClosesAt?: string | null;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  approvalRequired?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  inviteOnly?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Issue 18: registrants are asked for a photo' })
  @IsOptional()
  @IsBoolean()
  asksPhoto?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'Issue 18: registrants are asked for passport data (encrypted at rest: publishing needs DATA_ENCRYPTION_KEY)',
  })
  @IsOptional()
  @IsBoolean()
  asksPassport?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'The series this event belongs to' })
  @IsOptional()
  @IsUUID('all', { message: 'must be the id of a series' })
  seriesId?: string | null;

  @ApiPropertyOptional({ description: 'Place in the series (events without one follow, by start date)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  seriesPosition?: number | null;
}

/** Any field of the event; null clears an optional one, and is refused for a required one. */
export class UpdateEventDto extends PartialType(CreateEventDto, { skipNullProperties: false }) {}

export class ListEventsQuery extends PageQuery {}

export class EventSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() startDate: string;
  @ApiProperty() endDate: string;
  @ApiProperty() timezone: string;
  @ApiProperty({ nullable: true, type: String }) venue: string | null;
  @ApiProperty({ nullable: true, type: String }) city: string | null;
  @ApiProperty({ nullable: true, type: String }) countryCode: string | null;
  @ApiProperty({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) registrationOpensAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) registrationClosesAt: string | null;
  @ApiProperty() approvalRequired: boolean;
  @ApiProperty() inviteOnly: boolean;
  @ApiProperty() asksPhoto: boolean;
  @ApiProperty() asksPassport: boolean;
  @ApiProperty({ enum: EVENT_STATUSES }) status: EventStatus;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) seriesId: string | null;
  @ApiProperty({ nullable: true, type: Number }) seriesPosition: number | null;
}

export class EventResponse extends EventSummary {
  @ApiProperty({ type: PartnersByRole }) partners: PartnersByRole;
}

export class EventPage {
  @ApiProperty({ type: [EventSummary] }) items: EventSummary[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export function toEventSummary(event: Event): EventSummary {
  return {
    id: event.id,
    slug: event.slug,
    title: event.title,
    description: event.description,
    startDate: event.startDate,
    endDate: event.endDate,
    timezone: event.timezone,
    venue: event.venue,
    city: event.city,
    countryCode: event.countryCode,
    capacity: event.capacity,
    registrationOpensAt: event.registrationOpensAt?.toISOString() ?? null,
    registrationClosesAt: event.registrationClosesAt?.toISOString() ?? null,
    approvalRequired: event.approvalRequired,
    inviteOnly: event.inviteOnly,
    asksPhoto: event.asksPhoto,
    asksPassport: event.asksPassport,
    status: event.status,
    seriesId: event.seriesId,
    seriesPosition: event.seriesPosition,
  };
}

export function toEventResponse(event: Event, partners: PartnersByRole): EventResponse {
  return { ...toEventSummary(event), partners };
}
