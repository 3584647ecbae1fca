import { createHash, createHmac } from 'node:crypto';

/**
 * Invitation tokens are derived, never stored: token = base64url(HMAC-SHA256(key, invitation id)),
 * where the key is derived from the server secret for this one purpose. The database keeps only
 * SHA-256(token), so a leaked table holds no usable link, and the mail worker can rebuild a link
 * from the invitation id when it renders the mail.
 */
export class InvitationTokens {
  private readonly key: Buffer;

  constructor(serverSecret: string) {
    this.key = createHmac('sha256', serverSecret).update('plenary/invitation-token/v1').digest();
  }

  tokenFor(invitationId: string): string {
    return createHmac('sha256', this.key).update(invitationId).digest('base64url');
  }

  /** What the database stores and looks tokens up by. */
  static hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  hashFor(invitationId: string): string {
    return InvitationTokens.hash(this.tokenFor(invitationId));
  }
}
