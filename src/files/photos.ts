import sharp from 'sharp';
import { DESCRIPTIONS, sniff } from './file-content';
import { fileRefusal, sizeText } from './file-refusals';

/** The largest photo a person may upload (before it is re-encoded). */
export const PHOTO_UPLOAD_BYTES = 5 * 1024 * 1024;
/** Every stored photo has this size: portrait 3:4, as on a badge. */
export const PHOTO_SIZE = { width: 600, height: 800 } as const;
/** A smaller photo (after turning it upright) is refused: printed on a badge it would be blurred. */
export const PHOTO_MINIMUM = { width: 300, height: 400 } as const;
/** Decoding stops past this many pixels (a 50-megapixel camera's image): a small file that decodes to a huge one is refused. */
const MAX_INPUT_PIXELS = 50_000_000;
const ACCEPTED = ['jpeg', 'png', 'webp'] as const;

export interface NormalisedPhoto {
  /** A baseline JPEG of PHOTO_SIZE, in sRGB, without any metadata (no EXIF, GPS, XMP, IPTC or ICC profile). */
  data: Buffer;
  contentType: 'image/jpeg';
  width: number;
  height: number;
  /** The uploaded image's size, upright. */
  original: { width: number; height: number };
}

/**
 * A person's photo as Plenary keeps it: the upload is checked by its content (JPEG, PNG or WebP; a PDF
 * or a ZIP with an image's name is refused, naming what it is), decoded by sharp, turned upright by its
 * EXIF orientation, refused when smaller than PHOTO_MINIMUM, then cropped to fill PHOTO_SIZE (on the
 * region sharp finds most salient, usually the face) and written again as a JPEG with every piece of
 * metadata dropped, so no camera, place (GPS) or date travels on. Refusals are ApiErrors naming `field`.
 */
export async function normalisePhoto(input: Buffer, field = 'photo'): Promise<NormalisedPhoto> {
  if (input.length > PHOTO_UPLOAD_BYTES)
    throw fileRefusal('FILE_TOO_LARGE', field, `the photo is larger than ${sizeText(PHOTO_UPLOAD_BYTES)}; upload a smaller one`);
  if (input.length === 0) throw fileRefusal('FILE_UNREADABLE', field, 'the file is empty; choose a JPEG, PNG or WebP photo');
  const type = sniff(input);
  if (!(ACCEPTED as readonly string[]).includes(type))
    throw fileRefusal('FILE_TYPE_NOT_ALLOWED', field, `the file is ${DESCRIPTIONS[type]}, not a photo; upload a JPEG, PNG or WebP image`);
  const options = { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS, autoOrient: true } as const;
  let upright: { width: number; height: number };
  try {
    const metadata = await sharp(input, options).metadata();
    if (metadata.format !== type) throw new Error(`sharp reads ${metadata.format}`);
    upright = metadata.autoOrient;
  } catch {
    throw fileRefusal('FILE_UNREADABLE', field, `the file starts as ${DESCRIPTIONS[type]} but cannot be read as one (it may be damaged)`);
  }
  if (upright.width < PHOTO_MINIMUM.width || upright.height < PHOTO_MINIMUM.height)
    throw fileRefusal(
      'PHOTO_TOO_SMALL',
      field,
      `the photo is ${upright.width}×${upright.height} pixels; it must be at least ${PHOTO_MINIMUM.width}×${PHOTO_MINIMUM.height} pixels (width × height)`,
      { minimum: PHOTO_MINIMUM },
    );
  let output: { data: Buffer; info: sharp.OutputInfo };
  try {
    output = await sharp(input, options)
      .resize(PHOTO_SIZE.width, PHOTO_SIZE.height, { fit: 'cover', position: sharp.strategy.attention })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg({ quality: 85, chromaSubsampling: '4:2:0' })
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw fileRefusal('FILE_UNREADABLE', field, `the file starts as ${DESCRIPTIONS[type]} but cannot be read as one (it may be damaged)`);
  }
  return { data: output.data, contentType: 'image/jpeg', width: output.info.width, height: output.info.height, original: upright };
}
