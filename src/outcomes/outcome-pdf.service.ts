import { Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/errors/api-error';
import { fontRuns, notoFonts, PdfFont } from '../common/pdf/font-runs';
import { EventsService } from '../events/events.service';
import type { PartnersByRole } from '../events/partner.dto';
import { formatDates } from '../registrations/badges.service';
import type { CommitmentRecord } from './commitment.dto';
import { CommitmentsService } from './commitments.service';
import { markdownBlocks } from './markdown';
import { OutcomeAccessService } from './outcome-access.service';
import { OutcomesService } from './outcomes.service';
import { DataSource } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';

const regular = notoFonts(400);
const bold = notoFonts(700);
const MARGIN = 56;
const PARTNER_LABELS: Record<keyof PartnersByRole, string> = { host: 'Hosted by', co_organiser: 'Co-organised by', funder: 'Funded by', partner: 'With' };

/**
 * The PDF of a published outcome document (A4): the event's title, dates, place and partners, the
 * published version's body (headings, paragraphs, lists, quotes from the markdown, as plain text; raw HTML
 * dropped) and a table of its commitments. Text in Latin, Greek, Cyrillic and Arabic script is embedded.
 */
@Injectable()
export class OutcomePdfService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OutcomeAccessService,
    private readonly outcomes: OutcomesService,
    private readonly commitments: CommitmentsService,
    private readonly events: EventsService,
  ) {}

  /** Published documents only (the public's view), for anyone who may read them; 404 otherwise. */
  async render(id: string, user: AuthenticatedUser | undefined): Promise<Buffer> {
    const { document } = await this.access.readable(id, user);
    if (document.status !== 'published') throw ApiError.notFound('Published outcome document');
    const [event, partners, version, commitments] = await Promise.all([
      this.events.getById(document.eventId),
      this.events.partnersByRole(document.eventId),
      this.outcomes.shownVersion(document),
      this.commitments.published(document),
    ]);

    const pdf = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: document.title, Subject: event.title, Author: 'Plenary' } });
    for (const font of [...regular, ...bold]) pdf.registerFont(font.name, font.path);
    const done = collect(pdf);
    const width = pdf.page.width - 2 * MARGIN;

    write(pdf, event.title, regular, 10, width);
    write(pdf, formatDates(event.startDate, event.endDate) + (event.city ? ` · ${event.city}` : ''), regular, 10, width);
    for (const role of Object.keys(PARTNER_LABELS) as (keyof PartnersByRole)[]) {
      const names = partners[role].map((partner) => partner.organisation.acronym ?? partner.organisation.name);
      if (names.length) write(pdf, `${PARTNER_LABELS[role]}: ${names.join(', ')}`, regular, 9, width);
    }
    pdf.moveDown(1);
    write(pdf, document.title, bold, 20, width);
    write(pdf, `Version ${version.number}, published ${document.publishedAt!.toISOString().slice(0, 10)}`, regular, 9, width);
    pdf.moveDown(1);

    for (const block of markdownBlocks(version.body)) {
      if (block.type === 'heading') {
        pdf.moveDown(0.5);
        write(pdf, block.text, bold, Math.max(11, 17 - 2 * block.level), width);
      } else if (block.type === 'list_item') {
        const indent = 14 * block.depth;
        write(pdf, `${block.marker || ' '}  ${block.text}`, regular, 11, width - indent, MARGIN + indent);
      } else if (block.type === 'quote') {
        write(pdf, block.text, regular, 11, width - 24, MARGIN + 24);
      } else {
        write(pdf, block.text, regular, block.type === 'code' ? 9 : 11, width);
      }
      pdf.moveDown(0.4);
    }

    if (commitments.length) commitmentsTable(pdf, commitments, width);
    pageNumbers(pdf, document.title);
    pdf.end();
    return done;
  }
}

function collect(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
}

/** Left-aligned wrapped text; each run of one script in the font that has its glyphs. */
function write(pdf: PDFKit.PDFDocument, text: string, fonts: PdfFont[], size: number, width: number, x = MARGIN): void {
  const runs = fontRuns(text, fonts);
  pdf.fontSize(size);
  runs.forEach((run, index) => {
    pdf.font(run.font.name);
    if (index === 0) pdf.text(run.text, x, pdf.y, { width, continued: index < runs.length - 1 });
    else pdf.text(run.text, { continued: index < runs.length - 1 });
  });
}

const COLUMNS = [
  { title: '#', width: 0.06 },
  { title: 'Theme', width: 0.22 },
  { title: 'Commitment', width: 0.42 },
  { title: 'Leads', width: 0.16 },
  { title: 'Status', width: 0.14 },
];

/** One row per commitment; rows move to a new page whole, with the header repeated. */
function commitmentsTable(pdf: PDFKit.PDFDocument, commitments: CommitmentRecord[], width: number): void {
  pdf.moveDown(1);
  write(pdf, 'Commitments', bold, 14, width);
  pdf.moveDown(0.4);
  const widths = COLUMNS.map((column) => column.width * width);
  const row = (cells: string[], fonts: PdfFont[]) => {
    pdf.font(fonts[0].name).fontSize(9);
    const height = Math.max(...cells.map((cell, index) => pdf.heightOfString(cell, { width: widths[index] - 6 }))) + 8;
    if (pdf.y + height > pdf.page.height - MARGIN) {
      pdf.addPage();
      if (fonts === regular) row(COLUMNS.map((column) => column.title), bold);
    }
    const top = pdf.y;
    let x = MARGIN;
    cells.forEach((cell, index) => {
      pdf.font(fonts[0].name).fontSize(9).text(cell, x + 3, top + 4, { width: widths[index] - 6 });
      x += widths[index];
    });
    pdf.moveTo(MARGIN, top + height).lineTo(MARGIN + width, top + height).lineWidth(0.5).strokeColor('#999999').stroke();
    pdf.x = MARGIN;
    pdf.y = top + height;
  };
  row(COLUMNS.map((column) => column.title), bold);
  commitments.forEach((commitment, index) => row([String(index + 1), commitment.theme, commitment.text, commitment.leads.join(', '), commitment.status.replace('_', ' ')], regular));
}

function pageNumbers(pdf: PDFKit.PDFDocument, title: string): void {
  const range = pdf.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    pdf.switchToPage(index);
    const y = pdf.page.height - MARGIN / 2 - 6;
    pdf.page.margins.bottom = 0;
    pdf.font(regular[0].name).fontSize(8).fillColor('#555555').text(`${title} — page ${index + 1} of ${range.count}`, MARGIN, y, { width: pdf.page.width - 2 * MARGIN, align: 'center', lineBreak: false });
  }
}
