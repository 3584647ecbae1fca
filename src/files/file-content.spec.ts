import { pdfStructureProblem, sniff } from './file-content';
import { contentDisposition, safeFilename } from './safe-filename';

const bytes = (...values: number[]) => Buffer.from(values);

/** A minimal PDF with a correct cross-reference table. */
function minimalPdf(): Buffer {
  const head = '%PDF-1.4\n';
  const object = '1 0 obj\n<< /Type /Catalog >>\nendobj\n';
  const xref = head.length + object.length;
  return Buffer.from(
    `${head}${object}xref\n0 2\n0000000000 65535 f \n${String(head.length).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
    'latin1',
  );
}

describe('sniff: a file type by its first bytes', () => {
  it.each([
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe1, 0, 0)],
    ['png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0)],
    ['webp', Buffer.from('RIFF\u0010\u0000\u0000\u0000WEBPVP8 ', 'latin1')],
    ['pdf', Buffer.from('%PDF-1.7\n')],
    ['zip', bytes(0x50, 0x4b, 3, 4, 20, 0)],
    ['gif', Buffer.from('GIF89a')],
    ['heic', Buffer.from('\u0000\u0000\u0000\u0018ftypheic', 'latin1')],
    ['avif', Buffer.from('\u0000\u0000\u0000\u001cftypavif', 'latin1')],
    ['tiff', bytes(0x49, 0x49, 0x2a, 0x00, 8)],
    ['svg', Buffer.from('\uFEFF  <svg xmlns="http://www.w3.org/2000/svg"></svg>')],
    ['unknown', Buffer.from('just some text')],
    ['unknown', Buffer.alloc(0)],
  ])('%s', (type, data) => expect(sniff(data)).toBe(type));
});

describe('pdfStructureProblem: built like a PDF', () => {
  it('accepts a PDF whose startxref points at its cross-reference table', () => expect(pdfStructureProblem(minimalPdf())).toBeNull());
  it('refuses an unknown version, a cut file, and an offset pointing elsewhere', () => {
    expect(pdfStructureProblem(Buffer.from('%PDF-9.1\n%%EOF\n'))).toMatch(/PDF header/);
    expect(pdfStructureProblem(minimalPdf().subarray(0, 40))).toMatch(/cut short/);
    const wrong = Buffer.from(
      minimalPdf()
        .toString('latin1')
        .replace(/startxref\n\d+/, 'startxref\n3'),
      'latin1',
    );
    expect(pdfStructureProblem(wrong)).toMatch(/no cross-reference table where it says/);
    const outside = Buffer.from(
      minimalPdf()
        .toString('latin1')
        .replace(/startxref\n\d+/, 'startxref\n999999'),
      'latin1',
    );
    expect(pdfStructureProblem(outside)).toMatch(/outside the file/);
  });
});

describe('safeFilename and contentDisposition', () => {
  it.each([
    ['../../etc/passwd', 'pdf', 'passwd.pdf'],
    ['C:\\Users\\amina\\Note verbale.PDF', 'pdf', 'Note verbale.pdf'],
    ['IMG_2041 "me" <script>.jpeg', 'jpg', 'IMG_2041 _me_ _script.jpg'],
    ['.htaccess', 'pdf', 'file.pdf'],
    ['', 'jpg', 'file.jpg'],
    ['وزارة الخارجية.pdf', 'pdf', 'وزارة الخارجية.pdf'],
    ['a\u0000b\r\nc.pdf', 'pdf', 'a_b_c.pdf'],
    ['x'.repeat(300), 'pdf', `${'x'.repeat(96)}.pdf`],
  ])('%j → %j', (name, extension, expected) => expect(safeFilename(name, extension)).toBe(expected));

  it('sends an ASCII name and the exact one (RFC 5987), never a quote or a line break', () => {
    expect(contentDisposition('attachment', 'Note – "Pakistan".pdf')).toBe(
      `attachment; filename="Note _ _Pakistan_.pdf"; filename*=UTF-8''Note%20%E2%80%93%20%22Pakistan%22.pdf`,
    );
    expect(contentDisposition('inline', 'وزارة.jpg')).toMatch(/^inline; filename="_____.jpg"; filename\*=UTF-8''%D9%88/);
  });
});
