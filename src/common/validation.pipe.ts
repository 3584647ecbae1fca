import { ValidationPipe } from '@nestjs/common';
import { validationFailed } from './errors/validation';

/** The one validation pipe: unknown fields are refused, values transformed to their DTO types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: validationFailed,
  });
}
