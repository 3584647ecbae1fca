import PDFDocument from 'pdfkit';
import { countryNameOf } from '../common/countries';
import { formatCalendarDate, formatDateRange, formatDay } from '../common/dates';
import { notoFonts, registerFonts } from '../common/pdf/fonts';
import { writeText } from '../common/pdf/pdf-text';
import { drawImage, pdfBuffer, verificationQr, verificationUrl } from './document-reference-pdf';
import type { Passport } from './letters-sources';
import { LetterContext, renderLetterBody } from './letters-template';

const regular = notoFonts(400);
const bold = notoFonts(700);

/** The person a letter or certificate names, as plain data. */
export interface DocumentPerson {
  honorific: string | null;
  givenName: string;
  familyName: string;
  /** ISO 3166-1 alpha-2, printed as the country's name. */
  nationality: string | null;
  jobTitle: string | null;
  organisation: string | null;
}

export interface DocumentEvent {
  title: string;
  startDate: string;
  endDate: string;
  timezone: string;
  city: string | null;
  venue: string | null;
}

export interface LetterTemplateData {
  body: string;
  signatoryName: string;
  signatoryTitle: string;
}

/** Everything a visa letter shows: plain data, so that it can be rendered without the database. */
export interface LetterData {
  person: DocumentPerson;
  passport: Passport;
  event: DocumentEvent;
  template: LetterTemplateData;
  letterhead?: Buffer | null;
  reference: string;
  /** When the reference was issued (the letter's date); now when left out. */
  issuedAt?: Date;
}

export const fullNameOf = (person: Pick<DocumentPerson, 'honorific' | 'givenName' | 'familyName'>): string =>
  [person.honorific, person.givenName, person.familyName].filter(Boolean).join(' ');

const countryName = (code: string | null) => (code ? (countryNameOf(code) ?? code) : '');

/** The values a letter's placeholders take for this person. */
export function letterContext(data: Omit<LetterData, 'template' | 'letterhead' | 'issuedAt'>): LetterContext {
  const { person, passport, event } = data;
  return {
    fullName: fullNameOf(person),
    honorific: person.honorific ?? '',
    givenName: person.givenName,
    familyName: person.familyName,
    nationality: countryName(person.nationality),
    jobTitle: person.jobTitle ?? '',
    organisation: person.organisation ?? '',
    passportNumber: passport.number,
    passportIssuingCountry: countryName(passport.issuingCountry),
    passportExpiry: formatCalendarDate(passport.expiry),
    dateOfBirth: formatCalendarDate(passport.dateOfBirth),
    eventTitle: event.title,
    eventDates: formatDateRange(event.startDate, event.endDate),
    city: event.city ?? '',
    venue: event.venue ?? '',
    reference: data.reference,
  };
}

/**
 * A visa support letter: A4, the letterhead across the top, the reference and the QR code of its
 * verification page at the top right of the first page (so a scan of the first page is enough), the date,
 * the person's passport details, the template's body and the signatory. Every line through writeText.
 */
export async function renderLetter(data: LetterData, publicUrl: string): Promise<Buffer> {
  const context = letterContext(data);
  const body = renderLetterBody(data.template.body, context);
  const url = verificationUrl(publicUrl, data.reference);
  const qr = await verificationQr(url);
  const document = new PDFDocument({
    size: 'A4',
    margin: 64,
    info: { Title: `Visa support letter — ${context.fullName}`, Author: 'Plenary', Subject: data.event.title },
  });
  registerFonts(document);
  const done = pdfBuffer(document);
  const left = 64;
  const width = document.page.width - 128;

  let top = 48;
  if (data.letterhead && drawImage(document, data.letterhead, left, top, [width, 90])) top += 102;
  const qrSize = 84;
  document.image(qr, left + width - qrSize, top, { width: qrSize, height: qrSize });
  const beside = { x: left, width: width - qrSize - 12, align: 'end' as const, pageBreaks: false };
  writeText(document, `Reference ${data.reference}`, { ...beside, y: top + 6, fonts: bold, size: 10 });
  writeText(document, formatDay(data.issuedAt ?? new Date(), data.event.timezone), { ...beside, fonts: regular, size: 10 });
  writeText(document, `Verify this letter at ${url}`, { ...beside, fonts: regular, size: 7.5 });

  const box = { x: left, width };
  document.y = top + qrSize + 24;
  writeText(document, 'Visa support letter', { ...box, fonts: bold, size: 15 });
  document.moveDown(0.6);
  const details: [string, string][] = [
    ['Name', context.fullName],
    ['Nationality', context.nationality],
    ['Passport number', context.passportNumber],
    ['Issuing country', context.passportIssuingCountry],
    ['Passport expiry', context.passportExpiry],
    ['Date of birth', context.dateOfBirth],
  ];
  for (const [label, value] of details) {
    if (!value) continue;
    const y = document.y;
    writeText(document, label, { x: left, width: 120, y, fonts: bold, size: 10, pageBreaks: false });
    writeText(document, value, { x: left + 128, width: width - 128, y, fonts: regular, size: 10 });
  }
  document.moveDown(1.2);
  for (const paragraph of body.split(/\n{2,}/)) {
    writeText(document, paragraph, { ...box, fonts: regular, size: 11, lineGap: 3 });
    document.moveDown(0.8);
  }
  document.moveDown(1.6);
  writeText(document, data.template.signatoryName, { ...box, fonts: bold, size: 11 });
  writeText(document, data.template.signatoryTitle, { ...box, fonts: regular, size: 10 });
  document.end();
  return done;
}
