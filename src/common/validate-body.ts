import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ApiError, FieldError } from './errors/api-error';
import { toFieldErrors } from './errors/validation';
import { unstorableText } from './storable-text';

/**
 * Checks a body against a DTO with the global ValidationPipe's rules (unknown fields refused, values
 * transformed), but returns the errors instead of throwing them: for routes whose body is only fully
 * checked with data from the database (a registration's answers need the event's form), so that every
 * error of a request is answered at once. Such a route declares its body as a plain object, which the
 * global pipe leaves to it (after its own checks for null bodies and NUL characters).
 *
 * `opaque` names free-form object fields (a registration's `answers`) that the caller checks itself: they
 * are kept as sent, own keys only, because class-transformer would drop a `constructor` key and fail
 * (a 500) on a string-valued one.
 */
export async function validateBody<T extends object>(
  type: ClassConstructor<T>,
  body: unknown,
  opaque: readonly (keyof T & string)[] = [],
): Promise<{ dto: T; errors: FieldError[] }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiError('INVALID_BODY', 'The request body must be a JSON object');
  const kept = new Map<string, Record<string, unknown>>();
  for (const key of opaque) {
    const value = Object.hasOwn(body, key) ? (body as Record<string, unknown>)[key] : undefined;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) kept.set(key, Object.fromEntries(Object.entries(value)));
  }
  const dto = plainToInstance(type, kept.size > 0 ? { ...body, ...Object.fromEntries([...kept.keys()].map((key) => [key, {}])) } : body);
  // Text PostgreSQL cannot store is named first (the global pipe does the same for other routes; a page's form reaches here past it).
  const unstorable = unstorableText(body);
  const invalid = toFieldErrors(
    await validate(dto, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      stopAtFirstError: false,
      validationError: { target: false, value: false },
    }),
  );
  const errors = [...unstorable, ...invalid.filter((error) => !unstorable.some((bad) => bad.field === error.field))];
  for (const [key, value] of kept) (dto as Record<string, unknown>)[key] = value;
  return { dto, errors };
}
