import { createHmac } from 'node:crypto';
import { sha256Hex } from '../common/secrets';

export type LinkPurpose = 'manage' | 'invitation' | 'password_reset' | 'team_invitation' | 'portal_sign_in';

/**
 * Secret links (a registrant's manage link, an invitation) carry a token derived from the server
 * secret and the record's id: HMAC-SHA256(secret, purpose:id). The database keeps only its SHA-256,
 * yet any later mail (a promotion from the waitlist, a reminder, the mail worker rendering an
 * invitation) can carry the same link again. Rotating JWT_SECRET invalidates all such links.
 * Provided by AuthModule from the server secret; plain (no Nest imports) so unit tests can load it.
 */
export class LinkTokens {
  private readonly key: string;

  constructor(serverSecret: string) {
    this.key = createHmac('sha256', serverSecret).update('plenary link tokens').digest('hex');
  }

  tokenFor(purpose: LinkPurpose, id: string): string {
    return createHmac('sha256', this.key).update(`${purpose}:${id}`).digest('base64url');
  }

  /** A registrant's manage link: the page under `publicUrl` that takes the registration's manage token. */
  manageUrl(publicUrl: string, registrationId: string): string {
    return `${publicUrl}/registrations/manage/${this.tokenFor('manage', registrationId)}`;
  }

  /** The console page that takes a password-reset token (an account_token's id). */
  passwordResetUrl(publicUrl: string, accountTokenId: string): string {
    return `${publicUrl}/console/password/reset/${this.tokenFor('password_reset', accountTokenId)}`;
  }

  /** The console page where an invited team member sets a password (an account_token's id). */
  teamInvitationUrl(publicUrl: string, accountTokenId: string): string {
    return `${publicUrl}/console/invitations/${this.tokenFor('team_invitation', accountTokenId)}`;
  }

  /** A focal point's one-time sign-in link to their delegation's portal (a portal_link's id; src/accreditation). */
  portalSignInUrl(publicUrl: string, portalLinkId: string): string {
    return `${publicUrl}/portal/sign-in/${this.tokenFor('portal_sign_in', portalLinkId)}`;
  }

  hashFor(purpose: LinkPurpose, id: string): string {
    return sha256Hex(this.tokenFor(purpose, id));
  }
}
