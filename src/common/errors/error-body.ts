import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { ErrorBody } from './api-error';
import { defaultCodeFor, type ErrorCode, statusOf } from './error-codes';

/** Fastify's own errors (raised before a route runs), as codes of the catalogue. */
const fastifyCodes: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'MALFORMED_JSON', message: 'The request body is empty but declared as JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported content type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'BAD_CONTENT_LENGTH', message: 'Content-Length does not match the body' },
};

/**
 * Maps anything thrown while handling a request to the API's single error shape. Returns the body and
 * whether it was unexpected (a 5xx that must be logged, its details hidden).
 */
export function toErrorBody(exception: unknown): { body: ErrorBody; unexpected: boolean } {
  // Nest wraps Fastify's own errors (bad JSON, oversize bodies) in an HttpException with the original as cause.
  const fastifyCode = ((exception instanceof HttpException ? exception.cause : exception) as { code?: unknown } | undefined)?.code;
  const known = typeof fastifyCode === 'string' ? fastifyCodes[fastifyCode] : undefined;
  if (known) {
    const status = statusOf(known.code);
    return { body: { statusCode: status, error: reason(status), code: known.code, message: known.message }, unexpected: false };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const fields = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
    const rawMessage = typeof response === 'string' ? response : fields.message;
    const message = Array.isArray(rawMessage) ? rawMessage.join('; ') : typeof rawMessage === 'string' ? rawMessage : exception.message;
    const { statusCode: _status, error: _error, message: _message, ...rest } = fields;
    const body: ErrorBody = { statusCode: status, error: reason(status), message, ...rest };
    if (!body.code) body.code = defaultCode(status);
    if (status >= 500) return { body: internal(), unexpected: true };
    return { body, unexpected: false };
  }
  const fastifyError = exception as { statusCode?: number; message?: string };
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      body: { statusCode: status, error: reason(status), code: defaultCode(status), message: fastifyError.message ?? reason(status) },
      unexpected: false,
    };
  }
  return { body: internal(), unexpected: true };
}

function internal(): ErrorBody {
  return {
    statusCode: statusOf('INTERNAL'),
    error: reason(500),
    code: 'INTERNAL',
    message: 'An unexpected error occurred; it has been logged',
  };
}

function reason(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** A 4xx raised outside Plenary's code (Nest, Fastify, the throttler) gets the catalogue's code for its status. */
function defaultCode(status: number): ErrorCode {
  return defaultCodeFor(status) ?? 'BAD_REQUEST';
}
