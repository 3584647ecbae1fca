import { newReference, normaliseReference, referencePrefix, REFERENCE_PATTERN } from './document-reference';

describe('document references', () => {
  it('are a prefix of the event and three groups of Crockford base 32, all different', () => {
    const prefix = referencePrefix({ city: 'Islamabad', slug: 'islamabad-2025', startDate: '2025-11-26' });
    expect(prefix).toBe('ISL25');
    const references = new Set(Array.from({ length: 2000 }, () => newReference(prefix)));
    expect(references.size).toBe(2000);
    for (const reference of references) expect(reference).toMatch(REFERENCE_PATTERN);
  });

  it('take the slug when the city has no Latin letters, and DOC when neither has', () => {
    expect(referencePrefix({ city: 'إسلام آباد', slug: 'conf-2026', startDate: '2026-03-02' })).toBe('CON26');
    expect(referencePrefix({ city: null, slug: '2026', startDate: '2026-03-02' })).toBe('DOC26');
  });

  it('are read back typed in lower case, with O for 0 and I or L for 1, and refused when malformed', () => {
    expect(normaliseReference(' isl25-7kq4-m9xd-o1il ')).toBe('ISL25-7KQ4-M9XD-0111');
    expect(normaliseReference('ISL25-7KQ4-M9XD')).toBeNull();
    expect(normaliseReference('ISL25-7KQ4-M9XD-2HCU')).toBeNull();
    expect(normaliseReference("ISL25-7KQ4-M9XD-2HC'")).toBeNull();
    expect(normaliseReference('x'.repeat(100))).toBeNull();
  });
});
