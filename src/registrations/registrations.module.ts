import { Module } from '@nestjs/common';
import { DelegationsModule } from '../delegations/delegations.module';
import { DocumentReferencesModule } from '../documents/document-references.module';
import { EventsModule } from '../events/events.module';
import { FilesModule } from '../files/files.module';
import { MailModule } from '../mail/mail.module';
import { BADGE_PHOTOS, StoredBadgePhotos } from './badge-photos';
import { BadgesService } from './badges.service';
import { CheckInsService } from './check-ins.service';
import { ManageController } from './manage.controller';
import { ManageLinksService } from './manage-links.service';
import { RegistrationFormsService } from './registration-forms.service';
import { RegistrationPhotosController } from './registration-photos.controller';
import { RegistrationPhotosService } from './registration-photos.service';
import { RegistrationMailer } from './registration-mailer.service';
import { RegistrationQueriesService } from './registration-queries.service';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';
import { RegistrationWriter } from './registration-writer.service';
import { SeatsService } from './seats.service';

@Module({
  imports: [EventsModule, DelegationsModule, MailModule, FilesModule, DocumentReferencesModule],
  controllers: [RegistrationsController, ManageController, RegistrationPhotosController],
  providers: [
    RegistrationsService,
    RegistrationQueriesService,
    CheckInsService,
    RegistrationFormsService,
    BadgesService,
    // Badges print no photo until the files feature provides them (badge-photos.ts).
    { provide: BADGE_PHOTOS, useClass: StoredBadgePhotos },
    SeatsService,
    RegistrationMailer,
    RegistrationWriter,
    ManageLinksService,
    RegistrationPhotosService,
  ],
  exports: [
    RegistrationsService,
    ManageLinksService,
    SeatsService,
    RegistrationQueriesService,
    RegistrationFormsService,
    BadgesService,
    CheckInsService,
    RegistrationPhotosService,
  ],
})
export class RegistrationsModule {}
