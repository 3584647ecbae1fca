import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ApiError } from './errors/api-error';
import { invalidFields, validationFailed } from './errors/validation';

/**
 * The one validation pipe: unknown fields are refused, values transformed to their DTO types. Before
 * the DTO rules, two checks that apply to every input: a JSON body must be an object (`null` is not an
 * empty update), and no string may hold U+0000, which PostgreSQL cannot store (it would fail the
 * query with a 500 instead of naming the field).
 */
class PlenaryValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value === null) throw ApiError.badRequest('INVALID_BODY', 'The request body must be a JSON object');
    if (metadata.type !== 'custom') {
      const fields = fieldsWithNullCharacters(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
      if (fields.length > 0) throw invalidFields(fields.map((field) => ({ field, message: 'must not contain a null character (U+0000)' })));
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

/** Dotted paths of the strings (values or keys) holding U+0000; iterative, so any nesting depth is safe. */
function fieldsWithNullCharacters(root: unknown, rootPath: string): string[] {
  const found: string[] = [];
  const pending: { value: unknown; path: string }[] = [{ value: root, path: rootPath }];
  while (pending.length > 0 && found.length < 20) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) found.push(path || 'body');
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        if (key.includes('\u0000')) found.push(childPath);
        else pending.push({ value: child, path: childPath });
      }
    }
  }
  return found;
}
