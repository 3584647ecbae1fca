import { randomUUID } from 'node:crypto';
import { InvitationTokens } from './invitation-token';

describe('invitation tokens', () => {
  const tokens = new InvitationTokens('a server secret that is long enough to sign with');

  it('are the same for the same invitation, so the worker can rebuild the link', () => {
    const id = randomUUID();
    expect(tokens.tokenFor(id)).toBe(new InvitationTokens('a server secret that is long enough to sign with').tokenFor(id));
  });

  it('are URL-safe, 256-bit, and differ per invitation and per server secret', () => {
    const ids = Array.from({ length: 1000 }, () => randomUUID());
    const all = new Set(ids.map((id) => tokens.tokenFor(id)));
    expect(all.size).toBe(1000);
    for (const token of all) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new InvitationTokens('another secret entirely, also long enough').tokenFor(ids[0])).not.toBe(tokens.tokenFor(ids[0]));
  });

  it('are stored only as their SHA-256, which reveals neither the token nor the id', () => {
    const id = randomUUID();
    const hash = tokens.hashFor(id);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(InvitationTokens.hash(tokens.tokenFor(id)));
    expect(hash).not.toContain(tokens.tokenFor(id));
    expect(InvitationTokens.hash(id)).not.toBe(hash);
  });
});
