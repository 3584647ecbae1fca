import { Module } from '@nestjs/common';
import { DelegationsModule } from '../delegations/delegations.module';
import { EventsModule } from '../events/events.module';
import { MailModule } from '../mail/mail.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

/** The organisers' dashboard of an event (issue 16): the API route, and DashboardService for the console. */
@Module({
  imports: [EventsModule, DelegationsModule, MailModule],
  controllers: [DashboardController],
  providers: [DashboardService],
  exports: [DashboardService],
})
export class DashboardModule {}
