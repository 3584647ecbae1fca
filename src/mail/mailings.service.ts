import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/errors/api-error';
import { delegationsNotOfEvent } from '../delegations/delegation-checks';
import { invalidFields } from '../common/errors/validation';
import { isUuid } from '../common/uuid';
import { Event } from '../events/event.entity';
import { InvitationsService } from './invitations.service';
import { displayName, MailRequest, MailService } from './mail.service';
import type { MailTemplateName } from './mail-templates';
import { CreateInvitationsDto, MailingCreatedResponse, MailingFailure, MailingFailuresResponse, MailingResponse } from './mailing.dto';
import { Mailing } from './mailing.entity';

/** The first occurrence of each email (already trimmed and lower-cased by the DTO). */
export function distinctByEmail<T extends { email: string }>(recipients: readonly T[]): T[] {
  const first = new Map<string, T>();
  for (const recipient of recipients) if (!first.has(recipient.email)) first.set(recipient.email, recipient);
  return [...first.values()];
}

const orNull = (value: string | undefined) => (value ? value : null);

/** Bulk mail to many people at once, with progress that can be watched. */
@Injectable()
export class MailingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly invitations: InvitationsService,
  ) {}

  /**
   * Invites each distinct recipient with a personal, one-time link: the mailing, its invitations,
   * their mails and queue jobs are written in one transaction, so the mailing is sent entirely or not at all.
   * People invited to the event before are skipped (and listed) unless `resend` is set; the event's
   * invitation lock makes two mailings sent at once to the same person invite them once.
   */
  async invite(eventId: string, dto: CreateInvitationsDto, user: AuthenticatedUser): Promise<MailingCreatedResponse> {
    const event = await this.dataSource.getRepository(Event).findOneByOrFail({ id: eventId });
    if (event.status === 'draft')
      throw new ApiError('EVENT_NOT_PUBLISHED', 'Publish the event before sending invitations: their links lead to its registration page');
    if (event.status === 'closed') throw new ApiError('EVENT_CLOSED', 'The event is closed');
    const problems = await delegationsNotOfEvent(this.dataSource.manager, eventId, dto.recipients);
    if (problems.length > 0) throw invalidFields(problems);
    const template = dto.template ?? 'invitation';
    const distinct = distinctByEmail(dto.recipients);
    const { mailingId, skipped, total } = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('invitations:' || $1::text, 0))`, [eventId]);
      const invitedBefore = dto.resend
        ? new Set<string>()
        : await this.invitations.alreadyInvited(
            manager,
            eventId,
            distinct.map((recipient) => recipient.email),
          );
      const recipients = distinct.filter((recipient) => !invitedBefore.has(recipient.email));
      const skipped = distinct
        .filter((recipient) => invitedBefore.has(recipient.email))
        .map((recipient) => ({ email: recipient.email, reason: 'already_invited' as const }));
      const mailing = await manager.save(manager.create(Mailing, { eventId, template, total: recipients.length, createdById: user.id }));
      const invitees = recipients.map((recipient) => ({
        email: recipient.email,
        givenName: orNull(recipient.givenName),
        familyName: orNull(recipient.familyName),
        delegationId: recipient.delegationId ?? null,
        transferable: recipient.transferable ?? false,
      }));
      const invitationIds = await this.invitations.createMany(manager, eventId, mailing.id, invitees);
      await this.mail.enqueueQueued(
        manager,
        invitees.map((invitee, index) => {
          const recipient = { honorific: null, givenName: invitee.givenName, familyName: invitee.familyName };
          return {
            template,
            eventId,
            toEmail: invitee.email,
            toName: displayName(recipient),
            data: { recipient },
            mailingId: mailing.id,
            invitationId: invitationIds[index],
          };
        }),
      );
      return { mailingId: mailing.id, skipped, total: recipients.length };
    });
    return { mailingId, total, duplicates: dto.recipients.length - distinct.length, skipped };
  }

  /**
   * A mailing of ready-made mails (one per recipient) on the caller's transaction, for other features'
   * bulk sends (the outcome summary). Returns the mailing's id, whose progress GET /mailings/:id shows.
   */
  async createMailing(
    manager: EntityManager,
    mailing: { eventId: string; template: MailTemplateName; createdById: string },
    mails: readonly MailRequest[],
  ): Promise<string> {
    const saved = await manager.save(manager.create(Mailing, { ...mailing, total: mails.length }));
    await this.mail.enqueueMany(
      manager,
      mails.map((mail) => ({ ...mail, mailingId: saved.id })),
    );
    return saved.id;
  }

  /** A mailing's progress (the route checked the caller organises its event). */
  async status(id: string): Promise<MailingResponse> {
    const mailing = await this.progress(id);
    if (!mailing) throw ApiError.notFound('Mailing');
    return mailing;
  }

  /** The mailing's failed mails, first failed first (the route checked the caller organises its event). */
  async failures(id: string, limit = 100): Promise<MailingFailuresResponse> {
    const rows = await this.dataSource.query<(Omit<MailingFailure, 'failedAt'> & { failedAt: Date | null; total: number })[]>(
      `SELECT to_email AS "to", to_name AS name, attempts, last_error AS "lastError", failed_at AS "failedAt",
              count(*) OVER ()::int AS total
       FROM mail_message WHERE mailing_id = $1 AND status = 'failed'
       ORDER BY failed_at, id LIMIT $2`,
      [id, limit],
    );
    return {
      items: rows.map(({ total: _total, failedAt, ...row }) => ({ ...row, failedAt: failedAt?.toISOString() ?? null })),
      total: rows[0]?.total ?? 0,
    };
  }

  /** Counts the mailing's mails by status (an index scan on mailing_id, status). */
  async progress(id: string): Promise<MailingResponse | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.dataSource.query<(Omit<MailingResponse, 'status' | 'createdAt'> & { createdAt: Date })[]>(
      `SELECT m.id, m.event_id AS "eventId", m.template, m.total, m.created_at AS "createdAt",
              count(*) FILTER (WHERE mm.status = 'queued')::int AS queued,
              count(*) FILTER (WHERE mm.status = 'sent')::int AS sent,
              count(*) FILTER (WHERE mm.status = 'failed')::int AS failed
       FROM mailing m LEFT JOIN mail_message mm ON mm.mailing_id = m.id
       WHERE m.id = $1
       GROUP BY m.id`,
      [id],
    );
    if (!row) return null;
    return { ...row, createdAt: row.createdAt.toISOString(), status: row.queued > 0 ? 'sending' : 'completed' };
  }
}
