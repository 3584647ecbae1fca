import { ApiProperty } from '@nestjs/swagger';
import { RequiredText } from '../common/validators';
import { EventSummary } from './event.dto';

export class CreateSeriesDto {
  @ApiProperty({ example: 'Countering the smuggling of migrants: Pakistan and partners' })
  @RequiredText(300)
  name: string;
}

export class SeriesResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [EventSummary], description: 'The events this caller may see, by position then start date' }) events: EventSummary[];
}
