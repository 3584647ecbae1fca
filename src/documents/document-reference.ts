import { randomBytes } from 'node:crypto';

/** Crockford's base 32: digits and capitals without I, L, O and U, so a reference read aloud or typed is not mistaken. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** "ISB25-7KQ4-M9XD-2HCT": a readable prefix, then three groups of four characters (5 random bits each, 60 in all). */
export const REFERENCE_PATTERN = /^[A-Z]{1,3}[0-9]{2}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

/** The prefix: three letters of the event's city (or slug) and the last two digits of its year ("ISB25"). Says nothing secret. */
export function referencePrefix(event: { city: string | null; slug: string; startDate: string }): string {
  const letters = (text: string | null) => (text ?? '').toUpperCase().replace(/[^A-Z]/g, '');
  const word = letters(event.city) || letters(event.slug) || 'DOC';
  return `${word.slice(0, 3)}${event.startDate.slice(2, 4)}`;
}

/** A new reference for a document of the event: unguessable (60 bits from the system's random source). */
export function newReference(prefix: string): string {
  const groups: string[] = [];
  // One random byte per character, of which 5 bits are kept (no modulo bias: 32 divides 256).
  const bytes = randomBytes(GROUPS * GROUP_LENGTH);
  for (let group = 0; group < GROUPS; group++) {
    let text = '';
    for (let index = 0; index < GROUP_LENGTH; index++) text += ALPHABET[bytes[group * GROUP_LENGTH + index] % 32];
    groups.push(text);
  }
  return [prefix, ...groups].join('-');
}

/**
 * A reference as someone typed or scanned it: trimmed and upper-cased, and the letters Crockford's
 * alphabet leaves out read as the digits they look like (O → 0, I and L → 1). Null when it cannot be one,
 * so that a malformed reference is answered without a query.
 */
export function normaliseReference(input: string): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  const [prefix, ...groups] = input.trim().toUpperCase().split('-');
  const cleaned = [prefix, ...groups.map((group) => group.replace(/O/g, '0').replace(/[IL]/g, '1'))].join('-');
  return REFERENCE_PATTERN.test(cleaned) ? cleaned : null;
}
