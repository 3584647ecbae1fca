import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../common/transforms';
import { EventSummary } from './event.dto';

export class CreateSeriesDto {
  @ApiProperty({ example: 'Countering the smuggling of migrants: Pakistan and partners' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;
}

export class SeriesResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [EventSummary], description: 'The events this caller may see, by position then start date' }) events: EventSummary[];
}
