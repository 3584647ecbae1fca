import PDFDocument from 'pdfkit';
import { notoFonts, PdfFont, registerFonts } from '../common/pdf/fonts';
import { heightOfText, TextOptions, writeText } from '../common/pdf/pdf-text';
import { listedName, SECTION_HEADINGS } from './participants-order';
import type { ListedGroup } from './participants.service';
import { groupHeading } from './participants.service';

const regular = notoFonts(400);
const bold = notoFonts(700);
const MARGIN = 56;
const GREY = '#555555';

/** What the PDF says of its event and its status, before the groups. */
export interface ParticipantsPdfHeader {
  eventTitle: string;
  /** "26–27 November 2025 · Islamabad" */
  eventLine: string;
  provisional: boolean;
  /** "Provisional list, as of 2 December 2026" or "Final list, published 2 December 2026" */
  statusLine: string;
}

/** The A4 document the list is written into; pipe it to the reply as it is written (it is a readable stream). */
export function participantsDocument(header: ParticipantsPdfHeader): PDFKit.PDFDocument {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `${header.provisional ? 'Provisional list' : 'List'} of Participants — ${header.eventTitle}`, Author: 'Plenary' },
  });
  registerFonts(pdf);
  return pdf;
}

/**
 * Empties the layout cache of each of the document's fonts. pdfkit keeps every distinct word's layout for the
 * life of a document (`EmbeddedFont.layoutCache`): over a list of names, memory that grows with the count
 * (about 1.7 KiB a person, measured). Emptied after each group, it holds one group's words, and the words all
 * groups share ("Director", "Ministry") are laid out again once a group; without the cache at all
 * (`fontLayoutCache: false`) the list took 2.5 times as long.
 */
function forgetLayouts(pdf: PDFKit.PDFDocument): void {
  const fonts = (pdf as unknown as { _fontFamilies: Record<string, { layoutCache?: Record<string, unknown> }> })._fontFamilies;
  for (const font of Object.values(fonts)) if (font.layoutCache) font.layoutCache = Object.create(null) as Record<string, unknown>;
}

/**
 * Writes the List of Participants as its groups arrive (src/documents/README.md): a heading per section and per
 * delegation (or organisation), each person's title and name (with "Head of Delegation"), function and
 * organisation, kept together on a page; on every page "Provisional list" or "List of Participants" at the top
 * and the page number at the bottom (no total: pages are sent as they are finished, so the total is not known).
 * Waits while the reader has not taken what was written (`room`), so memory stays flat however long the list.
 */
export async function writeParticipantsPdf(
  pdf: PDFKit.PDFDocument,
  header: ParticipantsPdfHeader,
  groups: AsyncIterable<ListedGroup>,
  room: () => Promise<void>,
): Promise<void> {
  const width = pdf.page.width - 2 * MARGIN;
  const box = (fonts: PdfFont[], size: number, options: Partial<TextOptions> = {}): TextOptions => ({
    fonts,
    size,
    x: MARGIN,
    width,
    ...options,
  });
  const write = (text: string, fonts: PdfFont[], size: number, options: Partial<TextOptions> = {}) =>
    writeText(pdf, text, box(fonts, size, options));
  let page = 0;
  const decorate = () => {
    page += 1;
    pdf.fillColor(GREY);
    writeText(
      pdf,
      header.provisional ? `Provisional list of participants · ${header.eventTitle}` : `List of participants · ${header.eventTitle}`,
      {
        ...box(regular, 8, { y: 28, pageBreaks: false }),
      },
    );
    writeText(pdf, `Page ${page}`, { ...box(regular, 8, { y: pdf.page.height - 36, pageBreaks: false, align: 'center' }) });
    pdf.fillColor('black');
    pdf.x = MARGIN;
    pdf.y = pdf.page.margins.top;
  };
  pdf.on('pageAdded', decorate);
  decorate();
  /** Starts a new page unless `height` fits above the bottom margin. */
  const keep = (height: number) => {
    if (pdf.y + height > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
  };

  write(header.eventTitle, regular, 11);
  write(header.eventLine, regular, 10);
  pdf.moveDown(0.8);
  write(header.provisional ? 'Provisional list of participants' : 'List of participants', bold, 20);
  write(header.statusLine, regular, 10);
  pdf.moveDown(0.6);

  let section: string | null = null;
  let empty = true;
  for await (const { group, people } of groups) {
    empty = false;
    const heading = groupHeading(group);
    if (group.section !== section) {
      section = group.section;
      keep(70);
      pdf.moveDown(1);
      write(SECTION_HEADINGS[group.section], bold, 15);
      pdf.moveDown(0.3);
    }
    keep(50);
    pdf.moveDown(0.5);
    write(heading, bold, 11.5);
    pdf.moveDown(0.2);
    for (const person of people) {
      const name = listedName(person) + (person.isHead ? ' (Head of Delegation)' : '');
      const details = [person.jobTitle, person.organisation && person.organisation !== group.name ? person.organisation : null].filter(
        (line): line is string => Boolean(line),
      );
      const height =
        heightOfText(pdf, name, box(bold, 10)) +
        details.reduce((sum, line) => sum + heightOfText(pdf, line, box(regular, 9, { indent: 12 })), 0);
      keep(height + 6);
      write(name, bold, 10);
      for (const line of details) write(line, regular, 9, { indent: 12 });
      pdf.moveDown(0.35);
    }
    forgetLayouts(pdf);
    await room();
  }
  if (empty) write('No one is listed yet.', regular, 10);
  pdf.end();
}
