import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventPartner } from './event-partner.entity';
import { EventSeries } from './event-series.entity';
import { Event } from './event.entity';
import { CommittedRevisions } from './committed-revisions';
import { EventsService } from './events.service';
import { Organisation } from './organisation.entity';
import { PartnersController } from './partners.controller';
import { PartnersService } from './partners.service';
import { SeriesController } from './series.controller';
import { SeriesService } from './series.service';

/**
 * Events, their partners (organisations) and the series they belong to: what the other features build on.
 * The /events routes are EventChangesModule's (an event's changes reach into seats and the agenda).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Event, EventSeries, EventPartner, Organisation])],
  controllers: [PartnersController, SeriesController],
  providers: [EventsService, PartnersService, SeriesService, CommittedRevisions],
  exports: [EventsService, PartnersService, SeriesService, CommittedRevisions],
})
export class EventsModule {}
