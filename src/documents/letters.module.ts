import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { FilesModule } from '../files/files.module';
import { FilesService } from '../files/files.service';
import { IdentityModule } from '../identity/identity.module';
import { IdentityService } from '../identity/identity.service';
import { RegistrationsModule } from '../registrations/registrations.module';
import { CertificatesController } from './certificates.controller';
import { CertificatesService } from './certificates.service';
import { DocumentReferencesModule } from './document-references.module';
import { LetterSources } from './letters-sources';
import { LetterTemplate } from './letters-template.entity';
import { LetterTemplatesService } from './letters-template.service';
import { LettersController } from './letters.controller';
import { LettersService } from './letters.service';
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
  ],
  controllers: [LettersController, CertificatesController, VerificationController],
  providers: [LettersService, LetterTemplatesService, CertificatesService, VerificationService, VerificationPageFilter, LetterSources],
  exports: [LettersService, LetterTemplatesService, CertificatesService, LetterSources, DocumentReferencesModule],
})
export class LettersModule implements OnModuleInit {
  constructor(
    private readonly sources: LetterSources,
    private readonly identities: IdentityService,
    private readonly files: FilesService,
  ) {}

  /**
   * The letters read passports from the identity feature (decrypted one person at a time; only for people
   * who asked for a visa letter) and letterheads from the files table.
   */
  onModuleInit(): void {
    this.sources.use({
      passports: {
        read: async (registrationId) => {
          const identity = await this.identities.readIdentity(registrationId);
          if (!identity?.needsVisaLetter) return null;
          const { passportNumber: number, issuingCountry, passportExpiry: expiry, dateOfBirth } = identity;
          return { number, issuingCountry, expiry, dateOfBirth };
        },
      },
      letterheads: { read: async (fileId) => (await this.files.read(fileId))?.data ?? null },
    });
  }
}
