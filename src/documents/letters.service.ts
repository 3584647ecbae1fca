import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import archiver from 'archiver';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { AppConfig } from '../config/app-config';
import { Event } from '../events/event.entity';
import { RegistrationQueriesService } from '../registrations/registration-queries.service';
import { Registration } from '../registrations/registration.entity';
import { DocumentReference } from './document-reference.entity';
import { DocumentReferencesService, IssuingRegistration } from './document-references.service';
import { LetterData, renderLetter } from './letters-pdf';
import { LetterSources, Passport } from './letters-sources';
import { passesAccreditation } from '../registrations/badge-rules';
import { LetterTemplate } from './letters-template.entity';
import { LetterTemplatesService } from './letters-template.service';

/** Who may hold a visa letter: a confirmed registration that passes accreditation (badge-rules.ts). */
export const eligibleForVisaLetter = (registration: IssuingRegistration) => {
  if (registration.status !== 'confirmed')
    throw new ApiError('NOT_CONFIRMED', `A visa letter is issued to confirmed registrations; this one is ${registration.status}`);
  if (!passesAccreditation(registration))
    throw new ApiError('NOT_ACCREDITED', 'A visa letter is issued once the secretariat has accredited this member');
};

/**
 * Visa support letters: issuing one (its reference), rendering it as a PDF for one person, and all of an
 * event's letters as one ZIP. Passport data is read from the PassportSource when a letter is rendered and
 * goes nowhere else: not into the database, the logs or the reference.
 */
@Injectable()
export class LettersService {
  private readonly logger = new Logger(LettersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly references: DocumentReferencesService,
    private readonly templates: LetterTemplatesService,
    private readonly queries: RegistrationQueriesService,
    private readonly sources: LetterSources,
  ) {}

  /** A4 PDF of one letter from plain data (no database): what every route below ends in. */
  render(data: LetterData): Promise<Buffer> {
    return renderLetter(data, this.config.publicUrl);
  }

  /**
   * The registration's valid letter, issued now if it has none: the event needs a saved template, the person
   * passport data and a confirmed registration (409 LETTER_TEMPLATE_MISSING, PASSPORT_DATA_MISSING,
   * NOT_CONFIRMED). Parallel calls give one reference.
   */
  async issue(registrationId: string): Promise<DocumentReference> {
    const registration = await this.queries.byId(registrationId);
    await this.templateOf(registration.eventId);
    await this.passportOf(registration.id);
    return this.references.issue(registration.id, 'visa_letter', eligibleForVisaLetter);
  }

  /** The registration's letter as a PDF (issuing its reference on first use). */
  async pdf(registrationId: string): Promise<{ pdf: Buffer; reference: string }> {
    const registration = await this.queries.byId(registrationId);
    const [event, template] = await Promise.all([this.event(registration.eventId), this.templateOf(registration.eventId)]);
    const passport = await this.passportOf(registration.id);
    const document = await this.references.issue(registration.id, 'visa_letter', eligibleForVisaLetter);
    const letterhead = await this.letterheadOf(template);
    return {
      pdf: await this.render(this.dataOf(registration, passport, event, template, letterhead, document)),
      reference: document.reference,
    };
  }

  /**
   * The letter of this reference as a PDF, as the mail that names it carries it (VisaLetterMail); 409
   * DOCUMENT_ALREADY_REVOKED when it was revoked meanwhile (a cancellation), so the mail is not sent.
   */
  async pdfOfReference(reference: string): Promise<Buffer> {
    const document = await this.references.find(reference);
    if (!document || document.kind !== 'visa_letter') throw ApiError.notFound('Document');
    if (document.status !== 'valid') throw new ApiError('DOCUMENT_ALREADY_REVOKED', `The letter ${document.reference} was revoked`);
    const registration = await this.queries.byId(document.registrationId);
    const [event, template] = await Promise.all([this.event(registration.eventId), this.templateOf(registration.eventId)]);
    const [passport, letterhead] = await Promise.all([this.passportOf(registration.id), this.letterheadOf(template)]);
    return this.render(this.dataOf(registration, passport, event, template, letterhead, document));
  }

