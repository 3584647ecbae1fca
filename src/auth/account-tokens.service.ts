import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { isTokenShaped, sha256Hex } from '../common/secrets';
import { AppConfig } from '../config/app-config';
import type { AccountTokenPurpose } from './account-token.entity';
import { LinkTokens } from './link-tokens';

/** An account_token as `issue` made it: the id (for MailRequest.accountLinkFor) and the token of its link. */
export interface IssuedAccountToken {
  id: string;
  token: string;
  expiresAt: Date;
}

/** What a valid, unused token stands for, without using it up (to render a set-password form). */
export interface AccountTokenPeek {
  userId: string;
  email: string;
  fullName: string;
  eventId: string | null;
  expiresAt: Date;
}

/**
 * One-time links to set an account's password (a password reset, a team invitation). The token is
 * HMAC(server secret, purpose:id) of a random id (LinkTokens, as for manage and invitation links): the
 * mail worker derives the link again when it renders the mail, so neither the table nor the mail log
 * ever holds it, only its SHA-256. A token is used once: `consume` is one conditional UPDATE.
 */
@Injectable()
export class AccountTokensService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly linkTokens: LinkTokens,
    private readonly config: AppConfig,
  ) {}

  /** How long a link of this purpose stays valid, in minutes (ACCOUNT_LINK_MINUTES, TEAM_INVITATION_HOURS). */
  lifetimeMinutes(purpose: AccountTokenPurpose): number {
    return purpose === 'team_invitation' ? this.config.TEAM_INVITATION_HOURS * 60 : this.config.ACCOUNT_LINK_MINUTES;
  }

  /** Stores a new token for the user on `manager`'s transaction (enqueue its mail on the same one). */
  async issue(
    manager: EntityManager,
    userId: string,
    purpose: AccountTokenPurpose,
    options: { eventId?: string } = {},
  ): Promise<IssuedAccountToken> {
    const id = randomUUID();
    const token = this.linkTokens.tokenFor(purpose, id);
    const [row] = await manager.query<{ expiresAt: Date }[]>(
      `INSERT INTO account_token (id, user_id, purpose, token_hash, event_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6))
       RETURNING expires_at AS "expiresAt"`,
      [id, userId, purpose, sha256Hex(token), options.eventId ?? null, this.lifetimeMinutes(purpose)],
    );
    return { id, token, expiresAt: row.expiresAt };
  }

  /**
   * Uses the token up and answers its user; 410 ACCOUNT_LINK_INVALID if it is unknown, used or expired.
   * One UPDATE … WHERE used_at IS NULL: of any number of parallel uses, exactly one succeeds. Every other
   * unused token of the account is used up with it (a password was just set: older links must not set
   * another). Pass the manager of the transaction that sets the password, so both commit together.
   */
  async consume(token: string, purpose: AccountTokenPurpose, manager: EntityManager = this.dataSource.manager): Promise<string> {
    if (!isTokenShaped(token)) throw linkInvalid();
    const [rows] = await manager.query<[{ userId: string }[], number]>(
      `UPDATE account_token SET used_at = now()
       WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
         AND user_id IN (SELECT id FROM app_user WHERE disabled_at IS NULL)
       RETURNING user_id AS "userId"`,
      [sha256Hex(token), purpose],
    );
    if (rows.length === 0) throw linkInvalid();
    const { userId } = rows[0];
    await manager.query(`UPDATE account_token SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [userId]);
    return userId;
  }

  /** The account a valid, unused token is for, without using it; null otherwise (also for a disabled account). */
  async peek(token: string, purpose: AccountTokenPurpose): Promise<AccountTokenPeek | null> {
    if (!isTokenShaped(token)) return null;
    const rows = await this.dataSource.query<AccountTokenPeek[]>(
      `SELECT t.user_id AS "userId", u.email, u.full_name AS "fullName", t.event_id AS "eventId", t.expires_at AS "expiresAt"
       FROM account_token t JOIN app_user u ON u.id = t.user_id
       WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > now() AND u.disabled_at IS NULL`,
      [sha256Hex(token), purpose],
    );
    return rows[0] ?? null;
  }
}

function linkInvalid(): ApiError {
  return new ApiError('ACCOUNT_LINK_INVALID', 'This link is unknown, has been used already or has expired; ask for a new one');
}
