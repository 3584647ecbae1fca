import { DESCRIPTIONS, pdfStructureProblem, sniff } from './file-content';
import { fileRefusal, sizeText } from './file-refusals';

/** The largest credentials letter or note verbale a delegation may upload. */
export const CREDENTIALS_LETTER_BYTES = 10 * 1024 * 1024;

/**
 * Checks that an upload is a PDF by its content: it starts with `%PDF-` and is built like one (see
 * pdfStructureProblem), whatever its name or declared type. Refusals are ApiErrors naming `field`.
 */
export function checkPdf(
  input: Buffer,
  field = 'file',
  limit = CREDENTIALS_LETTER_BYTES,
): { data: Buffer; contentType: 'application/pdf' } {
  if (input.length > limit) throw fileRefusal('FILE_TOO_LARGE', field, `the file is larger than ${sizeText(limit)}; upload a smaller PDF`);
  if (input.length === 0) throw fileRefusal('FILE_UNREADABLE', field, 'the file is empty; choose a PDF document');
  const type = sniff(input);
  if (type !== 'pdf')
    throw fileRefusal('FILE_TYPE_NOT_ALLOWED', field, `the file is ${DESCRIPTIONS[type]}, not a PDF; upload a PDF document`);
  const problem = pdfStructureProblem(input);
  if (problem) throw fileRefusal('FILE_UNREADABLE', field, `the file starts as a PDF but ${problem}; it may be damaged`);
  return { data: input, contentType: 'application/pdf' };
}
