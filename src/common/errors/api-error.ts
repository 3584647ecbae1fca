import { HttpException } from '@nestjs/common';
import { type ErrorCode, statusOf } from './error-codes';

export interface FieldError {
  field: string;
  message: string;
}

/** The one error shape of the API (see src/common/errors/README.md). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  details?: FieldError[];
  requestId?: string;
  [extra: string]: unknown;
}

/**
 * A domain error: a code from the catalogue (which gives its HTTP status) and a human message, plus
 * optional field details or extra context (such as the clashing session of a SPEAKER_CONFLICT).
 */
export class ApiError extends HttpException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { details?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super({ message, code, ...extra }, statusOf(code));
  }

  static invalidField(field: string, message: string): ApiError {
    return new ApiError('VALIDATION_FAILED', `${field}: ${message}`, { details: [{ field, message }] });
  }

  static unauthorized(message = 'Authentication required'): ApiError {
    return new ApiError('UNAUTHENTICATED', message);
  }

  static forbidden(message = 'You are not allowed to do this'): ApiError {
    return new ApiError('FORBIDDEN', message);
  }

  static notFound(what: string): ApiError {
    return new ApiError('NOT_FOUND', `${what} not found`);
  }
}
