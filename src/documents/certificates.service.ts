import { Injectable } from '@nestjs/common';
import { ApiError } from '../common/errors/api-error';
import { AppConfig } from '../config/app-config';
import { EventsService } from '../events/events.service';
import { RegistrationQueriesService } from '../registrations/registration-queries.service';
import { renderCertificate } from './certificates-pdf';
import { DocumentReferencesService, IssuingRegistration } from './document-references.service';
import { LetterTemplatesService } from './letters-template.service';
import { LettersService } from './letters.service';

const checkedInOnly = (registration: IssuingRegistration) => {
  if (!registration.checkedInAt)
    throw new ApiError('NOT_CHECKED_IN', 'A certificate of attendance is issued to people who were checked in at the event');
};

/**
 * Certificates of attendance: for a registration that was checked in, from the delegate's manage link
 * (`GET /registrations/manage/:token/certificate.pdf`). The reference is issued on the first download and
 * the same one printed on every later one; the signatory and letterhead are the letter template's, if any.
 */
@Injectable()
export class CertificatesService {
  constructor(
    private readonly config: AppConfig,
    private readonly references: DocumentReferencesService,
    private readonly queries: RegistrationQueriesService,
    private readonly templates: LetterTemplatesService,
    private readonly letters: LettersService,
    private readonly events: EventsService,
  ) {}

  async pdfByToken(token: string): Promise<Buffer> {
    const registration = await this.queries.findByToken(token);
    // Refused before anything is issued, and again under the row lock (a check-in cannot be undone, but the rule stays in one place).
    checkedInOnly(registration);
    const document = await this.references.issue(registration.id, 'certificate', checkedInOnly);
    const { delegationName } = await this.queries.badgeData(registration);
    const [event, template] = await Promise.all([this.events.getById(registration.eventId), this.templates.find(registration.eventId)]);
    const person = registration;
    return renderCertificate(
      {
        person,
        affiliation: delegationName ?? person.organisation,
        event,
        signatory: template ? { name: template.signatoryName, title: template.signatoryTitle } : null,
        letterhead: await this.letters.letterheadOf(template),
        reference: document.reference,
        issuedAt: document.issuedAt,
      },
      this.config.publicUrl,
    );
  }
}
