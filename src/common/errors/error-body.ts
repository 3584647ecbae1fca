import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { ErrorBody } from './api-error';

const fastifyCodes: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'The request body is empty but declared as JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE', message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported content type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_CONTENT_LENGTH', message: 'Content-Length does not match the body' },
};

/**
 * Maps anything thrown while handling a request to the API's single error shape. Returns the body and
 * whether it was unexpected (a 5xx that must be logged, its details hidden).
 */
export function toErrorBody(exception: unknown): { body: ErrorBody; unexpected: boolean } {
  // Nest wraps Fastify's own errors (bad JSON, oversize bodies) in an HttpException with the original as cause.
  const fastifyCode = ((exception instanceof HttpException ? exception.cause : exception) as { code?: unknown } | undefined)?.code;
  const known = typeof fastifyCode === 'string' ? fastifyCodes[fastifyCode] : undefined;
  if (known)
    return { body: { statusCode: known.status, error: reason(known.status), code: known.code, message: known.message }, unexpected: false };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const fields = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
    const rawMessage = typeof response === 'string' ? response : fields.message;
    const message = Array.isArray(rawMessage) ? rawMessage.join('; ') : String(rawMessage ?? exception.message);
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
  return { statusCode: 500, error: reason(500), code: 'INTERNAL', message: 'An unexpected error occurred; it has been logged' };
}

function reason(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

function defaultCode(status: number): string {
  const codes: Record<number, string> = {
    [HttpStatus.BAD_REQUEST]: 'BAD_REQUEST',
    [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
    [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
    [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
    [HttpStatus.METHOD_NOT_ALLOWED]: 'METHOD_NOT_ALLOWED',
    [HttpStatus.CONFLICT]: 'CONFLICT',
    [HttpStatus.PAYLOAD_TOO_LARGE]: 'BODY_TOO_LARGE',
    [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
    [HttpStatus.TOO_MANY_REQUESTS]: 'RATE_LIMITED',
  };
  return codes[status] ?? reason(status).toUpperCase().replace(/\W+/g, '_');
}
