import type { FieldError } from '../common/errors/api-error';
import { ApiError } from '../common/errors/api-error';

/** A posted form as the body parser gives it: repeated names (checkboxes of a selection) become arrays. */
export type Posted = Record<string, string | string[] | undefined>;

/** One value of a posted form, trimmed; undefined when absent. */
export function one(form: Posted | undefined, name: string): string | undefined {
  const value = form?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : undefined;
}

/** Every value posted under a name (a selection of checkboxes). */
export function many(form: Posted | undefined, name: string): string[] {
  const value = form?.[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((item): item is string => typeof item === 'string');
}

/** A number field: empty is `empty`, digits are a number, anything else is kept for validation to name. */
export function integerOr<E>(value: string | undefined, empty: E): number | string | E {
  if (value === undefined || value === '') return empty;
  return /^-?\d{1,15}$/.test(value) ? Number(value) : value;
}

/** The first message for each field, for showing beside it. */
export function messagesByField(errors: readonly FieldError[]): Record<string, string> {
  const byField: Record<string, string> = {};
  // A message about the kind of value ("must be an integer number") says more than one about its range.
  const kindFirst = [...errors].sort((a, b) => Number(/^must be an? /.test(b.message)) - Number(/^must be an? /.test(a.message)));
  for (const error of kindFirst) byField[error.field] ??= error.message;
  return byField;
}

/**
 * The field errors a service's refusal names (validation, a slug already taken…), so a form can show them
 * beside their fields; null for any other error, which the console's error page answers.
 */
export function fieldErrorsOf(error: unknown, fallbackField?: string): FieldError[] | null {
  if (!(error instanceof ApiError) || error.getStatus() >= 500) return null;
  if (error.extra.details && error.extra.details.length > 0) return error.extra.details;
  return fallbackField ? [{ field: fallbackField, message: error.message }] : null;
}
