import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** AES-256-GCM: a 32-byte key, a fresh 12-byte IV for every value, a 16-byte authentication tag. */
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The first byte of every stored value: the layout below, so that a later layout can be told apart. */
const FORMAT = 1;

/**
 * A 32-byte key as written in the environment: 64 hex digits, or base64 (standard or URL-safe) of 32
 * bytes. Anything else is null, never a shorter or padded key.
 */
export function parseDataKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) return null;
  const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length === KEY_BYTES ? bytes : null;
}

/** A key's id: the first 16 hex digits of SHA-256 over a label and the key. It names the key, and reveals nothing of it. */
export function dataKeyId(key: Buffer): string {
  return createHash('sha256').update('plenary-data-key\0').update(key).digest('hex').slice(0, 16);
}

/** Why a value does not decrypt: its key is not configured, or it (or its context) was altered, or it was encrypted under another key of the same id. */
export class DataCipherError extends Error {
  constructor(
    readonly reason: 'no-key' | 'key-unknown' | 'unreadable',
    message: string,
    readonly keyId?: string,
  ) {
    super(message);
    this.name = 'DataCipherError';
  }
}

/**
 * Encrypts values at rest under the current key, and decrypts under it or an older one (key rotation).
 * Each stored value is `[format 1][iv 12][tag 16][ciphertext]`; the key id is kept beside it (a column),
 * and `context` (e.g. the row and column) is bound in as associated data, so a value copied to another
 * row or column does not decrypt. A value that fails its tag check is refused, never returned as garbage.
 */
export class DataCipher {
  private readonly keys = new Map<string, Buffer>();
  /** The id of the key new values are written under; null when no key is configured. */
  readonly currentKeyId: string | null;

  constructor(current: Buffer | null, older: readonly Buffer[] = []) {
    for (const key of [current, ...older]) {
      if (!key) continue;
      if (key.length !== KEY_BYTES) throw new Error(`A data key has ${KEY_BYTES} bytes, not ${key.length}`);
      this.keys.set(dataKeyId(key), key);
    }
    this.currentKeyId = current ? dataKeyId(current) : null;
  }

  get configured(): boolean {
    return this.currentKeyId !== null;
  }

  /** The ids of every key this cipher can decrypt with, the current one first. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  hasKey(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  encrypt(plain: string, context: string): { keyId: string; value: Buffer } {
    if (!this.currentKeyId) throw new DataCipherError('no-key', 'DATA_ENCRYPTION_KEY is not set, so this data cannot be encrypted');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keys.get(this.currentKeyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return { keyId: this.currentKeyId, value: Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), body]) };
  }

  decrypt(value: Buffer, keyId: string, context: string): string {
    const key = this.keys.get(keyId);
    if (!key)
      throw new DataCipherError(
        this.configured ? 'key-unknown' : 'no-key',
        `This data is encrypted under key id ${keyId}, which this server does not have: set DATA_ENCRYPTION_KEY, or list the old key in DATA_ENCRYPTION_OLD_KEYS`,
        keyId,
      );
    if (value.length < 1 + IV_BYTES + TAG_BYTES || value[0] !== FORMAT)
      throw new DataCipherError('unreadable', `This data is not an encrypted value of a known format (key id ${keyId})`, keyId);
    const iv = value.subarray(1, 1 + IV_BYTES);
    const tag = value.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(value.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new DataCipherError(
        'unreadable',
        `This data does not decrypt under key id ${keyId}: it was altered, or moved from another record`,
        keyId,
      );
    }
  }
}
