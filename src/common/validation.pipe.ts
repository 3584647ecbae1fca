import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ApiError } from './errors/api-error';
import { invalidFields, validationFailed } from './errors/validation';
import { unstorableText } from './storable-text';

/**
 * The one validation pipe: unknown fields are refused, values transformed to their DTO types. Before
 * the DTO rules, two checks that apply to every input: a JSON body must be an object (`null` is not an
 * empty update), and every string must be text PostgreSQL can store (see `unstorableText`), or the
 * query would fail with a 500 instead of naming the field.
 */
class PlenaryValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value === null) throw new ApiError('INVALID_BODY', 'The request body must be a JSON object');
    if (metadata.type !== 'custom') {
      const problems = unstorableText(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
      if (problems.length > 0) throw invalidFields(problems);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new PlenaryValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: validationFailed,
  });
}
