import { Module } from '@nestjs/common';
import { EventChangesModule } from '../events/event-changes.module';
import { EventsModule } from '../events/events.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { ConsoleDelegationsController } from './console-delegations.controller';
import { ConsoleEventsController } from './console-events.controller';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleViews } from './console-views.service';
import { ConsoleController } from './console.controller';

/** The organisers' console: server-rendered pages under /console that call the same services as the API. */
@Module({
  imports: [EventsModule, EventChangesModule, DelegationsModule],
  controllers: [ConsoleController, ConsoleEventsController, ConsoleDelegationsController],
  providers: [ConsoleViews, ConsoleExceptionFilter],
})
export class ConsoleModule {}
