import { randomUUID } from 'node:crypto';
import { sha256Hex } from '../common/secrets';
import { LinkTokens } from './link-tokens';

const tokensWith = (secret: string) => new LinkTokens(secret);

describe('link tokens (manage links, invitations)', () => {
  const tokens = tokensWith('a server secret that is long enough to sign with');

  it('are the same for the same record, so a later mail (or the mail worker) can rebuild the link', () => {
    const id = randomUUID();
    expect(tokens.tokenFor('invitation', id)).toBe(
      tokensWith('a server secret that is long enough to sign with').tokenFor('invitation', id),
    );
  });

  it('are URL-safe, 256-bit, and differ per record, per purpose and per server secret', () => {
    const ids = Array.from({ length: 1000 }, () => randomUUID());
    const all = new Set(ids.map((id) => tokens.tokenFor('invitation', id)));
    expect(all.size).toBe(1000);
    for (const token of all) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.tokenFor('manage', ids[0])).not.toBe(tokens.tokenFor('invitation', ids[0]));
    expect(tokensWith('another secret entirely, also long enough').tokenFor('invitation', ids[0])).not.toBe(
      tokens.tokenFor('invitation', ids[0]),
    );
  });

  it('are stored only as their SHA-256, which reveals neither the token nor the id', () => {
    const id = randomUUID();
    const hash = tokens.hashFor('invitation', id);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(sha256Hex(tokens.tokenFor('invitation', id)));
    expect(hash).not.toContain(tokens.tokenFor('invitation', id));
    expect(sha256Hex(id)).not.toBe(hash);
  });
});
