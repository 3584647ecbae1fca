import { isReservedKey, validateAnswers } from './form-answers';
import type { FormField } from './registration-form.entity';

const form: FormField[] = [
  { key: 'dietary', label: 'Dietary requirements', type: 'select', required: true, options: ['none', 'halal', 'vegetarian'] },
  { key: 'arrival', label: 'Arrival date', type: 'date', required: false },
  { key: 'passportCountry', label: 'Passport issued by', type: 'country', required: true },
  { key: 'consent', label: 'I agree to be photographed', type: 'checkbox', required: true },
  { key: 'notes', label: 'Notes', type: 'text', required: false },
];

describe('validateAnswers', () => {
  it('accepts a complete form and normalises the values', () => {
    const result = validateAnswers(form, {
      dietary: 'halal',
      arrival: '2025-11-25',
      passportCountry: 'pk',
      consent: true,
      notes: '  wheelchair access  ',
    });
    expect(result.errors).toEqual([]);
    expect(result.answers).toEqual({
      dietary: 'halal',
      arrival: '2025-11-25',
      passportCountry: 'PK',
      consent: true,
      notes: 'wheelchair access',
    });
  });

  it('names every missing or wrong field', () => {
    const result = validateAnswers(form, { dietary: 'vegan', arrival: '2025-02-30', passportCountry: 'XX', consent: false, unexpected: 1 });
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { field: 'answers.unexpected', message: 'is not a question of this form' },
        { field: 'answers.dietary', message: 'must be one of: none, halal, vegetarian' },
        { field: 'answers.arrival', message: 'must be a date as YYYY-MM-DD' },
        { field: 'answers.passportCountry', message: 'must be a two-letter country code (ISO 3166-1 alpha-2), e.g. PK' },
        { field: 'answers.consent', message: 'must be ticked' },
      ]),
    );
    expect(result.errors).toHaveLength(5);
  });

  it('lets optional questions be skipped but not answered with the wrong type', () => {
    expect(validateAnswers(form, { dietary: 'none', passportCountry: 'DE', consent: true }).errors).toEqual([]);
    expect(validateAnswers(form, { dietary: 'none', passportCountry: 'DE', consent: true, notes: 42 }).errors).toEqual([
      { field: 'answers.notes', message: 'must be text' },
    ]);
  });

  it('reads answers as own properties: questions keyed like Object.prototype members are not answered by the prototype', () => {
    const legacy: FormField[] = [
      { key: 'constructor', label: 'Constructor', type: 'text', required: false },
      { key: 'toString', label: 'To string', type: 'text', required: true },
      { key: 'hasOwnProperty', label: 'Own property', type: 'checkbox', required: false },
    ];
    expect(validateAnswers(legacy, {}).errors).toEqual([{ field: 'answers.toString', message: 'is required' }]);
    const result = validateAnswers(legacy, { toString: 'yes', constructor: 'built' });
    expect(result.errors).toEqual([]);
    expect(result.answers).toEqual({ constructor: 'built', toString: 'yes' });
    expect(Object.hasOwn(result.answers, 'hasOwnProperty')).toBe(false);
  });

  it('an answer keyed __proto__ is refused as an unknown question and leaves the prototype alone', () => {
    const answers = JSON.parse('{"__proto__": {"polluted": true}, "dietary": "none", "passportCountry": "DE", "consent": true}');
    const result = validateAnswers(form, answers);
    expect(result.errors).toEqual([{ field: 'answers.__proto__', message: 'is not a question of this form' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result.answers)).toBe(Object.prototype);
  });

  it('reserves the names of Object.prototype for question keys', () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', 'isPrototypeOf'])
      expect(isReservedKey(key)).toBe(true);
    for (const key of ['dietary', 'constructorName', 'proto']) expect(isReservedKey(key)).toBe(false);
  });
});
