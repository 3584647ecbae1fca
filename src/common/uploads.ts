import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import '@fastify/multipart';
import { ApiError } from './errors/api-error';

/** Largest file a form may upload (a CSV of 10,000 invitees with long names is about 1 MB). */
export const UPLOAD_FILE_BYTES = 5 * 1024 * 1024;
/** Largest text field of a multipart form (a pasted list of addresses). */
export const UPLOAD_FIELD_BYTES = 2 * 1024 * 1024;

/** How createApp registers @fastify/multipart: the limits above; a file over its limit is cut and marked, not an error. */
export const MULTIPART_OPTIONS = {
  throwFileSizeLimit: false,
  limits: { files: 1, fileSize: UPLOAD_FILE_BYTES, fields: 50, fieldSize: UPLOAD_FIELD_BYTES, parts: 51 },
} as const;

/** A file of a multipart form, read into memory; `tooLarge` when it was over the route's limit (then `data` is empty). */
export interface UploadedFile {
  readonly kind: 'upload';
  readonly filename: string;
  readonly mimetype: string;
  readonly data: Buffer;
  readonly tooLarge: boolean;
}

export const isUploadedFile = (value: unknown): value is UploadedFile =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'upload';

/** The names of the text fields of a multipart body that were cut at UPLOAD_FIELD_BYTES. */
const TRUNCATED = Symbol('truncated fields');

export function truncatedFields(body: unknown): ReadonlySet<string> {
  return (typeof body === 'object' && body !== null ? (body as { [TRUNCATED]?: Set<string> })[TRUNCATED] : undefined) ?? new Set();
}

/**
 * Marks a route as taking multipart/form-data (a form with a file input); other routes refuse it (415).
 * `fileBytes`: the route's own limit for its file (default UPLOAD_FILE_BYTES), past which the file is
 * marked `tooLarge` and the rest of it read and thrown away, so that the client, a browser too, receives
 * the route's answer (a 413) rather than a reset connection.
 */
export const AcceptsUploads = (options: { fileBytes?: number } = {}) =>
  RouteConfig({ uploads: true, uploadFileBytes: options.fileBytes ?? UPLOAD_FILE_BYTES });

/**
 * A preValidation hook (createApp installs it): reads the multipart body of a route marked @AcceptsUploads into
 * `request.body` as a plain form — text fields as strings (repeated names as arrays), files as UploadedFile —
 * before the guards run, so the console's CSRF check reads `_csrf` wherever the form put it. Files are bounded
 * by the route's limit (@AcceptsUploads({ fileBytes }), else UPLOAD_FILE_BYTES: the rest is read and thrown
 * away, and the file marked `tooLarge`, for the route to say so beside its field or as a 413), text fields
 * by UPLOAD_FIELD_BYTES; at most one file, 50 fields. A body that is not
 * valid multipart is a 400; more files or fields than that a 413, in the API's error shape.
 */
export async function readMultipartBody(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) return;
  const route = request.routeOptions.config as { uploads?: unknown; uploadFileBytes?: unknown } | undefined;
  if (route?.uploads !== true) throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'This route does not accept multipart/form-data');
  const fileSize = typeof route.uploadFileBytes === 'number' ? route.uploadFileBytes : UPLOAD_FILE_BYTES;
  const body: Record<string, string | string[] | UploadedFile> & { [TRUNCATED]?: Set<string> } = {};
  const truncated = new Set<string>();
  const add = (name: string, value: string | UploadedFile) => {
    if (name === '__proto__' || name === 'constructor' || name === 'prototype') return;
    const current = Object.hasOwn(body, name) ? body[name] : undefined;
    if (current === undefined || typeof value !== 'string') body[name] = value;
    else if (Array.isArray(current)) current.push(value);
    else if (typeof current === 'string') body[name] = [current, value];
  };
  try {
    for await (const part of request.parts({ limits: { fileSize } })) {
      if (part.type === 'file') {
        const chunks: Buffer[] = [];
        for await (const chunk of part.file) if (!part.file.truncated) chunks.push(chunk as Buffer);
        const tooLarge = part.file.truncated;
        // `data` is not enumerable: checks that walk a body's values (the validation pipe's) skip the bytes.
        const file = { kind: 'upload', filename: part.filename, mimetype: part.mimetype, tooLarge } as Omit<UploadedFile, 'data'>;
        Object.defineProperty(file, 'data', { value: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), enumerable: false });
        add(part.fieldname, file as UploadedFile);
      } else {
        if (part.valueTruncated) truncated.add(part.fieldname);
        add(part.fieldname, typeof part.value === 'string' ? part.value : String(part.value));
      }
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const status = (error as { statusCode?: unknown }).statusCode;
    if (status === 413) throw new ApiError('BODY_TOO_LARGE', 'The form sent more files or fields than it may');
    throw new ApiError('BAD_REQUEST', 'The form data could not be read (not valid multipart/form-data)');
  }
  Object.defineProperty(body, TRUNCATED, { value: truncated, enumerable: false });
  request.body = body;
}
