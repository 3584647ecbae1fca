import * as QRCode from 'qrcode';

/** The public page that says whether a document is valid: what its QR code opens. */
export const verificationUrl = (publicUrl: string, reference: string): string => `${publicUrl}/verify/${encodeURIComponent(reference)}`;

/** The QR code of a document's verification URL, as a PNG (error correction M: a printed page survives a fold). */
export const verificationQr = (url: string): Promise<Buffer> => QRCode.toBuffer(url, { errorCorrectionLevel: 'M', margin: 1, width: 360 });

/** Collects a pdfkit document's output into one Buffer (call before `end()`). */
export function pdfBuffer(document: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
}

/**
 * Draws an image from bytes an organiser uploaded (a letterhead) fitted into a box; false when pdfkit cannot
 * read it (it takes JPEG and PNG), so that a bad image costs the letterhead, not the letter.
 */
export function drawImage(document: PDFKit.PDFDocument, image: Buffer, x: number, y: number, fit: [number, number]): boolean {
  try {
    document.image(image, x, y, { fit, align: 'center', valign: 'center' });
    return true;
  } catch {
    return false;
  }
}
