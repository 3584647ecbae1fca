import { Module } from '@nestjs/common';
import { AccountsModule } from '../auth/accounts.module';
import { DashboardModule } from '../dashboard/dashboard.module';
import { EventChangesModule } from '../events/event-changes.module';
import { EventsModule } from '../events/events.module';
import { ConsoleAccountsController } from './console-accounts.controller';
import { ConsoleEventsController } from './console-events.controller';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleViews } from './console-views.service';
import { ConsoleController } from './console.controller';
import { ConsoleTeamController } from './console-team.controller';

/** The organisers' console: server-rendered pages under /console that call the same services as the API. */
@Module({
  imports: [EventsModule, EventChangesModule, DashboardModule, AccountsModule],
  controllers: [ConsoleController, ConsoleEventsController, ConsoleTeamController, ConsoleAccountsController],
  providers: [ConsoleViews, ConsoleExceptionFilter],
})
export class ConsoleModule {}
