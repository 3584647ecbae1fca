import { Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import * as QRCode from 'qrcode';
import { ApiError } from '../common/errors/api-error';
import { fontRuns, notoFonts, PdfFont } from '../common/pdf/font-runs';
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
 * Arabic script (Arabic, Urdu, Persian), Greek and Cyrillic render with embedded Noto fonts.
 */
@Injectable()
export class BadgesService {
  async render({ registration, event, delegationName }: BadgeData): Promise<Buffer> {
    if (registration.status !== 'confirmed') throw ApiError.conflict('NOT_CONFIRMED', 'A badge is issued once the registration is confirmed');
    const qr = await QRCode.toBuffer(registration.badgeCode, { errorCorrectionLevel: 'M', margin: 1, width: 360 });
    const document = new PDFDocument({ size: 'A6', margin: 24, info: { Title: `Badge — ${registration.givenName} ${registration.familyName}`, Author: 'Plenary' } });
    for (const font of [...regular, ...bold]) document.registerFont(font.name, font.path);
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<Buffer>((resolve, reject) => {
      document.on('end', () => resolve(Buffer.concat(chunks)));
      document.on('error', reject);
    });

    const width = document.page.width - 48;
    write(document, event.title, regular, 9, width);
    write(document, formatDates(event.startDate, event.endDate) + (event.city ? ` · ${event.city}` : ''), regular, 8, width);
    document.moveDown(1.2);
    const name = [registration.honorific, registration.givenName, registration.familyName].filter(Boolean).join(' ');
    write(document, name, bold, 18, width);
    const affiliation = delegationName ?? registration.organisation;
    if (affiliation) write(document, affiliation, regular, 11, width);
    document.moveDown(0.6);
    write(document, registration.category.toUpperCase(), bold, 10, width);
    const qrSize = 130;
    document.image(qr, (document.page.width - qrSize) / 2, document.page.height - qrSize - 40, { width: qrSize, height: qrSize });
    document.font(regular[0].name).fontSize(7).text(registration.badgeCode, 24, document.page.height - 36, { width, align: 'center' });
    document.end();
    return done;
  }
}

/**
 * Writes centred text. Text in one script wraps normally; text mixing scripts (a Latin honorific with an
 * Arabic name) is laid out run by run on one line, each run in its font, shrunk to fit if needed.
 */
function write(document: PDFKit.PDFDocument, text: string, fonts: PdfFont[], size: number, width: number): void {
  const left = document.page.margins.left;
  const runs = fontRuns(text, fonts);
  if (runs.length === 1) {
    document.font(runs[0].font.name).fontSize(size).text(text, left, document.y, { width, align: 'center' });
    return;
  }
  const measure = (fontSize: number) => runs.reduce((sum, run) => sum + document.font(run.font.name).fontSize(fontSize).widthOfString(run.text), 0);
  const fontSize = Math.min(size, (size * width) / measure(size));
  const y = document.y;
  let x = left + (width - measure(fontSize)) / 2;
  for (const run of runs) {
    document.font(run.font.name).fontSize(fontSize).text(run.text, x, y, { lineBreak: false });
    x += document.widthOfString(run.text);
  }
  document.x = left;
  document.y = y + document.currentLineHeight(true);
}

/** "26 November 2025", "26–27 November 2025", "30 November – 1 December 2025". */
export function formatDates(start: string, end: string): string {
  const format = (date: string, options: Intl.DateTimeFormatOptions) => new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { ...options, timeZone: 'UTC' });
  const full = { day: 'numeric', month: 'long', year: 'numeric' } as const;
  if (start === end) return format(start, full);
  if (start.slice(0, 7) === end.slice(0, 7)) return `${format(start, { day: 'numeric' })}–${format(end, full)}`;
  if (start.slice(0, 4) === end.slice(0, 4)) return `${format(start, { day: 'numeric', month: 'long' })} – ${format(end, full)}`;
  return `${format(start, full)} – ${format(end, full)}`;
}
