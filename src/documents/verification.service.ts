import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { formatDateRange } from '../common/dates';
import { Views } from '../common/views';
import { Event } from '../events/event.entity';
import { Registration } from '../registrations/registration.entity';
import { DocumentKind } from './document-reference.entity';
import { DocumentReferencesService } from './document-references.service';
import { fullNameOf } from './letters-pdf';

const KIND_LABELS: Record<DocumentKind, string> = { visa_letter: 'Visa support letter', certificate: 'Certificate of attendance' };

/** What the verification page may show of a document: nothing beyond these (no email, passport, nationality, delegation). */
export interface VerificationView {
  reference: string;
  kind: string;
  name: string;
  eventTitle: string;
  eventDates: string;
  valid: boolean;
}

/**
 * The public verification page (`/verify/:reference`), which an embassy opens from a letter's QR code:
 * the person's name, the event, its dates, and whether the document is valid or was revoked. The view is
 * built from an explicit list of fields, so nothing else about the person can reach the page.
 */
@Injectable()
export class VerificationService {
  private readonly views = new Views('pages');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly references: DocumentReferencesService,
  ) {}

  async view(reference: string): Promise<VerificationView | null> {
    const document = await this.references.find(reference);
    if (!document) return null;
    const [registration, event] = await Promise.all([
      this.dataSource.getRepository(Registration).findOneByOrFail({ id: document.registrationId }),
      this.dataSource.getRepository(Event).findOneByOrFail({ id: document.eventId }),
    ]);
    return {
      reference: document.reference,
      kind: KIND_LABELS[document.kind],
      name: fullNameOf(registration),
      eventTitle: event.title,
      eventDates: formatDateRange(event.startDate, event.endDate),
      valid: document.status === 'valid',
    };
  }

  /** The page for a reference: 200 with the document's state, or 404 saying that no document has it. */
  async page(reference: string): Promise<{ status: number; html: string }> {
    const view = await this.view(reference);
    if (!view)
      return {
        status: 404,
        html: this.views.render('verify', { title: 'Document not found', found: false, reference: reference.slice(0, 40) }),
      };
    return {
      status: 200,
      html: this.views.render('verify', {
        title: `${view.valid ? 'Valid' : 'Revoked'}: ${view.kind} ${view.reference}`,
        found: true,
        document: view,
      }),
    };
  }

  /** An error on the page (such as too many requests) as a page of the same look. */
  error(status: number, message: string): string {
    return this.views.render('error', { title: status === 429 ? 'Too many requests' : 'Something went wrong', status, message });
  }
}
