import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LinkTokens } from '../auth/link-tokens';
import { ApiError } from '../common/errors/api-error';
import { isTokenShaped, randomToken, sha256Hex } from '../common/secrets';
import { isUuid } from '../common/uuid';
import { AppConfig } from '../config/app-config';
import { DelegationsService } from '../delegations/delegations.service';
import { MailService } from '../mail/mail.service';

/** The portal's cookie: the session token, sent only to /portal. */
export const PORTAL_COOKIE = 'plenary_portal';
/** How long a sign-in link stays valid. */
export const PORTAL_LINK_MINUTES = 30;
/** How long a portal session lasts, however active. */
export const PORTAL_SESSION_HOURS = 12;
/** A second link is not mailed within this many seconds of the last (a double click, someone flooding an inbox). */
export const PORTAL_LINK_INTERVAL_SECONDS = 60;

/** A focal point signed in to the portal: their session and the one delegation it opens. */
export interface PortalUser {
  sessionId: string;
  delegationId: string;
  email: string;
}

/**
 * The focal points' sign-in: a one-time link mailed to the delegation's head (`head_email`, the address the
 * organiser gave), which starts a session limited to that delegation. Links and sessions are rows (so they
 * hold on every instance); neither token is stored, only its SHA-256. See README.md.
 */
@Injectable()
export class PortalSignInService {
  private readonly secure: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly linkTokens: LinkTokens,
    private readonly delegations: DelegationsService,
    private readonly mail: MailService,
    config: AppConfig,
  ) {
    this.secure = config.publicUrl.startsWith('https:');
  }

  /**
   * Mails a one-time sign-in link when `email` is the delegation's head, unless one was mailed within
   * PORTAL_LINK_INTERVAL_SECONDS; otherwise nothing. The caller answers the same either way, so the portal
   * never tells who the focal point is. The delegation's row lock makes two requests at once mail once.
   */
  async requestLink(delegationId: string, email: string): Promise<void> {
    if (!isUuid(delegationId)) return;
    const address = email.trim().toLowerCase();
    await this.dataSource.transaction(async (manager) => {
      const [delegation] = await manager.query<
        {
          id: string;
          eventId: string;
          name: string;
          quota: number;
          headEmail: string | null;
          headGivenName: string | null;
          headFamilyName: string | null;
        }[]
      >(
        `SELECT id, event_id AS "eventId", name, quota, head_email AS "headEmail", head_given_name AS "headGivenName",
                head_family_name AS "headFamilyName"
           FROM delegation WHERE id = $1 FOR UPDATE`,
        [delegationId],
      );
      if (!delegation?.headEmail || delegation.headEmail.trim().toLowerCase() !== address) return;
      const [recent] = await manager.query<unknown[]>(
        `SELECT 1 FROM portal_link WHERE delegation_id = $1 AND created_at > now() - make_interval(secs => $2) LIMIT 1`,
        [delegationId, PORTAL_LINK_INTERVAL_SECONDS],
      );
      if (recent) return;
      const id = randomUUID();
      await manager.query(
        `INSERT INTO portal_link (id, delegation_id, token_hash, email, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5))`,
        [id, delegationId, this.linkTokens.hashFor('portal_sign_in', id), address, PORTAL_LINK_MINUTES],
      );
      await this.mail.enqueue(manager, {
        template: 'portal_sign_in',
        eventId: delegation.eventId,
        to: delegation.headEmail,
        accountLinkFor: id,
        data: {
          recipient: { honorific: null, givenName: delegation.headGivenName, familyName: delegation.headFamilyName },
          delegation: { name: delegation.name, quota: delegation.quota, portalUrl: this.delegations.portalUrl(delegation) },
          validMinutes: PORTAL_LINK_MINUTES,
        },
      });
    });
  }

  /** The delegation a valid, unused link is for, without using it (the page with the button that signs in); null otherwise. */
  async peek(token: string): Promise<{ delegationId: string; name: string } | null> {
    if (!isTokenShaped(token)) return null;
    const rows = await this.dataSource.query<{ delegationId: string; name: string }[]>(
      `SELECT d.id AS "delegationId", d.name FROM portal_link l JOIN delegation d ON d.id = l.delegation_id
        WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > now() AND lower(d.head_email) = l.email`,
      [sha256Hex(token)],
    );
    return rows[0] ?? null;
  }

  /**
   * Uses the link up and starts a session limited to its delegation: one conditional UPDATE, so of any number
   * of parallel uses exactly one signs in; the others (and any later use) are 410 PORTAL_LINK_INVALID. A link
   * to an address that is no longer the delegation's head does not sign in. Ends `current` if given (a session
   * never outlives a sign-in, and a fixed cookie is never reused). Returns the delegation and the Set-Cookie value.
   */
  async signIn(token: string, current?: PortalUser): Promise<{ delegationId: string; cookie: string }> {
    if (!isTokenShaped(token)) throw linkInvalid();
    return this.dataSource.transaction(async (manager) => {
      const [rows] = await manager.query<[{ delegationId: string; email: string }[], number]>(
        `UPDATE portal_link l SET used_at = now()
           FROM delegation d
          WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > now()
            AND d.id = l.delegation_id AND lower(d.head_email) = l.email
         RETURNING l.delegation_id AS "delegationId", l.email`,
        [sha256Hex(token)],
      );
      if (rows.length === 0) throw linkInvalid();
      const { delegationId, email } = rows[0];
      if (current)
        await manager.query(`UPDATE portal_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [current.sessionId]);
      const session = randomToken();
      await manager.query(
        `INSERT INTO portal_session (delegation_id, email, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
        [delegationId, email, sha256Hex(session), PORTAL_SESSION_HOURS],
      );
      return { delegationId, cookie: this.cookie(session, PORTAL_SESSION_HOURS * 3600) };
    });
  }

  /** The focal point of a live session, or null (also once the organiser has given the delegation another head). */
  async resolve(token: string | undefined): Promise<PortalUser | null> {
    if (!token || !isTokenShaped(token)) return null;
    const rows = await this.dataSource.query<PortalUser[]>(
      `SELECT s.id AS "sessionId", s.delegation_id AS "delegationId", s.email
         FROM portal_session s JOIN delegation d ON d.id = s.delegation_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND lower(d.head_email) = s.email`,
      [sha256Hex(token)],
    );
    return rows[0] ?? null;
  }

  /** Ends a session (signing out). */
  async signOut(sessionId: string): Promise<void> {
    await this.dataSource.query(`UPDATE portal_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
  }

  /** The Set-Cookie value that removes the session cookie. */
  cleared(): string {
    return this.cookie('', 0);
  }

  private cookie(token: string, maxAgeSeconds: number): string {
    return `${PORTAL_COOKIE}=${token}; Path=/portal; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${this.secure ? '; Secure' : ''}`;
  }
}

function linkInvalid(): ApiError {
  return new ApiError('PORTAL_LINK_INVALID', 'This sign-in link is unknown, has been used already or has expired; ask for a new one');
}
