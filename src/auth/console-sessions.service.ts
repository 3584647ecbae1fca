import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from './authenticated-user';
import type { UserRole } from './user.entity';
import { isTokenShaped, randomToken, sha256Hex } from '../common/secrets';
import { AppConfig } from '../config/app-config';

/** The console's cookie: the session token, sent only to /console. */
export const SESSION_COOKIE = 'plenary_console';

/** Who is signed in, as the console's handlers see them. */
export interface ConsoleUser extends AuthenticatedUser {
  fullName: string;
  sessionId: string;
}

/**
 * Console sign-in sessions, as rows in PostgreSQL (so signing out and revocation hold on every instance).
 * A session ends at its absolute lifetime (CONSOLE_SESSION_MAX_HOURS), after CONSOLE_SESSION_IDLE_MINUTES
 * without a request, or when revoked (sign-out, password change).
 */
@Injectable()
export class ConsoleSessions {
  private readonly idleMinutes: number;
  private readonly maxHours: number;
  private readonly secure: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.idleMinutes = config.CONSOLE_SESSION_IDLE_MINUTES;
    this.maxHours = config.CONSOLE_SESSION_MAX_HOURS;
    this.secure = config.publicUrl.startsWith('https:');
  }

  /** Starts a session for the user and returns the Set-Cookie header value that carries it. */
  async start(userId: string): Promise<string> {
    const token = randomToken();
    await this.dataSource.query(
      `INSERT INTO console_session (user_id, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))`,
      [userId, sha256Hex(token), this.maxHours],
    );
    return this.cookie(token, this.maxHours * 3600);
  }

  /**
   * The user of a live session, or null. Moves the session's last use forward (at most once a minute, so
   * that reading pages does not write a row per request).
   */
  async resolve(token: string | undefined): Promise<ConsoleUser | null> {
    if (!token || !isTokenShaped(token)) return null;
    const rows: { id: string; email: string; role: UserRole; full_name: string; session_id: string }[] = await this.dataSource.query(
      `WITH live AS (
         SELECT s.id AS session_id, s.last_seen_at, u.id, u.email, u.role, u.full_name
         FROM console_session s JOIN app_user u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL
           AND s.last_seen_at > now() - make_interval(mins => $2)
       ), touched AS (
         UPDATE console_session SET last_seen_at = now()
         WHERE id = (SELECT session_id FROM live) AND last_seen_at < now() - interval '1 minute'
       )
       SELECT session_id, id, email, role, full_name FROM live`,
      [sha256Hex(token), this.idleMinutes],
    );
    const row = rows[0];
    return row ? { id: row.id, email: row.email, role: row.role, fullName: row.full_name, sessionId: row.session_id } : null;
  }

  /**
   * Signs this browser in as `userId`: ends the session it had, if any (so a session never outlives a
   * sign-in as someone else, and a fixed cookie is never reused), starts a new one and returns its Set-Cookie value.
   */
  async switchTo(current: Pick<ConsoleUser, 'sessionId'> | undefined, userId: string): Promise<string> {
    if (current) await this.revoke(current.sessionId);
    return this.start(userId);
  }

  /** Ends one session (sign-out). */
  async revoke(sessionId: string): Promise<void> {
    await this.dataSource.query(`UPDATE console_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
  }

  /** Ends every session of a user (a password changed or reset, an account disabled), but `except` if given. */
  async revokeAllOf(userId: string, except?: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE console_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [userId, except ?? null],
    );
  }

  /** The Set-Cookie value that removes the session cookie. */
  cleared(): string {
    return this.cookie('', 0);
  }

  private cookie(token: string, maxAgeSeconds: number): string {
    return `${SESSION_COOKIE}=${token}; Path=/console; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${this.secure ? '; Secure' : ''}`;
  }
}
