import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { isUniqueViolation } from '../common/postgres-errors';
import { isUuid } from '../common/uuid';
import { PreparedStatements } from '../database/prepared-statements';
import type { Event } from '../events/event.entity';
import type { FormField } from './registration-form.entity';
import { MailService } from '../mail/mail.service';
import { RegistrationMailer } from './registration-mailer.service';
import type { RegistrationOutcome } from './registration.dto';
import type { Registration } from './registration.entity';
import { freeSeat } from './seats.service';

/** What registration needs to know of an event, read in one query with its form. */
export type RegistrationTarget = Pick<Event, 'id' | 'status' | 'capacity' | 'approvalRequired' | 'inviteOnly' | 'registrationOpensAt' | 'registrationClosesAt'> & {
  formFields: FormField[];
};

const TARGET_QUERY = (match: string) => `
  SELECT e.id, e.status, e.capacity, e.approval_required AS "approvalRequired", e.invite_only AS "inviteOnly",
         e.registration_opens_at AS "registrationOpensAt", e.registration_closes_at AS "registrationClosesAt",
         coalesce(f.fields, '[]'::jsonb) AS "formFields"
  FROM event e LEFT JOIN registration_form f ON f.event_id = e.id
  WHERE ${match}`;

/** The registration columns the one statement writes, in parameter order after the event id ($1). */
const COLUMNS = [
  'id', 'email', 'honorific', 'given_name', 'family_name', 'job_title', 'organisation', 'nationality',
  'category', 'answers', 'status', 'manage_token_hash', 'badge_code',
] as const;

const valuesOf = (registration: Registration): unknown[] => [
  registration.id, registration.email, registration.honorific, registration.givenName, registration.familyName,
  registration.jobTitle, registration.organisation, registration.nationality, registration.category,
  JSON.stringify(registration.answers), registration.status, registration.manageTokenHash, registration.badgeCode,
];

/**
 * The common registration — no invitation, no delegation, and a free seat or no capacity limit — as ONE
 * SQL statement: the seat claim, the registration, its mail and the mail's queue job commit together or
 * not at all, in one round trip, holding no lock but the claimed seat's row. The statement re-checks
 * the event (published, inside its registration window, approval and capacity as read) so a change
 * made since the event was read is never overlooked. When it writes nothing — the event changed, or no
 * seat is free and the person belongs on the waitlist — the caller takes the full transactional path.
 */
@Injectable()
export class QuickRegistrations {
  private readonly withSeat: string;
  private readonly withoutSeat: string;
  private readonly prepared: PreparedStatements;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly mail: MailService,
    private readonly mailer: RegistrationMailer,
  ) {
    this.prepared = new PreparedStatements(dataSource);
    this.withSeat = this.statement(true);
    this.withoutSeat = this.statement(false);
  }

  /** The event to register for, by id or slug, with its form; 404 for an unknown event or a draft (as for anyone but its team). */
  async target(slugOrId: string): Promise<RegistrationTarget> {
    const [target] = isUuid(slugOrId)
      ? await this.prepared.run<RegistrationTarget>('registration-target-by-id', TARGET_QUERY('e.id = $1'), [slugOrId])
      : await this.prepared.run<RegistrationTarget>('registration-target-by-slug', TARGET_QUERY('e.slug = $1'), [slugOrId]);
    if (!target || target.status === 'draft') throw ApiError.notFound('Event');
    return target;
  }

  /** Registers in one statement, or returns null when the full path must decide. */
  async tryRegister(event: RegistrationTarget, registration: Registration): Promise<RegistrationOutcome | null> {
    const needsSeat = registration.status === 'confirmed' && event.capacity !== null;
    const template = registration.status === 'confirmed' ? 'registration_confirmed' : 'registration_received';
    const { rows } = this.mail.rowsOf([this.mail.queuedOf(this.mailer.request(registration, template))]);
    let written: { registered: number }[];
    try {
      written = await this.prepared.run(needsSeat ? 'quick-registration-with-seat' : 'quick-registration', needsSeat ? this.withSeat : this.withoutSeat, [
        event.id, ...valuesOf(registration), event.approvalRequired, event.capacity === null, rows,
      ]);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_registration_event_email_active')) {
        throw ApiError.conflict('REGISTRATION_EXISTS', `${registration.email} is already registered for this event`);
      }
      throw error;
    }
    if (written[0].registered === 0) return null;
    this.mail.wake();
    return { id: registration.id, status: registration.status };
  }

  private statement(withSeat: boolean): string {
    const first = COLUMNS.length + 2; // parameters after the event id and the registration's columns
    const [approval, unlimited, mailRows] = [`$${first}`, `$${first + 1}`, `$${first + 2}`];
    const values = COLUMNS.map((column, index) => (column === 'answers' ? `$${index + 2}::jsonb` : `$${index + 2}`));
    const seat = `seat AS (
        UPDATE event_seat SET registration_id = $2
        WHERE event_id = (SELECT id FROM open_event) AND seat_number = ${freeSeat('$1')}
        RETURNING seat_number),`;
    return `WITH open_event AS (
        SELECT id FROM event
        WHERE id = $1 AND status = 'published' AND NOT invite_only AND approval_required = ${approval} AND (capacity IS NULL) = ${unlimited}
          AND (registration_opens_at IS NULL OR registration_opens_at <= now())
          AND (registration_closes_at IS NULL OR registration_closes_at > now())),
      ${withSeat ? seat : ''}
      registered AS (
        INSERT INTO registration (event_id, ${COLUMNS.join(', ')})
        SELECT id, ${values.join(', ')} FROM open_event
        ${withSeat ? 'WHERE EXISTS (SELECT 1 FROM seat)' : ''}
        RETURNING id),
      ${this.mail.enqueueing(mailRows, 'EXISTS (SELECT 1 FROM registered)')}
      SELECT count(*)::int AS registered FROM registered`;
  }
}
