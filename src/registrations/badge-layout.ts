/**
 * The badge's design (issue 18), Nest-free so that specs and the benchmark draw it as the server does: an
 * A6 card with a colour band naming the category, the event, an optional photo, the name, the function,
 * the delegation (or organisation) and a QR code of the badge code; one such card on its own page, or four
 * to an A4 sheet with light cut marks (badges-sheet.ts).
 */
import PDFDocument from 'pdfkit';
import * as QRCode from 'qrcode';
import { formatDateRange } from '../common/dates';
import { notoFonts, registerFonts } from '../common/pdf/fonts';
import { heightOfText, writeText } from '../common/pdf/pdf-text';
import type { Event } from '../events/event.entity';
import type { Registration, RegistrationCategory } from './registration.entity';

const regular = notoFonts(400);
const bold = notoFonts(700);

/** What a badge shows. */
export interface BadgeData {
  registration: Pick<
    Registration,
    'status' | 'accreditationStatus' | 'honorific' | 'givenName' | 'familyName' | 'jobTitle' | 'organisation' | 'category' | 'badgeCode'
  >;
  event: Pick<Event, 'title' | 'startDate' | 'endDate' | 'city'>;
  delegationName: string | null;
  /** The person's photo (JPEG, or PNG), drawn in a fixed box; without one the text moves up and no empty frame is drawn. */
  photo?: Buffer | null;
}

/**
 * Each category's band: its colour and the word printed on it, so that the category reads without
 * telling colours apart. Text and band contrast by at least 4.5:1 (WCAG AA for normal text; badge-layout.spec.ts checks).
 */
export const CATEGORY_BANDS: Record<RegistrationCategory, { label: string; background: string; text: string }> = {
  delegate: { label: 'DELEGATE', background: '#1d4e89', text: '#ffffff' },
  observer: { label: 'OBSERVER', background: '#1e6b3c', text: '#ffffff' },
  speaker: { label: 'SPEAKER', background: '#6a1b9a', text: '#ffffff' },
  media: { label: 'MEDIA', background: '#f5b700', text: '#000000' },
  staff: { label: 'STAFF', background: '#4d4d4d', text: '#ffffff' },
  security: { label: 'SECURITY', background: '#b71c1c', text: '#ffffff' },
};

/** A6 in points (105 × 148 mm). */
export const BADGE_WIDTH = 297.64;
export const BADGE_HEIGHT = 419.53;
const MARGIN = 24;
const BAND_HEIGHT = 40;
/** The photo's box, 4:5 (a passport photo's proportions, about 27 × 34 mm): the photo covers it, cropped to it from the centre. */
export const PHOTO_BOX = { width: 76, height: 95 };
const QR_SIZE = 116;
/** Where the QR code starts: the lower part of the card, kept for it. */
const QR_TOP = BADGE_HEIGHT - QR_SIZE - 40;

/** A badge's QR code, as modules to draw (vector: sharp at any print resolution, no image to embed). */
export function badgeQr(badgeCode: string): QRCode.QRCode {
  return QRCode.create(badgeCode, { errorCorrectionLevel: 'M' });
}

/** An image pdfkit has read (`openImage`, which its types leave out): drawn by passing it to `image()`. */
type OpenedImage = { width: number; height: number };

/** The photo as pdfkit reads it, or null when there is none or it is not an image pdfkit reads (the badge is then printed without it). */
function openPhoto(pdf: PDFKit.PDFDocument, photo: Buffer | null | undefined): OpenedImage | null {
  if (!photo || photo.length === 0) return null;
  try {
    return (pdf as unknown as { openImage(source: Buffer): OpenedImage }).openImage(photo);
  } catch {
    return null;
  }
}

/**
 * Draws one badge with its top left corner at (x, y) on the current page. Nothing depends on the page's
 * size or margins: every line is placed, never broken onto a next page.
 */
