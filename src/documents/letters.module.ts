import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { FilesModule } from '../files/files.module';
import { IdentityModule } from '../identity/identity.module';
import { MailModule } from '../mail/mail.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { CertificatesController } from './certificates.controller';
import { CertificatesService } from './certificates.service';
import { DocumentReferencesModule } from './document-references.module';
import { LetterSources } from './letters-sources';
import { LetterTemplate } from './letters-template.entity';
import { LetterTemplatesService } from './letters-template.service';
import { LettersController } from './letters.controller';
import { LettersService } from './letters.service';
import { VisaLetterMail } from './visa-letter-mail.service';
import { VerificationController, VerificationPageFilter } from './verification.controller';
import { VerificationService } from './verification.service';

/** Visa support letters, certificates of attendance and the public verification page (issue 18). */
@Module({
  imports: [
    TypeOrmModule.forFeature([LetterTemplate]),
    EventsModule,
    RegistrationsModule,
    DocumentReferencesModule,
    IdentityModule,
    FilesModule,
    MailModule,
  ],
  controllers: [LettersController, CertificatesController, VerificationController],
  providers: [
    LettersService,
    LetterTemplatesService,
    CertificatesService,
    VerificationService,
    VerificationPageFilter,
    LetterSources,
    VisaLetterMail,
  ],
  exports: [LettersService, VisaLetterMail, LetterTemplatesService, CertificatesService, LetterSources, DocumentReferencesModule],
})
export class LettersModule {}
