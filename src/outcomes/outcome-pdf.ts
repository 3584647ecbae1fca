import PDFDocument from 'pdfkit';
import { notoFonts, PdfFont, registerFonts } from '../common/pdf/fonts';
import { heightOfText, TextOptions, writeText } from '../common/pdf/pdf-text';
import { markdownBlocks } from './markdown';

/** Everything the outcome PDF shows, as plain data (it crosses into the rendering thread). */
export interface OutcomePdfInput {
  eventTitle: string;
  /** "26–27 November 2025 · Islamabad" */
  eventLine: string;
  /** "Hosted by: Ministry of Interior, IOM", one line per partner role. */
  partnerLines: string[];
  title: string;
  subject: string;
  /** "Version 3, published 2 December 2026" */
  versionLine: string;
  body: string;
  commitments: { theme: string; text: string; leads: string[]; status: string }[];
  /** The PDF's creation date (ISO 8601): the publication's, so that the same input gives the same document. */
  createdAt: string;
}

/** Changes whenever the layout below changes, so that PDFs stored before are rendered again. */
export const OUTCOME_PDF_LAYOUT = 2;

const regular = notoFonts(400);
const bold = notoFonts(700);
const MARGIN = 56;

/**
 * The PDF of a published outcome document (A4): the event's title, dates, place and partners, the
 * published version's body (headings, paragraphs, lists, quotes from the markdown, as plain text; raw HTML
 * dropped) and a table of its commitments. Text in Latin, Greek, Cyrillic and Arabic script is embedded;
 * right-to-left paragraphs are set right-aligned in their own order (src/common/pdf/pdf-text.ts).
 */
export function renderOutcomePdf(input: OutcomePdfInput): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: input.title, Subject: input.subject, Author: 'Plenary', CreationDate: new Date(input.createdAt) },
  });
  registerFonts(pdf);
  const done = collect(pdf);
  const width = pdf.page.width - 2 * MARGIN;
  const write = (text: string, fonts: PdfFont[], size: number, options: Partial<TextOptions> = {}) =>
    writeText(pdf, text, { fonts, size, x: MARGIN, width, ...options });

  write(input.eventTitle, regular, 10);
  write(input.eventLine, regular, 10);
  for (const line of input.partnerLines) write(line, regular, 9);
  pdf.moveDown(1);
  write(input.title, bold, 20);
  write(input.versionLine, regular, 9);
  pdf.moveDown(1);

  for (const block of markdownBlocks(input.body)) {
    if (block.type === 'heading') {
      pdf.moveDown(0.5);
      write(block.text, bold, Math.max(11, 17 - 2 * block.level));
    } else if (block.type === 'list_item') {
      write(`${block.marker || ' '}  ${block.text}`, regular, 11, { indent: 14 * block.depth });
    } else if (block.type === 'quote') {
      write(block.text, regular, 11, { indent: 24 });
    } else {
      write(block.text, regular, block.type === 'code' ? 9 : 11);
    }
    pdf.moveDown(0.4);
  }

  if (input.commitments.length) commitmentsTable(pdf, input.commitments, width);
  pageNumbers(pdf, input.title);
  pdf.end();
  return done;
}

function collect(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
}

const COLUMNS = [
  { title: '#', width: 0.06 },
  { title: 'Theme', width: 0.22 },
  { title: 'Commitment', width: 0.42 },
  { title: 'Leads', width: 0.16 },
  { title: 'Status', width: 0.14 },
];

/** One row per commitment; rows move to a new page whole, with the header repeated. Cells take every embedded script. */
function commitmentsTable(pdf: PDFKit.PDFDocument, commitments: OutcomePdfInput['commitments'], width: number): void {
  pdf.moveDown(1);
  writeText(pdf, 'Commitments', { fonts: bold, size: 14, x: MARGIN, width });
  pdf.moveDown(0.4);
  const widths = COLUMNS.map((column) => column.width * width);
  const row = (cells: string[], fonts: PdfFont[]) => {
    const height = Math.max(...cells.map((cell, index) => heightOfText(pdf, cell, { fonts, size: 9, width: widths[index] - 6 }))) + 8;
    if (pdf.y + height > pdf.page.height - MARGIN) {
      pdf.addPage();
      if (fonts === regular)
        row(
          COLUMNS.map((column) => column.title),
          bold,
        );
    }
    const top = pdf.y;
    let x = MARGIN;
    cells.forEach((cell, index) => {
      writeText(pdf, cell, { fonts, size: 9, x: x + 3, y: top + 4, width: widths[index] - 6, pageBreaks: false });
      x += widths[index];
    });
    pdf
      .moveTo(MARGIN, top + height)
      .lineTo(MARGIN + width, top + height)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
    pdf.x = MARGIN;
    pdf.y = top + height;
  };
  row(
    COLUMNS.map((column) => column.title),
    bold,
  );
  commitments.forEach((commitment, index) =>
    row([String(index + 1), commitment.theme, commitment.text, commitment.leads.join(', '), commitment.status.replace('_', ' ')], regular),
  );
}

function pageNumbers(pdf: PDFKit.PDFDocument, title: string): void {
  const range = pdf.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    pdf.switchToPage(index);
    pdf.page.margins.bottom = 0;
    pdf.fillColor('#555555');
    writeText(pdf, `${title} — page ${index + 1} of ${range.count}`, {
      fonts: regular,
      size: 8,
      x: MARGIN,
      width: pdf.page.width - 2 * MARGIN,
      y: pdf.page.height - MARGIN / 2 - 6,
      align: 'center',
      pageBreaks: false,
    });
  }
}
