import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { isUuid } from '../common/uuid';
import { Invitation } from './invitation.entity';
import { LinkTokens } from '../auth/link-tokens';
import { sha256Hex } from '../common/secrets';

export interface NewInvitation {
  email: string;
  givenName: string | null;
  familyName: string | null;
  delegationId: string | null;
  transferable: boolean;
}

/** Why an invitation could not be used: unknown, of another event or used already; or sent to another address (and not transferable). */
export type InvitationRefusal = 'invalid' | 'other_email';

/** Invitations to an event: one-time tokens, stored only as hashes (see LinkTokens). */
@Injectable()
export class InvitationsService {
  constructor(private readonly tokens: LinkTokens) {}

  /** Writes the invitations in one statement on the caller's transaction; returns their ids in order. */
  async createMany(
    manager: EntityManager,
    eventId: string,
    mailingId: string | null,
    invitees: readonly NewInvitation[],
  ): Promise<string[]> {
    const ids = invitees.map(() => randomUUID());
    const rows = invitees.map((invitee, index) => ({
      ...invitee,
      id: ids[index],
      tokenHash: this.tokens.hashFor('invitation', ids[index]),
    }));
    await manager.query(
      `INSERT INTO invitation (id, event_id, mailing_id, email, given_name, family_name, delegation_id, transferable, token_hash)
       SELECT i."id", $1, $2, i."email", i."givenName", i."familyName", i."delegationId", i."transferable", i."tokenHash"
       FROM json_to_recordset($3::json) AS i("id" uuid, "email" varchar, "givenName" varchar, "familyName" varchar, "delegationId" uuid, "transferable" boolean, "tokenHash" char(64))`,
      [eventId, mailingId, JSON.stringify(rows)],
    );
    return ids;
  }

  /** The registration link an invitation mail carries. */
  linkFor(registerUrl: string, invitationId: string): string {
    return `${registerUrl}?invitation=${this.tokens.tokenFor('invitation', invitationId)}`;
  }

  /**
   * The unused invitation of this event with this token, to prefill the register page (nothing is used
   * up); null when the token is unknown, of another event, or used.
   */
  async findUnused(
    manager: EntityManager,
    eventId: string,
    token: string,
  ): Promise<Pick<Invitation, 'email' | 'givenName' | 'familyName' | 'delegationId'> | null> {
    if (!isUuid(eventId) || typeof token !== 'string' || token.length === 0 || token.length > 200) return null;
    const rows: Pick<Invitation, 'email' | 'givenName' | 'familyName' | 'delegationId'>[] = await manager.query(
      `SELECT email, given_name AS "givenName", family_name AS "familyName", delegation_id AS "delegationId"
       FROM invitation WHERE event_id = $1 AND token_hash = $2 AND used_at IS NULL`,
      [eventId, sha256Hex(token)],
    );
    return rows[0] ?? null;
  }

  /**
   * Uses an invitation for the registration of `email` (call it in the registration's transaction).
   * An invitation is for the person it was sent to: the email must be its own (trimmed,
   * case-insensitive) unless the organiser made it transferable. Returns the invitation, or why it
   * cannot be used; a refused use leaves it unused. Of two concurrent uses of one token exactly one
   * gets the invitation: the second UPDATE waits for the first's row lock and then finds used_at set.
   */
  async consume(manager: EntityManager, eventId: string, token: string, email: string): Promise<Invitation | InvitationRefusal> {
    if (!isUuid(eventId) || typeof token !== 'string' || token.length === 0 || token.length > 200) return 'invalid';
    const [rows] = await manager.query<[Invitation[], number]>(
      `UPDATE invitation SET used_at = now()
       WHERE event_id = $1 AND token_hash = $2 AND used_at IS NULL AND (transferable OR email = lower(btrim($3)))
       RETURNING id, event_id AS "eventId", mailing_id AS "mailingId", email, given_name AS "givenName", family_name AS "familyName",
                 delegation_id AS "delegationId", transferable, token_hash AS "tokenHash", used_at AS "usedAt", created_at AS "createdAt"`,
      [eventId, sha256Hex(token), email],
    );
    if (rows[0]) return rows[0];
    return (await this.findUnused(manager, eventId, token)) ? 'other_email' : 'invalid';
  }

  /** The emails among `emails` that were invited to the event before (in any mailing). */
  async alreadyInvited(manager: EntityManager, eventId: string, emails: readonly string[]): Promise<Set<string>> {
    if (emails.length === 0) return new Set();
    const rows: { email: string }[] = await manager.query(
      'SELECT DISTINCT email FROM invitation WHERE event_id = $1 AND email = ANY($2::varchar[])',
      [eventId, emails],
    );
    return new Set(rows.map((row) => row.email));
  }
}
