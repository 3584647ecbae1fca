import { Module } from '@nestjs/common';
import { AgendaModule } from '../agenda/agenda.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { EventChanges } from './event-changes.service';
import { EventsController } from './events.controller';
import { EventsModule } from './events.module';

/**
 * The /events routes and EventChanges: creating and changing an event reaches into the features that
 * depend on EventsModule (seats, the agenda), so this module sits above them rather than inside EventsModule.
 */
@Module({
  imports: [EventsModule, RegistrationsModule, AgendaModule],
  controllers: [EventsController],
  providers: [EventChanges],
  exports: [EventChanges],
})
export class EventChangesModule {}
