/**
 * One measurement of the documents benchmark, in a process of its own so that its peak RSS is its own:
 * `node badge-sheet-worker.js badges|text <count>` writes an A4 sheet of `count` badges with photos
 * (badge-sheet.ts, as the server does), or pdfkit's plain text on as many pages as that sheet has, into a
 * sink that discards it, and prints one JSON line: milliseconds, bytes, pages, peak RSS before and after.
 */
import PDFDocument from 'pdfkit';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import type { BadgeData } from '../../src/registrations/badge-layout';
import { BADGES_PER_SHEET, writeBadgeSheet } from '../../src/registrations/badge-sheet';

const CATEGORIES = ['delegate', 'observer', 'speaker', 'media', 'staff', 'security'] as const;

/** A 480 × 600 JPEG portrait (about the size the files feature stores), with noise so that it compresses like a photo. */
export async function benchPhoto(): Promise<Buffer> {
  const width = 480;
  const height = 600;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      const face = (x - width / 2) ** 2 + (y - height * 0.4) ** 2 < (width * 0.25) ** 2;
      const noise = Math.floor(Math.random() * 24);
      pixels[at] = (face ? 210 : 120) + noise;
      pixels[at + 1] = (face ? 165 : 160) + noise;
      pixels[at + 2] = (face ? 125 : 205) + noise;
    }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** With --expose-gc: the live memory (heap and Buffers, after a full collection) every 250 badges, in KiB. */
const live: number[] = [];
const gc = (globalThis as { gc?: () => void }).gc;

async function* badges(count: number, photo: Buffer): AsyncGenerator<BadgeData> {
  const event = {
    title: 'International Conference on Countering the Smuggling of Migrants',
    startDate: '2026-11-26',
    endDate: '2026-11-27',
    city: 'Islamabad',
  };
  for (let index = 0; index < count; index++) {
    if (gc && index % 250 === 0) {
      gc();
      const memory = process.memoryUsage();
      live.push(Math.round((memory.heapUsed + memory.external) / 1024));
    }
    yield {
      registration: {
        status: 'confirmed',
        accreditationStatus: 'accredited',
        honorific: index % 3 === 0 ? 'H.E. Mr' : 'Ms',
        givenName: index % 5 === 0 ? 'محمد علی' : 'Ayesha',
        familyName: `Qureshi ${index + 1}`,
        jobTitle: 'Deputy Director, Ministry of Interior',
        organisation: 'Ministry of Interior',
        category: CATEGORIES[index % CATEGORIES.length],
        badgeCode: `B${String(index).padStart(15, '0')}`,
      },
      event,
      delegationName: `Delegation ${1 + (index % 120)}`,
      // A photo buffer of its own for each badge, as the files feature gives them (one at a time).
      photo: Buffer.from(photo),
    };
  }
}

function plainText(pages: number) {
  const pdf = new PDFDocument({ size: 'A4', margin: 50 });
  const line = 'Senior officials and experts agreed to strengthen cooperation against the smuggling of migrants. ';
  for (let page = 0; page < pages; page++) {
    if (page > 0) pdf.addPage();
    pdf.fontSize(11).text(line.repeat(30));
  }
  pdf.end();
  return pdf;
}

async function main(): Promise<void> {
  const [kind, countText] = process.argv.slice(2);
  const count = Number(countText);
  const photo = kind === 'badges' ? await benchPhoto() : Buffer.alloc(0);
  const before = process.resourceUsage().maxRSS;
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  const pages = kind === 'badges' ? Math.ceil(count / BADGES_PER_SHEET) : count;
  const started = performance.now();
  await pipeline(kind === 'badges' ? writeBadgeSheet(badges(count, photo)) : plainText(pages), sink);
  const ms = performance.now() - started;
  console.log(
    JSON.stringify({ kind, count, pages, ms, bytes, rssBeforeKiB: before, peakRssKiB: process.resourceUsage().maxRSS, liveKiB: live }),
  );
}

if (require.main === module)
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
