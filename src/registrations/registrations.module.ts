import { Module } from '@nestjs/common';
import { DelegationsModule } from '../delegations/delegations.module';
import { DocumentReferencesModule } from '../documents/document-references.module';
import { EventsModule } from '../events/events.module';
import { MailModule } from '../mail/mail.module';
import { BadgesService } from './badges.service';
import { CheckInsService } from './check-ins.service';
import { ManageController } from './manage.controller';
import { ManageLinksService } from './manage-links.service';
import { RegistrationFormsService } from './registration-forms.service';
import { RegistrationMailer } from './registration-mailer.service';
import { RegistrationQueriesService } from './registration-queries.service';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';
import { RegistrationWriter } from './registration-writer.service';
import { SeatsService } from './seats.service';

@Module({
  imports: [EventsModule, DelegationsModule, MailModule, DocumentReferencesModule],
  controllers: [RegistrationsController, ManageController],
  providers: [
    RegistrationsService,
    RegistrationQueriesService,
    CheckInsService,
    RegistrationFormsService,
    BadgesService,
    SeatsService,
    RegistrationMailer,
    RegistrationWriter,
    ManageLinksService,
  ],
  exports: [
    RegistrationsService,
    ManageLinksService,
    SeatsService,
    RegistrationQueriesService,
    RegistrationFormsService,
    BadgesService,
    CheckInsService,
  ],
})
export class RegistrationsModule {}
