import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ApiError, FieldError } from './errors/api-error';
import { toFieldErrors } from './errors/validation';

/**
 * Checks a body against a DTO with the global ValidationPipe's rules (unknown fields refused, values
 * transformed), but returns the errors instead of throwing them: for routes whose body is only fully
 * checked with data from the database (a registration's answers need the event's form), so that every
 * error of a request is answered at once. Such a route declares its body as a plain object, which the
 * global pipe leaves to it (after its own checks for null bodies and NUL characters).
 */
export async function validateBody<T extends object>(type: ClassConstructor<T>, body: unknown): Promise<{ dto: T; errors: FieldError[] }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw ApiError.badRequest('INVALID_BODY', 'The request body must be a JSON object');
  const dto = plainToInstance(type, body);
  const errors = toFieldErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, stopAtFirstError: false, validationError: { target: false, value: false } }));
  return { dto, errors };
}

/** The body's own `answers` object as sent (class-transformer drops keys such as `constructor`), or undefined. */
export function answersOf(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, 'answers')) return undefined;
  const answers = (body as { answers: unknown }).answers;
  return typeof answers === 'object' && answers !== null && !Array.isArray(answers) ? (answers as Record<string, unknown>) : undefined;
}
