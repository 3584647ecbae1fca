import { createHash, randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { Pool } from 'pg';

/** A photo made for a test: `width`×`height` pixels, left half red and right half blue, as sharp encodes it. */
export async function photo(format: 'jpeg' | 'png' | 'webp', width = 900, height = 1200): Promise<Buffer> {
  const half = Math.floor(width / 2);
  const red = await sharp({ create: { width: half, height, channels: 3, background: '#d01010' } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: '#1030d0' } })
    .composite([{ input: red, left: 0, top: 0 }])
    .toFormat(format)
    .toBuffer();
}

/**
 * A JPEG straight from a phone: stored sideways (1200×900, EXIF orientation 6: "turn 90° clockwise"), with
 * the camera, the date and a GPS position in its EXIF, and an ICC profile (Display P3).
 */
export async function phonePhoto(): Promise<Buffer> {
  const half = 600;
  const red = await sharp({ create: { width: half, height: 900, channels: 3, background: '#d01010' } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: '#1030d0' } })
    .composite([{ input: red, left: 0, top: 0 }])
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 15', DateTime: '2025:11:20 09:30:00', Copyright: 'Amina Rahman' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '33/1 41/1 3000/100', GPSLongitudeRef: 'E', GPSLongitude: '73/1 2/1 5100/100' },
    })
    .withIccProfile('p3')
    .jpeg({ quality: 90 })
    .toBuffer();
}

/**
 * A PDF of about `bytes` bytes, built by hand so its size can be chosen: a catalog, a page, and one stream
 * of random bytes, with a correct cross-reference table and trailer.
 */
export function pdfOfSize(bytes: number): Buffer {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (chunk: string | Buffer) => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    parts.push(buffer);
    length += buffer.length;
  };
  const object = (body: string | Buffer[]) => {
    offsets.push(length);
    if (typeof body === 'string') push(`${offsets.length} 0 obj\n${body}\nendobj\n`);
    else for (const piece of body) push(piece);
  };
  push('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  object('<< /Type /Catalog /Pages 2 0 R >>');
  object('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>');
  const data = randomBytes(Math.max(16, bytes - 600));
  object([Buffer.from(`4 0 obj\n<< /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
  const xref = length;
  push(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n`);
  for (const offset of offsets) push(`${String(offset).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

/** A ZIP archive (one stored file), as a Word document or a zipped folder starts. */
export function zipArchive(): Buffer {
  const name = Buffer.from('photo.jpg');
  const content = Buffer.from('not really a photo');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt32LE(content.length, 18);
  header.writeUInt32LE(content.length, 22);
  header.writeUInt16LE(name.length, 26);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  return Buffer.concat([header, name, content, end]);
}

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Sends one file in a multipart form (as a browser would), with the name and type the sender claims. */
export async function upload(
  url: string,
  token: string | undefined,
  method: 'PUT' | 'POST',
  field: string,
  file: { data: Buffer; filename: string; type: string },
): Promise<{ status: number; body: any; headers: Headers }> {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(file.data)], { type: file.type }), file.filename);
  const response = await fetch(url, { method, body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body, headers: response.headers };
}

/** What is stored for an event: the number of files, their total size, and the file columns of its rows. */
export async function storedState(
  db: Pool,
  eventId: string,
): Promise<{ files: number; bytes: number; photos: unknown[]; letters: unknown[] }> {
  const files = await db.query<{ files: string; bytes: string }>(
    'SELECT count(*) AS files, coalesce(sum(size_bytes), 0) AS bytes FROM stored_file WHERE event_id = $1',
    [eventId],
  );
  const photos = await db.query('SELECT id, photo_file_id FROM registration WHERE event_id = $1 ORDER BY id', [eventId]);
  const letters = await db.query('SELECT id, credentials_file_id FROM delegation WHERE event_id = $1 ORDER BY id', [eventId]);
  return { files: Number(files.rows[0].files), bytes: Number(files.rows[0].bytes), photos: photos.rows, letters: letters.rows };
}
