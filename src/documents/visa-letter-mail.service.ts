import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { IdentityService } from '../identity/identity.service';
import { MailAttachments } from '../mail/mail-attachments';
import { MailRequest, MailService } from '../mail/mail.service';
import { verificationUrl } from './document-reference-pdf';
import { DocumentReferencesService } from './document-references.service';
import { eligibleForVisaLetter, LettersService } from './letters.service';

/** The people of a decision to whom a letter goes (see `mailIn`). */
interface Addressee {
  id: string;
  email: string;
  honorific: string | null;
  givenName: string | null;
  familyName: string | null;
  delegation: string | null;
}

/**
 * Mails the visa letter, as a PDF attachment, to people the secretariat has just accredited. The letter
 * is made when the mail is sent (the `visa_letter` attachment, LettersService.pdfOfReference), so neither the mail's
 * row nor the queue ever holds passport data; the reference is issued in the accreditation's
 * transaction, so the mail names it and the letter printed later carries the same one. Should the
 * registration be cancelled before the mail goes, its letter is revoked and the mail fails with the
 * reason rather than carry it.
 */
@Injectable()
export class VisaLetterMail implements OnModuleInit {
  constructor(
    private readonly mail: MailService,
    private readonly attachments: MailAttachments,
    private readonly letters: LettersService,
    private readonly references: DocumentReferencesService,
    private readonly config: AppConfig,
    private readonly identities: IdentityService,
  ) {}

  onModuleInit(): void {
    this.attachments.register('visa_letter', async (reference) => ({
      content: await this.letters.pdfOfReference(reference),
      contentType: 'application/pdf',
    }));
    // Someone accredited before they gave their passport data, or before they asked for a letter, is mailed
    // it once they do, unless a letter was issued to them already (mailed or downloaded).
    this.identities.afterSave((manager, registrationId) => this.mailIn(manager, [registrationId], { unlessIssued: true }));
  }

  /**
   * In the transaction of an accreditation (or of passport data given later: `unlessIssued`, no mail when a
   * valid letter exists already): of these registrations, those confirmed and accredited who asked for a
   * visa letter, at an event with a letter template, get it by mail. Answers how many.
   */
  async mailIn(manager: EntityManager, registrationIds: readonly string[], { unlessIssued = false } = {}): Promise<number> {
    if (registrationIds.length === 0) return 0;
    const addressees: Addressee[] = await manager.query(
      `SELECT r.id, r.email, r.honorific, r.given_name AS "givenName", r.family_name AS "familyName", d.name AS delegation
         FROM registration r
         JOIN registration_identity i ON i.registration_id = r.id AND i.needs_visa_letter
         JOIN letter_template t ON t.event_id = r.event_id
         LEFT JOIN delegation d ON d.id = r.delegation_id
        WHERE r.id = ANY($1::uuid[]) AND r.status = 'confirmed' AND r.accreditation_status = 'accredited'
          AND NOT ($2 AND EXISTS (SELECT 1 FROM document_reference x WHERE x.registration_id = r.id AND x.kind = 'visa_letter' AND x.status = 'valid'))
        ORDER BY r.id`,
      [registrationIds, unlessIssued],
    );
    const mails: MailRequest<'visa_letter'>[] = [];
    for (const person of addressees) {
      const document = await this.references.issueIn(manager, person.id, 'visa_letter', eligibleForVisaLetter);
      const filename = `visa-letter-${document.reference}.pdf`;
      mails.push({
        template: 'visa_letter',
        eventId: document.eventId,
        to: person.email,
        manageLinkFor: person.id,
        data: {
          recipient: { honorific: person.honorific, givenName: person.givenName, familyName: person.familyName },
          delegation: person.delegation,
          filename,
          verifyUrl: verificationUrl(this.config.publicUrl, document.reference),
        },
        attachments: [{ kind: 'visa_letter', ref: document.reference, filename }],
      });
    }
    await this.mail.enqueueMany(manager, mails);
    return addressees.length;
  }
}
