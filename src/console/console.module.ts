import { Module } from '@nestjs/common';
import { EventChangesModule } from '../events/event-changes.module';
import { EventsModule } from '../events/events.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { ConsoleEventsController } from './console-events.controller';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleFormController } from './console-form.controller';
import { ConsoleViews } from './console-views.service';
import { ConsoleController } from './console.controller';

/** The organisers' console: server-rendered pages under /console that call the same services as the API. */
@Module({
  imports: [EventsModule, EventChangesModule, RegistrationsModule],
  controllers: [ConsoleController, ConsoleEventsController, ConsoleFormController],
  providers: [ConsoleViews, ConsoleExceptionFilter],
})
export class ConsoleModule {}
