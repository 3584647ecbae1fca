import type { FormField } from '../registrations/registration-form.entity';
import { formVersion, retypedFields } from '../registrations/form-version';
import { applyChange, errorsAt, fieldBody, fieldValues, keyFromLabel, optionsFromText } from './form-builder';

const FORM: FormField[] = [
  { key: 'dietary', label: 'Dietary requirements', type: 'select', required: true, options: ['None', 'Halal'] },
  { key: 'arrival', label: 'Arrival date', type: 'date', required: false },
  { key: 'notes', label: 'Notes', type: 'text', required: false },
];
const keys = (body: { fields: Record<string, unknown>[] } | null) => body?.fields.map((field) => field.key);

describe('keyFromLabel', () => {
  it('joins the lower-case words of the label with _', () => {
    expect(keyFromLabel('Dietary requirements')).toBe('dietary_requirements');
    expect(keyFromLabel('  Arrival date (YYYY-MM-DD)? ')).toBe('arrival_date_yyyy_mm_dd');
  });

  it('drops accents, starts with a letter, and falls back to "question" without latin letters', () => {
    expect(keyFromLabel('Région de résidence')).toBe('region_de_residence');
    expect(keyFromLabel('2nd language')).toBe('q_2nd_language');
    expect(keyFromLabel('وزارة الخارجية')).toBe('question');
    expect(keyFromLabel('<script>alert(1)</script>')).toBe('script_alert_1_script');
  });

  it('keeps to the key pattern: at most 40 characters, no trailing _, no reserved name', () => {
    const long = keyFromLabel('word '.repeat(30));
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).toMatch(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/);
    expect(long.endsWith('_')).toBe(false);
    expect(keyFromLabel('Constructor')).toBe('constructor_q');
  });

  it('numbers a key taken already, within 40 characters', () => {
    expect(keyFromLabel('Notes', ['notes'])).toBe('notes_2');
    expect(keyFromLabel('Notes', ['notes', 'notes_2'])).toBe('notes_3');
    expect(keyFromLabel('x'.repeat(60), ['x'.repeat(40)])).toBe(`${'x'.repeat(38)}_2`);
  });
});

describe('the field form', () => {
  it('reads options one per line and derives a missing key past the keys taken', () => {
    expect(optionsFromText(' None \r\n\nHalal\n  \nVegetarian')).toEqual(['None', 'Halal', 'Vegetarian']);
    expect(fieldBody({ label: 'Notes', key: ' ', type: 'text', required: true, options: '' }, ['notes'])).toEqual({
      key: 'notes_2',
      label: 'Notes',
      type: 'text',
      required: true,
    });
    expect(fieldBody({ label: 'Meal', key: 'meal', type: 'select', required: false, options: 'A\nB' }, [])).toEqual({
      key: 'meal',
      label: 'Meal',
      type: 'select',
      required: false,
      options: ['A', 'B'],
    });
  });

  it('shows a saved field with its options one per line', () => {
    expect(fieldValues(FORM[0])).toEqual({
      label: 'Dietary requirements',
      key: 'dietary',
      type: 'select',
      required: true,
      options: 'None\nHalal',
    });
  });
});

describe('applyChange', () => {
  it('adds at the end, edits in place keeping the key, removes', () => {
    const added = applyChange(FORM, { kind: 'add', field: { key: 'badge', label: 'Badge name', type: 'text', required: false } });
    expect(keys(added)).toEqual(['dietary', 'arrival', 'notes', 'badge']);
    expect(added?.index).toBe(3);
    const edited = applyChange(FORM, {
      kind: 'edit',
      key: 'arrival',
      field: { key: 'other', label: 'Arrival', type: 'text', required: true },
    });
    expect(edited).toEqual({
      fields: [FORM[0], { key: 'arrival', label: 'Arrival', type: 'text', required: true }, FORM[2]],
      index: 1,
    });
    expect(keys(applyChange(FORM, { kind: 'remove', key: 'dietary' }))).toEqual(['arrival', 'notes']);
  });

  it('moves up and down, and leaves the form as it is past either end', () => {
    expect(applyChange(FORM, { kind: 'move', key: 'notes', direction: 'up' })).toMatchObject({ index: 1 });
    expect(keys(applyChange(FORM, { kind: 'move', key: 'notes', direction: 'up' }))).toEqual(['dietary', 'notes', 'arrival']);
    expect(keys(applyChange(FORM, { kind: 'move', key: 'dietary', direction: 'down' }))).toEqual(['arrival', 'dietary', 'notes']);
    expect(keys(applyChange(FORM, { kind: 'move', key: 'dietary', direction: 'up' }))).toEqual(['dietary', 'arrival', 'notes']);
    expect(keys(applyChange(FORM, { kind: 'move', key: 'notes', direction: 'down' }))).toEqual(['dietary', 'arrival', 'notes']);
  });

  it('answers null for a field the form does not have, and never changes the form it is given', () => {
    const before = JSON.stringify(FORM);
    expect(applyChange(FORM, { kind: 'remove', key: 'missing' })).toBeNull();
    const moved = applyChange(FORM, { kind: 'move', key: 'dietary', direction: 'down' });
    (moved?.fields[1].options as string[]).push('Changed');
    expect(JSON.stringify(FORM)).toBe(before);
  });
});

describe('errorsAt', () => {
  it('puts the errors of the changed field beside its inputs and words the others', () => {
    expect(
      errorsAt(
        [
          { field: 'fields.3.label', message: 'must be shorter than or equal to 200 characters' },
          { field: 'fields.3.label', message: 'second message' },
          { field: 'fields.3.options.0', message: 'too long' },
          { field: 'fields.1.key', message: 'repeats the key notes' },
          { field: 'fields', message: 'must contain no more than 50 elements' },
        ],
        3,
      ),
    ).toEqual({
      field: { label: 'must be shorter than or equal to 200 characters', options: 'too long' },
      other: ['fields.1.key: repeats the key notes', 'fields: must contain no more than 50 elements'],
    });
  });
});

describe('formVersion and retypedFields', () => {
  it('changes with any change of the fields or their order, not with the order of their properties', () => {
    const reordered = FORM.map(({ options, required, type, label, key }) => ({ required, options, type, key, label }));
    expect(formVersion(reordered as FormField[])).toBe(formVersion(FORM));
    expect(formVersion([FORM[1], FORM[0], FORM[2]])).not.toBe(formVersion(FORM));
    expect(formVersion([{ ...FORM[0], required: false }, FORM[1], FORM[2]])).not.toBe(formVersion(FORM));
    expect(formVersion([])).not.toBe(formVersion(FORM));
  });

  it('names the fields kept with another type, at their new position', () => {
    expect(
      retypedFields(FORM, [{ ...FORM[2], type: 'date' }, FORM[0], { key: 'new', label: 'New', type: 'checkbox', required: false }]),
    ).toEqual([{ index: 0, key: 'notes', from: 'text', to: 'date' }]);
    expect(retypedFields(FORM, FORM)).toEqual([]);
  });
});
