import { ApiError } from '../common/errors/api-error';
import type { ErrorCode } from '../common/errors/error-codes';

const MB = 1024 * 1024;

/** A size for people: "5 MB", "640 KB". */
export const sizeText = (bytes: number) =>
  bytes >= MB ? `${Number((bytes / MB).toFixed(1))} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** A refusal of an uploaded file, naming its form field (`photo`, `file`) in the message and in `details`. */
export function fileRefusal(code: ErrorCode, field: string, message: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(code, `${field}: ${message}`, { details: [{ field, message }], ...extra });
}
