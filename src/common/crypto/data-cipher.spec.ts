import { randomBytes } from 'node:crypto';
import { DataCipher, DataCipherError, dataKeyId, parseDataKey } from './data-cipher';

const keyA = randomBytes(32);
const keyB = randomBytes(32);

describe('DataCipher (AES-256-GCM)', () => {
  it('round-trips a value under its context, with a fresh IV each time', () => {
    const cipher = new DataCipher(keyA);
    const one = cipher.encrypt('AB1234567', 'registration:1:passport_number');
    const two = cipher.encrypt('AB1234567', 'registration:1:passport_number');
    expect(one.keyId).toBe(dataKeyId(keyA));
    expect(one.value.equals(two.value)).toBe(false);
    expect(one.value.includes(Buffer.from('AB1234567'))).toBe(false);
    expect(cipher.decrypt(one.value, one.keyId, 'registration:1:passport_number')).toBe('AB1234567');
  });

  it('refuses a tampered tag, ciphertext or context, never answering garbage', () => {
    const cipher = new DataCipher(keyA);
    const { keyId, value } = cipher.encrypt('1990-04-01', 'registration:1:date_of_birth');
    for (const offset of [1 + 12, value.length - 1]) {
      const tampered = Buffer.from(value);
      tampered[offset] ^= 0x01;
      expect(() => cipher.decrypt(tampered, keyId, 'registration:1:date_of_birth')).toThrow(DataCipherError);
    }
    expect(() => cipher.decrypt(value, keyId, 'registration:2:date_of_birth')).toThrow(/altered, or moved/);
    expect(() => cipher.decrypt(value.subarray(0, 10), keyId, 'registration:1:date_of_birth')).toThrow(/known format/);
  });

  it('names the missing key id, and decrypts with an older key during rotation', () => {
    const old = new DataCipher(keyA).encrypt('P-77', 'ctx');
    const withoutA = new DataCipher(keyB);
    let error: unknown;
    try {
      withoutA.decrypt(old.value, old.keyId, 'ctx');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataCipherError);
    expect((error as DataCipherError).reason).toBe('key-unknown');
    expect((error as DataCipherError).message).toContain(dataKeyId(keyA));
    const rotating = new DataCipher(keyB, [keyA]);
    expect(rotating.decrypt(old.value, old.keyId, 'ctx')).toBe('P-77');
    expect(rotating.encrypt('x', 'ctx').keyId).toBe(dataKeyId(keyB));
    expect(rotating.keyIds).toEqual([dataKeyId(keyB), dataKeyId(keyA)]);
  });

  it('without a key, refuses to encrypt and says which variable to set', () => {
    const none = new DataCipher(null);
    expect(none.configured).toBe(false);
    expect(() => none.encrypt('x', 'ctx')).toThrow(/DATA_ENCRYPTION_KEY is not set/);
  });

  it('the key id is a short hash that does not contain the key', () => {
    const id = dataKeyId(keyA);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(keyA.toString('hex')).not.toContain(id);
    expect(dataKeyId(keyB)).not.toBe(id);
  });

  it('reads a key as 64 hex digits or base64 of 32 bytes, and nothing else', () => {
    expect(parseDataKey(keyA.toString('hex'))?.equals(keyA)).toBe(true);
    expect(parseDataKey(keyA.toString('base64'))?.equals(keyA)).toBe(true);
    expect(parseDataKey(keyA.toString('base64url'))?.equals(keyA)).toBe(true);
    expect(parseDataKey(randomBytes(16).toString('hex'))).toBeNull();
    expect(parseDataKey(randomBytes(31).toString('base64'))).toBeNull();
    expect(parseDataKey('not a key')).toBeNull();
    expect(parseDataKey('')).toBeNull();
  });
});
