import { Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import * as QRCode from 'qrcode';
import { ApiError } from '../common/errors/api-error';
import { formatDateRange } from '../common/dates';
import { notoFonts, registerFonts } from '../common/pdf/fonts';
import { writeText } from '../common/pdf/pdf-text';
import { Event } from '../events/event.entity';
import { Registration } from './registration.entity';

const regular = notoFonts(400);
const bold = notoFonts(700);

export interface BadgeData {
  registration: Registration;
  event: Pick<Event, 'title' | 'startDate' | 'endDate' | 'city'>;
  delegationName: string | null;
}

/**
 * Name badges: A6 PDF with the person's name (honorific + names), organisation or delegation,
 * category, the event's title and dates, and a QR code of the unguessable badge code. Names in
 * Arabic script (Arabic, Urdu, Persian), Greek and Cyrillic render with embedded Noto fonts, right-to-left
 * text in its order (src/common/pdf/pdf-text.ts); a name too wide for one line shrinks, then wraps.
 */
@Injectable()
export class BadgesService {
  async render({ registration, event, delegationName }: BadgeData): Promise<Buffer> {
    if (registration.status !== 'confirmed') throw new ApiError('NOT_CONFIRMED', 'A badge is issued once the registration is confirmed');
    // Issue 18 (src/accreditation): a member under accreditation gets a badge once accredited.
    if (registration.accreditationStatus !== 'none' && registration.accreditationStatus !== 'accredited')
      throw new ApiError('NOT_ACCREDITED', 'A badge is issued once the secretariat has accredited this member');
    const qr = await QRCode.toBuffer(registration.badgeCode, { errorCorrectionLevel: 'M', margin: 1, width: 360 });
    const document = new PDFDocument({
      size: 'A6',
      margin: 24,
      info: { Title: `Badge — ${registration.givenName} ${registration.familyName}`, Author: 'Plenary' },
    });
    registerFonts(document);
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<Buffer>((resolve, reject) => {
      document.on('end', () => resolve(Buffer.concat(chunks)));
      document.on('error', reject);
    });

    const box = { x: 24, width: document.page.width - 48, align: 'center' as const };
    writeText(document, event.title, { ...box, fonts: regular, size: 9 });
    writeText(document, formatDateRange(event.startDate, event.endDate) + (event.city ? ` · ${event.city}` : ''), {
      ...box,
      fonts: regular,
      size: 8,
    });
    document.moveDown(1.2);
    const name = [registration.honorific, registration.givenName, registration.familyName].filter(Boolean).join(' ');
    writeText(document, name, { ...box, fonts: bold, size: 18, shrinkTo: 12 });
    const affiliation = delegationName ?? registration.organisation;
    if (affiliation) writeText(document, affiliation, { ...box, fonts: regular, size: 11 });
    document.moveDown(0.6);
    writeText(document, registration.category.toUpperCase(), { ...box, fonts: bold, size: 10 });
    const qrSize = 130;
    document.image(qr, (document.page.width - qrSize) / 2, document.page.height - qrSize - 40, { width: qrSize, height: qrSize });
    writeText(document, registration.badgeCode, { ...box, fonts: regular, size: 7, y: document.page.height - 36, pageBreaks: false });
    document.end();
    return done;
  }
}
