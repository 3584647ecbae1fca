import { checkLetterBody, DEFAULT_LETTER_BODY, LETTER_PLACEHOLDERS, LetterTemplateProblem, renderLetterBody } from './letters-template';

const problem = (source: string): LetterTemplateProblem => {
  try {
    checkLetterBody(source);
  } catch (error) {
    if (error instanceof LetterTemplateProblem) return error;
    throw error;
  }
  throw new Error('expected a problem');
};

describe('letter templates', () => {
  it('render the default body with the values, unescaped (the letter is a PDF)', () => {
    const text = renderLetterBody(DEFAULT_LETTER_BODY, { ...LETTER_PLACEHOLDERS, fullName: 'Ms O’Brien & <Partner>' });
    expect(text).toContain('Ms O’Brien & <Partner>, a national of Pakistan, holder of passport number AB1234567');
    expect(text).not.toContain('&amp;');
  });

  it('refuse an unknown placeholder with its line and the ones there are', () => {
    const found = problem('Dear {{fullName}},\n\nYour passport {{passport}} is noted.');
    expect(found.line).toBe(3);
    expect(found.reason).toContain('{{passport}} is not a placeholder');
    expect(found.reason).toContain('{{passportNumber}}');
  });

  it('refuse a block never closed at the line of its opening tag, and a syntax error at its line', () => {
    expect(problem('One\n{{#if city}}in {{city}}\nThree').line).toBe(2);
    expect(problem('One\nTwo {{fullName').line).toBe(2);
  });

  it('refuse a partial: a letter has none', () => {
    expect(problem('{{> header}}').reason).toMatch(/partial/);
  });
});
