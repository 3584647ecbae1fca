import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventPartner } from './event-partner.entity';
import { EventSeries } from './event-series.entity';
import { Event } from './event.entity';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { Organisation } from './organisation.entity';
import { PartnersController } from './partners.controller';
import { PartnersService } from './partners.service';
import { SeriesController } from './series.controller';
import { SeriesService } from './series.service';

/** Events, their partners (organisations) and the series they belong to. */
@Module({
  imports: [TypeOrmModule.forFeature([Event, EventSeries, EventPartner, Organisation])],
  controllers: [EventsController, PartnersController, SeriesController],
  providers: [EventsService, PartnersService, SeriesService],
  exports: [EventsService, PartnersService, SeriesService],
})
export class EventsModule {}
