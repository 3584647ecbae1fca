import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { DESCRIPTIONS, sniff } from './file-content';
import { fileRefusal, sizeText } from './file-refusals';

/** The largest letterhead an organiser may upload (FILE_LIMITS.letterhead). */
export const LETTERHEAD_BYTES = 2 * 1024 * 1024;
/**
 * A letterhead is printed across the top of an A4 letter (about 18 cm): narrower or shorter than this it
 * is blurred or unreadable there. Larger than the maximum is no sharper on paper, only slower to print
 * (pdfkit decodes a PNG with transparency in memory for every letter).
 */
export const LETTERHEAD_MINIMUM = { width: 600, height: 60 } as const;
export const LETTERHEAD_MAXIMUM = { width: 5000, height: 2500 } as const;
const ACCEPTED = ['png', 'jpeg'] as const;

export interface CheckedLetterhead {
  /** The bytes as uploaded (a letterhead is the organisation's own artwork: not re-encoded). */
  data: Buffer;
  contentType: 'image/png' | 'image/jpeg';
  extension: 'png' | 'jpg';
  width: number;
  height: number;
}

const pixels = (size: { width: number; height: number }) => `${size.width}×${size.height}`;

/**
 * Checks an uploaded letterhead by its content, whatever its name or declared type: a PNG or JPEG (told by
 * its first bytes) of at most 2 MB, that decodes whole (sharp, `failOn: 'error'`), of LETTERHEAD_MINIMUM
 * to LETTERHEAD_MAXIMUM pixels, and that pdfkit, which prints it into the letters, can embed. Refusals are
 * ApiErrors naming `field`: FILE_TOO_LARGE (413), FILE_TYPE_NOT_ALLOWED (415), FILE_UNREADABLE and
 * LETTERHEAD_DIMENSIONS_NOT_ALLOWED (422).
 */
export async function checkLetterhead(input: Buffer, field = 'letterhead'): Promise<CheckedLetterhead> {
  if (input.length > LETTERHEAD_BYTES)
    throw fileRefusal('FILE_TOO_LARGE', field, `the file is larger than ${sizeText(LETTERHEAD_BYTES)}; upload a smaller PNG or JPEG`);
  if (input.length === 0) throw fileRefusal('FILE_UNREADABLE', field, 'the file is empty; choose a PNG or JPEG image');
  const type = sniff(input);
  if (!(ACCEPTED as readonly string[]).includes(type))
    throw fileRefusal('FILE_TYPE_NOT_ALLOWED', field, `the file is ${DESCRIPTIONS[type]}, not a letterhead image; upload a PNG or JPEG`);
  const unreadable = () =>
    fileRefusal('FILE_UNREADABLE', field, `the file starts as ${DESCRIPTIONS[type]} but cannot be read as one (it may be damaged)`);
  let size: { width: number; height: number };
  try {
    // The header only: the pixel limit below refuses a huge image before anything decodes it.
    const metadata = await sharp(input, { failOn: 'error', limitInputPixels: false }).metadata();
    if (metadata.format !== type || !metadata.width || !metadata.height) throw new Error(`sharp reads ${metadata.format}`);
    size = metadata.autoOrient ?? { width: metadata.width, height: metadata.height };
  } catch {
    throw unreadable();
  }
  const { width, height } = size;
  if (
    width < LETTERHEAD_MINIMUM.width ||
    height < LETTERHEAD_MINIMUM.height ||
    width > LETTERHEAD_MAXIMUM.width ||
    height > LETTERHEAD_MAXIMUM.height
  )
    throw fileRefusal(
      'LETTERHEAD_DIMENSIONS_NOT_ALLOWED',
      field,
      `the image is ${pixels(size)} pixels; a letterhead must be ${pixels(LETTERHEAD_MINIMUM)} to ${pixels(LETTERHEAD_MAXIMUM)} pixels (width × height)`,
      { minimum: LETTERHEAD_MINIMUM, maximum: LETTERHEAD_MAXIMUM },
    );
  try {
    // Every pixel, so that a file cut short is refused now rather than printed half.
    await sharp(input, { failOn: 'error' }).resize(64).toBuffer();
    await embedsInPdf(input);
  } catch {
    throw unreadable();
  }
  return type === 'png'
    ? { data: input, contentType: 'image/png', extension: 'png', width, height }
    : { data: input, contentType: 'image/jpeg', extension: 'jpg', width, height };
}

/** Prints the image into a throwaway PDF as the letters do: rejects when pdfkit cannot. */
function embedsInPdf(image: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const document = new PDFDocument({ size: 'A4' });
    document.on('data', () => undefined);
    document.on('end', () => resolve());
    document.on('error', reject);
    try {
      document.image(image, 0, 0, { fit: [515, 90] });
      document.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
