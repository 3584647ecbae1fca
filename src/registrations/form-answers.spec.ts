import { validateAnswers } from './form-answers';
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
    const result = validateAnswers(form, { dietary: 'halal', arrival: '2025-11-25', passportCountry: 'pk', consent: true, notes: '  wheelchair access  ' });
    expect(result.errors).toEqual([]);
    expect(result.answers).toEqual({ dietary: 'halal', arrival: '2025-11-25', passportCountry: 'PK', consent: true, notes: 'wheelchair access' });
  });

  it('names every missing or wrong field', () => {
    const result = validateAnswers(form, { dietary: 'vegan', arrival: '2025-02-30', passportCountry: 'XX', consent: false, unexpected: 1 });
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { field: 'answers.unexpected', message: 'is not a question of this form' },
        { field: 'answers.dietary', message: 'must be one of: none, halal, vegetarian' },
        { field: 'answers.arrival', message: 'must be a date as YYYY-MM-DD' },
        { field: 'answers.passportCountry', message: 'must be an ISO 3166-1 alpha-2 country code' },
        { field: 'answers.consent', message: 'must be ticked' },
      ]),
    );
    expect(result.errors).toHaveLength(5);
  });

  it('lets optional questions be skipped but not answered with the wrong type', () => {
    expect(validateAnswers(form, { dietary: 'none', passportCountry: 'DE', consent: true }).errors).toEqual([]);
    expect(validateAnswers(form, { dietary: 'none', passportCountry: 'DE', consent: true, notes: 42 }).errors).toEqual([{ field: 'answers.notes', message: 'must be text' }]);
  });
});
