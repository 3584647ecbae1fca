import { ValidationError } from 'class-validator';
import { ApiError, FieldError } from './api-error';

/** Flattens class-validator's tree into one entry per failing field, with dotted paths (`fields.0.key`). */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      result.push({ field, message: withoutPropertyName(message, error.property) });
    }
    if (error.children?.length) result.push(...toFieldErrors(error.children, field));
  }
  return result;
}

export function validationFailed(errors: ValidationError[]): ApiError {
  return invalidFields(toFieldErrors(errors));
}

/** 400 VALIDATION_FAILED with one detail per failing field, the first three summed up in the message. */
export function invalidFields(details: FieldError[]): ApiError {
  const summary = details
    .slice(0, 3)
    .map((detail) => `${detail.field}: ${detail.message}`)
    .join('; ');
  return new ApiError('VALIDATION_FAILED', `Validation failed: ${summary}${details.length > 3 ? '; …' : ''}`, { details });
}

/** class-validator prefixes its default messages with the property name; the field is reported apart. */
function withoutPropertyName(message: string, property: string): string {
  if (message.startsWith(`${property} `)) return message.slice(property.length + 1);
  return message.replace(/^property \S+ /, '');
}
