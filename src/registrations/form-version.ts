import { createHash } from 'node:crypto';
import type { FormField } from './registration-form.entity';

/**
 * A short fingerprint of a registration form's fields, in order: the version a page was rendered from,
 * for an optimistic check when it saves (`RegistrationFormsService.replace`'s `expectedVersion`). Built
 * from the fields' values in a fixed order, so the key order jsonb gives back does not matter.
 */
export function formVersion(fields: readonly FormField[]): string {
  const canonical = fields.map((field) => [field.key, field.label, field.type, field.required, field.options ?? null]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url').slice(0, 22);
}

/** The fields of `next` whose key is in `current` with another type, with their index in `next`. */
export function retypedFields(
  current: readonly FormField[],
  next: readonly FormField[],
): { index: number; key: string; from: FormField['type']; to: FormField['type'] }[] {
  const before = new Map(current.map((field) => [field.key, field.type]));
  return next.flatMap((field, index) => {
    const from = before.get(field.key);
    return from !== undefined && from !== field.type ? [{ index, key: field.key, from, to: field.type }] : [];
  });
}
