import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/** The one error shape of the API (see the README, "Errors"). */
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
 * A domain error: an HTTP status, a stable machine-readable `code` and a human message, plus optional
 * field details or extra context (such as the clashing session of a SPEAKER_CONFLICT).
 */
export class ApiError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    message: string,
    readonly extra: { details?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super({ message, code, ...extra }, status);
  }

  static badRequest(code: string, message: string, details?: FieldError[]): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, code, message, details ? { details } : {});
  }

  static invalidField(field: string, message: string): ApiError {
    return ApiError.badRequest('VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
  }

  static unauthorized(message = 'Authentication required'): ApiError {
    return new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', message);
  }

  static forbidden(message = 'You are not allowed to do this'): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', message);
  }

  static notFound(what: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${what} not found`);
  }

  static conflict(code: string, message: string, extra: Record<string, unknown> = {}): ApiError {
    return new ApiError(HttpStatus.CONFLICT, code, message, extra);
  }
}