  /**
   * Every letter of the event as one ZIP (`GET /events/:id/letters.zip`): one PDF for each confirmed
   * registration with passport data, in order of family name. Letters are made one at a time: the next is
   * rendered only once the archive has taken the previous one, and the archive takes it only as fast as
   * the client reads, so memory holds one letter whatever the count. References are issued as they go.
   */
  async zip(eventId: string): Promise<{ stream: Readable; filename: string }> {
    const [event, template] = await Promise.all([this.event(eventId), this.templateOf(eventId)]);
    const letterhead = await this.letterheadOf(template);
    const ids: { id: string }[] = await this.dataSource
      .getRepository(Registration)
      .find({ select: { id: true }, where: { eventId, status: 'confirmed' }, order: { familyName: 'ASC', givenName: 'ASC', id: 'ASC' } });
    const archive = archiver('zip', { zlib: { level: 1 } });
    const produce = async () => {
      let count = 0;
      for (const { id } of ids) {
        if (archive.destroyed) return;
        const registration = await this.dataSource.getRepository(Registration).findOneBy({ id });
        const passport = registration && (await this.sources.passports.read(id));
        if (!registration || !passport || registration.status !== 'confirmed') continue;
        let document: DocumentReference;
        try {
          document = await this.references.issue(id, 'visa_letter', eligibleForVisaLetter);
        } catch (error) {
          if (error instanceof ApiError && error.code === 'NOT_CONFIRMED') continue; // cancelled meanwhile
          throw error;
        }
        const pdf = await this.render(this.dataOf(registration, passport, event, template, letterhead, document));
        count += 1;
        await appended(
          archive,
          pdf,
          `${String(count).padStart(4, '0')}-${fileNamePart(registration.familyName)}-${document.reference}.pdf`,
        );
      }
      await archive.finalize();
      this.logger.log({ eventId, letters: count }, 'Visa letters zipped');
    };
    produce().catch((error: unknown) => {
      this.logger.error({ err: error, eventId }, 'The letters ZIP failed');
      archive.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    return { stream: archive, filename: `visa-letters-${event.slug}.zip` };
  }

  private dataOf(
    registration: Registration,
    passport: Passport,
    event: Event,
    template: LetterTemplate,
    letterhead: Buffer | null,
    document: DocumentReference,
  ): LetterData {
    return {
      person: {
        honorific: registration.honorific,
        givenName: registration.givenName,
        familyName: registration.familyName,
        nationality: registration.nationality,
        jobTitle: registration.jobTitle,
        organisation: registration.organisation,
      },
      passport,
      event,
      template,
      letterhead,
      reference: document.reference,
      issuedAt: document.issuedAt,
    };
  }

  private event(eventId: string): Promise<Event> {
    return this.dataSource.getRepository(Event).findOneByOrFail({ id: eventId });
  }

  private async templateOf(eventId: string): Promise<LetterTemplate> {
    const template = await this.templates.find(eventId);
    if (!template)
      throw new ApiError(
        'LETTER_TEMPLATE_MISSING',
        'The event has no letter template yet: save its body and signatory first (PUT /events/:id/letter-template)',
      );
    return template;
  }

  private async passportOf(registrationId: string): Promise<Passport> {
    const passport = await this.sources.passports.read(registrationId);
    if (!passport) throw new ApiError('PASSPORT_DATA_MISSING', 'This person has given no passport data, which a visa letter needs');
    return passport;
  }

  letterheadOf(template: Pick<LetterTemplate, 'letterheadFileId'> | null): Promise<Buffer | null> {
    return template?.letterheadFileId ? this.sources.letterheads.read(template.letterheadFileId) : Promise.resolve(null);
  }
}

/** Appends one file and waits until the archive has taken it (its `entry` event), or fails if the archive ends first. */
function appended(archive: archiver.Archiver, content: Buffer, name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      archive.off('close', closed);
      archive.off('error', closed);
      resolve();
    };
    const closed = (error?: unknown) => {
      archive.off('entry', done);
      reject(error instanceof Error ? error : new Error('The client went away before the ZIP was complete'));
    };
    archive.once('entry', done);
    archive.once('close', closed);
    archive.once('error', closed);
    archive.append(content, { name });
  });
}

/** A name as a file name can carry it anywhere: ASCII letters and digits, the rest as `_`. */
const fileNamePart = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40) || 'letter';
