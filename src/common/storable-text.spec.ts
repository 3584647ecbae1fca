import { textProblem, unstorableText } from './storable-text';

describe('text PostgreSQL cannot store', () => {
  it('finds NUL characters and unpaired surrogates, high or low, and nothing in well-formed text', () => {
    expect(textProblem('a\u0000b')).toMatch(/null character/);
    expect(textProblem('\ud800')).toMatch(/unpaired UTF-16 surrogate/);
    expect(textProblem('x\udc00')).toMatch(/unpaired UTF-16 surrogate/);
    expect(textProblem('\udbff\ud800')).toMatch(/unpaired UTF-16 surrogate/); // two high halves are no pair
    expect(textProblem('😀 𠮷 عبد الرحمن')).toBeNull();
  });

  it('names each bad value or key by its dotted path', () => {
    expect(
      unstorableText({ givenName: '\ud800', answers: { ok: 'fine', ['k\udc00']: 'x' }, list: [{ text: 'a\u0000' }] })
        .map((found) => found.field)
        .sort(),
    ).toEqual(['answers.k\udc00', 'givenName', 'list.0.text']);
    expect(unstorableText('\ud800', 'q')).toEqual([{ field: 'q', message: expect.stringContaining('surrogate') as unknown }]);
  });
});
