import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { resolveJwtSecret } from '../config/jwt-secret';
import { sha256Hex } from '../common/secrets';

export type LinkPurpose = 'manage' | 'invitation';

/**
 * Secret links (a registrant's manage link, an invitation) carry a token derived from the server
 * secret and the record's id: HMAC-SHA256(secret, purpose:id). The database keeps only its SHA-256,
 * yet any later mail (a promotion from the waitlist, a reminder) can carry the same link again.
 * Rotating JWT_SECRET invalidates all such links.
 */
@Injectable()
export class LinkTokensService {
  private readonly key: string;

  constructor(config: AppConfig) {
    this.key = createHmac('sha256', resolveJwtSecret(config)).update('plenary link tokens').digest('hex');
  }

  tokenFor(purpose: LinkPurpose, id: string): string {
    return createHmac('sha256', this.key).update(`${purpose}:${id}`).digest('base64url');
  }

  hashFor(purpose: LinkPurpose, id: string): string {
    return sha256Hex(this.tokenFor(purpose, id));
  }
}
