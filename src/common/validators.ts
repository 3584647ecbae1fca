import { IsOptional, IsString, isISO8601, MaxLength, MinLength, ValidateBy, ValidationOptions } from 'class-validator';
import { Trim } from './transforms';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A calendar date as YYYY-MM-DD that exists (2025-02-30 does not). */
export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateOnly',
      validator: {
        validate: (value) => typeof value === 'string' && DATE_ONLY.test(value) && isISO8601(value, { strict: true }),
        defaultMessage: () => 'must be a date as YYYY-MM-DD',
      },
    },
    options,
  );
}

/** An ISO 8601 date-time with an explicit offset (Z or ±hh:mm), so it names one instant. */
export function IsOffsetDateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOffsetDateTime',
      validator: {
        validate: (value) =>
          typeof value === 'string' &&
          DATE_TIME_WITH_OFFSET.test(value) &&
          isISO8601(value, { strict: true }) &&
          !Number.isNaN(Date.parse(value)),
        defaultMessage: () => 'must be an ISO 8601 date-time with an offset, e.g. 2025-11-26T09:30:00+05:00',
      },
    },
    options,
  );
}

/** Applies several property decorators as one. */
function all(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

/** A required, trimmed, non-empty string of at most `max` characters. */
export const RequiredText = (max: number): PropertyDecorator => all(Trim(), IsString(), MinLength(1), MaxLength(max));

/** An optional (or null) trimmed string of at most `max` characters. */
export const OptionalText = (max: number): PropertyDecorator => all(IsOptional(), Trim(), IsString(), MaxLength(max));
