import PDFDocument from 'pdfkit';
import { formatDateRange, formatDay } from '../common/dates';
import { notoFonts, registerFonts } from '../common/pdf/fonts';
import { writeText } from '../common/pdf/pdf-text';
import { drawImage, pdfBuffer, verificationQr, verificationUrl } from './document-reference-pdf';
import { DocumentEvent, DocumentPerson, fullNameOf } from './letters-pdf';

const regular = notoFonts(400);
const bold = notoFonts(700);

export interface CertificateData {
  person: DocumentPerson;
  /** The delegation the person attended with, else their organisation. */
  affiliation: string | null;
  event: DocumentEvent;
  /** From the event's letter template, when it has one. */
  signatory: { name: string; title: string } | null;
  letterhead?: Buffer | null;
  reference: string;
  issuedAt: Date;
}

/**
 * A certificate of attendance: A4 landscape, centred, the person's name large, the event, where and when,
 * the signatory (the letter template's) and, at the bottom, the reference with the QR code of its
 * verification page. Every line through writeText.
 */
export async function renderCertificate(data: CertificateData, publicUrl: string): Promise<Buffer> {
  const name = fullNameOf(data.person);
  const url = verificationUrl(publicUrl, data.reference);
  const qr = await verificationQr(url);
  const document = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 56,
    info: { Title: `Certificate of attendance — ${name}`, Author: 'Plenary', Subject: data.event.title },
  });
  registerFonts(document);
  const done = pdfBuffer(document);
  const left = 56;
  const width = document.page.width - 112;
  const centred = { x: left, width, align: 'center' as const, pageBreaks: false };

  let top = 44;
  if (data.letterhead && drawImage(document, data.letterhead, left, top, [width, 70])) top += 80;
  document.y = top + 16;
  writeText(document, 'Certificate of Attendance', { ...centred, fonts: bold, size: 28 });
  document.moveDown(1);
  writeText(document, 'This is to certify that', { ...centred, fonts: regular, size: 13 });
  document.moveDown(0.6);
  writeText(document, name, { ...centred, fonts: bold, size: 24, shrinkTo: 14 });
  if (data.affiliation) writeText(document, data.affiliation, { ...centred, fonts: regular, size: 13 });
  document.moveDown(0.8);
  writeText(document, 'attended', { ...centred, fonts: regular, size: 13 });
  document.moveDown(0.4);
  writeText(document, data.event.title, { ...centred, fonts: bold, size: 17 });
  const dates = formatDateRange(data.event.startDate, data.event.endDate);
  writeText(document, data.event.city ? `held in ${data.event.city}, ${dates}` : `held ${dates}`, { ...centred, fonts: regular, size: 13 });

  const qrSize = 78;
  const bottom = document.page.height - 56 - qrSize;
  if (data.signatory) {
    writeText(document, data.signatory.name, { x: left, width: width / 2, y: bottom + 20, fonts: bold, size: 11, pageBreaks: false });
    writeText(document, data.signatory.title, { x: left, width: width / 2, fonts: regular, size: 10, pageBreaks: false });
  }
  writeText(document, `Issued ${formatDay(data.issuedAt, data.event.timezone)}`, {
    x: left,
    width: width / 2,
    y: bottom + qrSize - 12,
    fonts: regular,
    size: 9,
    pageBreaks: false,
  });
  document.image(qr, left + width - qrSize, bottom, { width: qrSize, height: qrSize });
  const beside = { x: left + width / 2, width: width / 2 - qrSize - 12, align: 'end' as const, pageBreaks: false };
  writeText(document, `Reference ${data.reference}`, { ...beside, y: bottom + 24, fonts: bold, size: 10 });
  writeText(document, `Verify at ${url}`, { ...beside, fonts: regular, size: 7.5 });
  document.end();
  return done;
}
