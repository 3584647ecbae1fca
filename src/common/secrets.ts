import { createHash, randomBytes } from 'node:crypto';

/** An unguessable URL-safe token (256 bits by default). */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Whether a string has the shape of a token that randomToken() or LinkTokens makes (base64url of 32 bytes); anything else is not looked up. */
export const isTokenShaped = (value: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(value);

/** Tokens are stored only as their SHA-256, so a database leak does not leak working links. */
export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O or 1/I: codes are read aloud and typed

/** A human-friendly random code (e.g. delegation codes, badge codes): 5 bits of entropy per character. */
export function randomCode(length: number): string {
  const bytes = randomBytes(length);
  let code = '';
  for (const byte of bytes) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  return code;
}
