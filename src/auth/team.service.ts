import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { isUniqueViolation } from '../common/postgres-errors';
import { isUuid } from '../common/uuid';
import { MailService } from '../mail/mail.service';
import { AccountTokensService } from './account-tokens.service';
import { EventRole } from './event-role.entity';
import { accountRecipient } from './passwords.service';
import { User } from './user.entity';

/** One person of an event's team. `invitationPending`: invited by email, no password chosen yet. */
export interface TeamMember {
  userId: string;
  email: string;
  fullName: string;
  roles: EventRole[];
  invitationPending: boolean;
}

/** A role granted: the person's roles at the event now, and whether a team invitation was mailed. */
export interface RoleGranted {
  eventId: string;
  userId: string;
  email: string;
  roles: EventRole[];
  invitationSent: boolean;
}

/**
 * An event's team: who holds which role, granting by email (inviting people who have no account yet)
 * and revoking. Callers authorise first (the organiser role at the event); nothing here checks roles.
 */
@Injectable()
export class TeamService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: AccountTokensService,
    private readonly mail: MailService,
  ) {}

  /** Everyone with a role at the event, by email; one query. */
  async list(eventId: string): Promise<TeamMember[]> {
    return this.dataSource.query<TeamMember[]>(
      `SELECT u.id AS "userId", u.email, u.full_name AS "fullName",
              array_agg(r.role::text ORDER BY array_position(ARRAY['organiser', 'rapporteur', 'checkin', 'accreditation'], r.role::text)) AS roles,
              u.password_hash IS NULL AS "invitationPending"
       FROM event_role r JOIN app_user u ON u.id = r.user_id
       WHERE r.event_id = $1
       GROUP BY u.id
       ORDER BY u.email`,
      [eventId],
    );
  }

  /**
   * Grants the role to the account with this email. Without `invite`, an unknown email is 400 (naming
   * `email`). With `invite`, an unknown email gets a member account with no password, and it (or an
   * account still without one) is mailed a team invitation with a link to choose a password, valid for
   * TEAM_INVITATION_HOURS. One transaction: the account, the role, the token and the mail commit together.
   */
  async grant(
    eventId: string,
    email: string,
    role: EventRole,
    options: { invite?: boolean; fullName?: string } = {},
  ): Promise<RoleGranted> {
    const address = email.trim().toLowerCase();
    try {
      return await this.dataSource.transaction(async (manager) => {
        const users = manager.getRepository(User);
        let user = await users.findOneBy({ email: address });
        if (!user) {
          if (!options.invite)
            throw ApiError.invalidField('email', `no account has the email ${address}; send "invite": true to invite them`);
          user = await users.save(
            users.create({ email: address, fullName: options.fullName?.trim() ?? '', passwordHash: null, role: 'member' }),
          );
        }
        await manager.query(
          `INSERT INTO event_role (event_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT ON CONSTRAINT uq_event_role_event_user_role DO NOTHING`,
          [eventId, user.id, role],
        );
        const roles = (
          await manager.query<{ role: EventRole }[]>(
            `SELECT role FROM event_role WHERE event_id = $1 AND user_id = $2 ORDER BY array_position(ARRAY['organiser', 'rapporteur', 'checkin', 'accreditation'], role::text)`,
            [eventId, user.id],
          )
        ).map((row) => row.role);
        const invitationSent = Boolean(options.invite) && user.passwordHash === null && !user.disabledAt;
        if (invitationSent) {
          const issued = await this.tokens.issue(manager, user.id, 'team_invitation', { eventId });
          await this.mail.enqueue(manager, {
            template: 'team_invitation',
            eventId,
            to: user.email,
            data: {
              recipient: accountRecipient(user),
              roles,
              validDays: Math.round(this.tokens.lifetimeMinutes('team_invitation') / 1440),
            },
            accountLinkFor: issued.id,
          });
        }
        return { eventId, userId: user.id, email: user.email, roles, invitationSent };
      });
    } catch (error) {
      // Two invitations of one new address at once: the other created the account; this one grants to it.
      if (isUniqueViolation(error, 'uq_app_user_email')) return this.grant(eventId, email, role, options);
      throw error;
    }
  }

  /**
   * Takes a role away. The event's last organiser cannot be removed (409 LAST_ORGANISER): the check and
   * the delete are one statement under a lock on the event's organiser rows, so two organisers removing
   * each other at once cannot both succeed. 404 if the person does not hold the role.
   */
  async revoke(eventId: string, userId: string, role: EventRole): Promise<void> {
    if (!isUuid(userId)) throw ApiError.notFound('Role');
    await this.dataSource.transaction(async (manager) => {
      if (role === 'organiser') {
        const organisers = await manager.query<{ userId: string }[]>(
          `SELECT user_id AS "userId" FROM event_role WHERE event_id = $1 AND role = 'organiser' FOR UPDATE`,
          [eventId],
        );
        if (!organisers.some((row) => row.userId === userId)) throw ApiError.notFound('Role');
        if (organisers.length === 1)
          throw new ApiError('LAST_ORGANISER', 'This is the last organiser of the event; make someone else organiser first');
      }
      const [, deleted] = await manager.query<[unknown[], number]>(
        `DELETE FROM event_role WHERE event_id = $1 AND user_id = $2 AND role = $3`,
        [eventId, userId, role],
      );
      if (deleted === 0) throw ApiError.notFound('Role');
    });
  }
}
