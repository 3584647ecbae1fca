import { ApiError } from '../common/errors/api-error';
import { isUploadedFile, UploadedFile } from '../common/uploads';
import { fileRefusal, sizeText } from './file-refusals';

/**
 * The file a multipart form sent in `field` (read by the upload hook, src/common/uploads.ts): a 400 naming
 * the field when there is none (or the request was not multipart), a 413 FILE_TOO_LARGE when it was over
 * the route's limit (the hook read the rest and threw it away, so the client receives the answer).
 */
export function uploadedFile(body: unknown, field: string, limitBytes: number): UploadedFile {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  if (!isUploadedFile(value) || (value.filename === '' && !value.tooLarge && value.data.length === 0))
    throw ApiError.invalidField(field, `is required: send the file as multipart/form-data in the field "${field}"`);
  if (value.tooLarge) throw fileRefusal('FILE_TOO_LARGE', field, `the file is larger than ${sizeText(limitBytes)}; upload a smaller one`);
  return value;
}