export function drawBadge(pdf: PDFKit.PDFDocument, data: BadgeData, x = 0, y = 0): { photo: boolean } {
  const { registration, event, delegationName } = data;
  const band = CATEGORY_BANDS[registration.category] ?? CATEGORY_BANDS.delegate;
  const box = { x: x + MARGIN, width: BADGE_WIDTH - 2 * MARGIN, align: 'center' as const, pageBreaks: false };

  // The band, edge to edge, with the category in words.
  pdf.save().rect(x, y, BADGE_WIDTH, BAND_HEIGHT).fill(band.background).restore();
  const labelHeight = heightOfText(pdf, band.label, { fonts: bold, size: 18, width: box.width });
  pdf.fillColor(band.text);
  writeText(pdf, band.label, { ...box, fonts: bold, size: 18, y: y + (BAND_HEIGHT - labelHeight) / 2 });
  pdf.fillColor('#000000');

  // The event.
  writeText(pdf, event.title, { ...box, fonts: regular, size: 9, y: y + BAND_HEIGHT + 10, shrinkTo: 7 });
  writeText(pdf, formatDateRange(event.startDate, event.endDate) + (event.city ? ` · ${event.city}` : ''), {
    ...box,
    fonts: regular,
    size: 8,
  });
  let top = pdf.y + 8;

  // The photo, in its fixed box, centred.
  const photo = openPhoto(pdf, data.photo);
  if (photo) {
    const left = x + (BADGE_WIDTH - PHOTO_BOX.width) / 2;
    pdf.save().rect(left, top, PHOTO_BOX.width, PHOTO_BOX.height).clip();
    pdf.image(photo as unknown as PDFKit.Mixins.ImageSrc, left, top, {
      cover: [PHOTO_BOX.width, PHOTO_BOX.height],
      align: 'center',
      valign: 'center',
    });
    pdf.restore();
    pdf.save().lineWidth(0.5).strokeColor('#9e9e9e').rect(left, top, PHOTO_BOX.width, PHOTO_BOX.height).stroke().restore();
    top += PHOTO_BOX.height + 8;
  }

  // The person: name, function, delegation or organisation; as a block, centred in the room above the QR code.
  const name = [registration.honorific, registration.givenName, registration.familyName].filter(Boolean).join(' ');
  const affiliation = delegationName ?? registration.organisation;
  const lines: { text: string; fonts: typeof regular; size: number; shrinkTo: number; gap: number }[] = [
    { text: name, fonts: bold, size: 18, shrinkTo: 12, gap: 2 },
    ...(registration.jobTitle ? [{ text: registration.jobTitle, fonts: regular, size: 10, shrinkTo: 8, gap: 2 }] : []),
    ...(affiliation ? [{ text: affiliation, fonts: bold, size: 11, shrinkTo: 9, gap: 0 }] : []),
  ];
  const height = lines.reduce((sum, line) => sum + heightOfText(pdf, line.text, { ...box, ...line }) + line.gap, 0);
  const room = y + QR_TOP - 10 - top;
  let at = top + Math.max(0, (room - height) / (photo ? 3 : 2));
  for (const line of lines) {
    writeText(pdf, line.text, { ...box, ...line, y: at });
    at = pdf.y + line.gap;
  }

  // The QR code of the badge code, and the code in letters under it.
  drawQr(pdf, badgeQr(registration.badgeCode), x + (BADGE_WIDTH - QR_SIZE) / 2, y + QR_TOP, QR_SIZE);
  writeText(pdf, registration.badgeCode, { ...box, fonts: regular, size: 7, y: y + BADGE_HEIGHT - 30 });
  return { photo: photo !== null };
}

/** The QR code's dark modules as filled rectangles (one per run of dark modules in a row), in a square of `size` points with a one-module quiet zone. */
function drawQr(pdf: PDFKit.PDFDocument, qr: QRCode.QRCode, x: number, y: number, size: number): void {
  const count = qr.modules.size;
  const module = size / (count + 2);
  pdf.save();
  for (let row = 0; row < count; row++) {
    let column = 0;
    while (column < count) {
      if (!qr.modules.get(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < count && qr.modules.get(row, column)) column++;
      // A hair taller than a module, so that rows meet without a seam when rendered.
      pdf.rect(x + (start + 1) * module, y + (row + 1) * module, (column - start) * module, module + 0.05);
    }
  }
  pdf.fill('#000000').restore();
}

/** A new PDF document of Plenary's fonts, for badges. */
export function badgeDocument(options: PDFKit.PDFDocumentOptions): PDFKit.PDFDocument {
  const document = new PDFDocument({ margin: 0, ...options, info: { Author: 'Plenary', ...options.info } });
  registerFonts(document);
  return document;
}

/** One badge on an A6 page. */
export function renderBadge(data: BadgeData): Promise<Buffer> {
  const { registration } = data;
  const document = badgeDocument({ size: 'A6', info: { Title: `Badge — ${registration.givenName} ${registration.familyName}` } });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  drawBadge(document, data);
  document.end();
  return done;
}
