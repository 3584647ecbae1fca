import { isISO31661Alpha2 } from 'class-validator';
import { COUNTRY_CODE_MESSAGE } from '../common/countries';
import type { FieldError } from '../common/errors/api-error';
import type { FormField } from './registration-form.entity';
import type { Answers } from './registration.entity';

const MAX_TEXT_ANSWER = 2000;

/** Names a form question's key must not take: members of Object.prototype (`constructor`, `toString`, `__proto__`, …). */
export function isReservedKey(key: string): boolean {
  return key in Object.prototype;
}

/**
 * Checks a registrant's answers against the event's form: required fields present, values of the
 * right type, select options from the list, dates real, countries ISO codes; unknown keys refused.
 * Returns the cleaned answers (trimmed text, upper-case country codes) or the errors per field.
 *
 * Answers are read as own properties only (`Object.hasOwn`) and the result is built from entries, so a
 * question keyed like an Object.prototype member (`constructor`, `toString`, saved before such keys were
 * refused) is neither answered by the prototype nor able to change it.
 */
export function validateAnswers(fields: FormField[], answers: Record<string, unknown> = {}): { answers: Answers; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const clean: [string, string | boolean][] = [];
  const known = new Set(fields.map((field) => field.key));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) errors.push({ field: `answers.${key}`, message: 'is not a question of this form' });
  }
  for (const field of fields) {
    const path = `answers.${field.key}`;
    const raw = Object.hasOwn(answers, field.key) ? answers[field.key] : undefined;
    const value = typeof raw === 'string' ? raw.trim() : raw;
    const missing = value === undefined || value === null || value === '' || (field.type === 'checkbox' && value === false);
    if (missing) {
      if (field.required) errors.push({ field: path, message: field.type === 'checkbox' ? 'must be ticked' : 'is required' });
      continue;
    }
    const problem = checkValue(field, value);
    if (problem) errors.push({ field: path, message: problem });
    else clean.push([field.key, field.type === 'country' ? (value as string).toUpperCase() : (value as string | boolean)]);
  }
  return { answers: Object.fromEntries(clean), errors };
}

function checkValue(field: FormField, value: unknown): string | undefined {
  switch (field.type) {
    case 'text':
      if (typeof value !== 'string') return 'must be text';
      return value.length > MAX_TEXT_ANSWER ? `must be at most ${MAX_TEXT_ANSWER} characters` : undefined;
    case 'select':
      return typeof value === 'string' && (field.options ?? []).includes(value)
        ? undefined
        : `must be one of: ${(field.options ?? []).join(', ')}`;
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      return typeof value === 'string' && isRealDate(value) ? undefined : 'must be a date as YYYY-MM-DD';
    case 'country':
      return typeof value === 'string' && isISO31661Alpha2(value.toUpperCase()) ? undefined : COUNTRY_CODE_MESSAGE;
  }
}

export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
