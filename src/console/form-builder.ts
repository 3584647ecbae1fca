import type { FieldError } from '../common/errors/api-error';
import { isReservedKey } from '../registrations/form-answers';
import type { FormField, FormFieldType } from '../registrations/registration-form.entity';

/**
 * The registration form builder's logic, without Nest: what the field form shows, the body a change
 * makes of the current form (the whole form, which the API's DTO and service then check), and the
 * errors of that body that belong beside the field being changed.
 */

/** What the field form shows: the posted values again, or a field's. */
export interface FieldValues {
  label: string;
  key: string;
  type: string;
  required: boolean;
  /** Select options, one per line. */
  options: string;
}

/** The field types, named for organisers, in the order the Type list offers them. */
export const FIELD_TYPE_LABELS: Record<FormFieldType, string> = {
  text: 'Text',
  select: 'List of options',
  checkbox: 'Checkbox (yes or no)',
  date: 'Date',
  country: 'Country',
};

const KEY_LENGTH = 40;

/**
 * A key for a question from its label, for when the organiser leaves the key empty: lower-case ASCII
 * words joined by `_` ("Dietary requirements" → `dietary_requirements`), accents dropped, at most 40
 * characters, starting with a letter (`q_…`, or `question` when the label has no latin letter or digit),
 * never a reserved name (`constructor` → `constructor_q`), and numbered (`_2`, `_3`…) past the keys `taken`.
 */
export function keyFromLabel(label: string, taken: Iterable<string> = []): string {
  const words =
    label
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[a-z0-9]+/g) ?? [];
  let base = words.join('_');
  if (base === '') base = 'question';
  else if (!/^[a-z]/.test(base)) base = `q_${base}`;
  base = base.slice(0, KEY_LENGTH).replace(/_+$/, '');
  if (isReservedKey(base)) base = `${base}_q`;
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let number = 2; ; number += 1) {
    const suffix = `_${number}`;
    const candidate = `${base.slice(0, KEY_LENGTH - suffix.length).replace(/_+$/, '')}${suffix}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** The options of a select, one per line: trimmed, empty lines left out. */
export function optionsFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export const blankFieldValues = (): FieldValues => ({ label: '', key: '', type: 'text', required: false, options: '' });

export function fieldValues(field: FormField): FieldValues {
  return { label: field.label, key: field.key, type: field.type, required: field.required, options: (field.options ?? []).join('\n') };
}

/**
 * The field as the API takes it, from the field form: the key derived from the label when empty (past
 * the keys `taken`), options only when some were given (the service says which types take them).
 */
export function fieldBody(values: FieldValues, taken: Iterable<string>): Record<string, unknown> {
  const options = optionsFromText(values.options);
  return {
    key: values.key.trim() || keyFromLabel(values.label, taken),
    label: values.label,
    type: values.type,
    required: values.required,
    ...(options.length > 0 ? { options } : {}),
  };
}

/** One change of the builder; `key` names the field it is about. */
export type FormChange =
  | { kind: 'add'; field: Record<string, unknown> }
  | { kind: 'edit'; key: string; field: Record<string, unknown> }
  | { kind: 'move'; key: string; direction: 'up' | 'down' }
  | { kind: 'remove'; key: string };

/**
 * The whole form after a change, as the API's body takes it, and the position of the field changed
 * (for its errors); null when the change names a field the form does not have. An edit keeps the key;
 * a move past either end leaves the form as it is.
 */
export function applyChange(fields: readonly FormField[], change: FormChange): { fields: Record<string, unknown>[]; index: number } | null {
  const body: Record<string, unknown>[] = fields.map((field) => ({ ...field, ...(field.options ? { options: [...field.options] } : {}) }));
  if (change.kind === 'add') return { fields: [...body, change.field], index: body.length };
  const index = fields.findIndex((field) => field.key === change.key);
  if (index < 0) return null;
  switch (change.kind) {
    case 'edit':
      body[index] = { ...change.field, key: change.key };
      return { fields: body, index };
    case 'remove':
      body.splice(index, 1);
      return { fields: body, index };
    case 'move': {
      const to = change.direction === 'up' ? index - 1 : index + 1;
      if (to < 0 || to >= body.length) return { fields: body, index };
      [body[index], body[to]] = [body[to], body[index]];
      return { fields: body, index: to };
    }
  }
}

/**
 * The errors of a whole-form body split in two: those of the field at `index` (`fields.N.label` → `label`,
 * the first message of each), to show beside the field form's inputs, and the rest, as sentences.
 */
export function errorsAt(errors: readonly FieldError[], index: number): { field: Record<string, string>; other: string[] } {
  const prefix = `fields.${index}.`;
  const field: Record<string, string> = {};
  const other: string[] = [];
  for (const error of errors) {
    if (error.field.startsWith(prefix)) field[error.field.slice(prefix.length).split('.')[0]] ??= error.message;
    else other.push(`${error.field}: ${error.message}`);
  }
  return { field, other };
}
