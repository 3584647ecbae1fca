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
}

/** Invitations to an event: one-time tokens, stored only as hashes (see LinkTokens). */
@Injectable()
export class InvitationsService {
  constructor(private readonly tokens: LinkTokens) {}

  /** Writes the invitations in one statement on the caller's transaction; returns their ids in order. */
  async createMany(manager: EntityManager, eventId: string, mailingId: string | null, invitees: readonly NewInvitation[]): Promise<string[]> {
    const ids = invitees.map(() => randomUUID());
    const rows = invitees.map((invitee, index) => ({ ...invitee, id: ids[index], tokenHash: this.tokens.hashFor('invitation', ids[index]) }));
    await manager.query(
      `INSERT INTO invitation (id, event_id, mailing_id, email, given_name, family_name, delegation_id, token_hash)
       SELECT i."id", $1, $2, i."email", i."givenName", i."familyName", i."delegationId", i."tokenHash"
       FROM json_to_recordset($3::json) AS i("id" uuid, "email" varchar, "givenName" varchar, "familyName" varchar, "delegationId" uuid, "tokenHash" char(64))`,
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
  async findUnused(manager: EntityManager, eventId: string, token: string): Promise<Pick<Invitation, 'email' | 'givenName' | 'familyName' | 'delegationId'> | null> {
    if (!isUuid(eventId) || typeof token !== 'string' || token.length === 0 || token.length > 200) return null;
    const rows: Pick<Invitation, 'email' | 'givenName' | 'familyName' | 'delegationId'>[] = await manager.query(
      `SELECT email, given_name AS "givenName", family_name AS "familyName", delegation_id AS "delegationId"
       FROM invitation WHERE event_id = $1 AND token_hash = $2 AND used_at IS NULL`,
      [eventId, sha256Hex(token)],
    );
    return rows[0] ?? null;
  }

  /**
   * Uses an invitation, for registration at an invite-only event (call it in the registration's
   * transaction). Returns the invitation, or null when the token is unknown, belongs to another
   * event or was used already. Of two concurrent uses of one token exactly one gets the invitation:
   * the second UPDATE waits for the first's row lock and then finds used_at set.
   */
  async consume(manager: EntityManager, eventId: string, token: string): Promise<Invitation | null> {
    if (!isUuid(eventId) || typeof token !== 'string' || token.length === 0 || token.length > 200) return null;
    const [rows] = (await manager.query(
      `UPDATE invitation SET used_at = now()
       WHERE event_id = $1 AND token_hash = $2 AND used_at IS NULL
       RETURNING id, event_id AS "eventId", mailing_id AS "mailingId", email, given_name AS "givenName", family_name AS "familyName",
                 delegation_id AS "delegationId", token_hash AS "tokenHash", used_at AS "usedAt", created_at AS "createdAt"`,
      [eventId, sha256Hex(token)],
    )) as [Invitation[], number];
    return rows[0] ?? null;
  }
}
