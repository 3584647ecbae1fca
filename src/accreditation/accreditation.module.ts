import { Module } from '@nestjs/common';
import { ConsoleExceptionFilter } from '../console/console-exception.filter';
import { ConsoleViews } from '../console/console-views.service';
import { DelegationsModule } from '../delegations/delegations.module';
import { LettersModule } from '../documents/letters.module';
import { EventsModule } from '../events/events.module';
import { MailModule } from '../mail/mail.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { AccreditationController } from './accreditation.controller';
import { AccreditationService } from './accreditation.service';
import { ConsoleAccreditationController } from './console-accreditation.controller';
import { PortalExceptionFilter } from './portal-exception.filter';
import { PortalController } from './portal.controller';
import { PortalSignInService } from './portal-sign-in.service';

/** The focal points' portal and the secretariat's accreditation review (README.md). */
@Module({
  imports: [EventsModule, DelegationsModule, RegistrationsModule, MailModule, LettersModule],
  controllers: [AccreditationController, PortalController, ConsoleAccreditationController],
  providers: [AccreditationService, PortalSignInService, ConsoleViews, ConsoleExceptionFilter, PortalExceptionFilter],
  exports: [AccreditationService],
})
export class AccreditationModule {}
