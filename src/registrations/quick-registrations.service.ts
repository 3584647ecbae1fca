import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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
import { claimSeatSql, NEXT_WAITLIST_POSITION } from './seats.service';

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

/** How many events `QuickRegistrations` remembers before it starts afresh. */
const KNOWN_EVENTS_LIMIT = 1000;

/** An event id or slug as looked up: ids in lower case, as PostgreSQL prints them. */
const keyOf = (slugOrId: string) => (isUuid(slugOrId) ? slugOrId.toLowerCase() : slugOrId);

/** The registration columns given as parameters $2… (after the event id, $1); status is set by each statement. */
const COLUMNS = [
  'id', 'email', 'honorific', 'given_name', 'family_name', 'job_title', 'organisation', 'nationality',
  'category', 'answers', 'manage_token_hash', 'badge_code',
] as const;
const FIRST_FREE_PARAM = COLUMNS.length + 2;

const valuesOf = (registration: Registration): unknown[] => [
  registration.id, registration.email, registration.honorific, registration.givenName, registration.familyName,
  registration.jobTitle, registration.organisation, registration.nationality, registration.category,
  JSON.stringify(registration.answers), registration.manageTokenHash, registration.badgeCode,
];

/** `INSERT INTO registration … SELECT … FROM <source>`: the parameter columns plus status and waitlist position as SQL. */
const insertRegistration = (source: string, status: string, waitlistPosition = 'NULL') => {
  const values = COLUMNS.map((column, index) => (column === 'answers' ? `$${index + 2}::jsonb` : `$${index + 2}`));
  return `INSERT INTO registration (event_id, ${COLUMNS.join(', ')}, status, waitlist_position)
        SELECT $1, ${values.join(', ')}, ${status}, ${waitlistPosition} FROM ${source}`;
};

/** Maps a duplicate active registration to 409, whichever statement inserted it. */
export async function refusingDuplicates<T>(email: string, insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    if (isUniqueViolation(error, 'uq_registration_event_email_active')) throw ApiError.conflict('REGISTRATION_EXISTS', `${email} is already registered for this event`);
    throw error;
  }
}

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
  /**
   * Events as last read for registration, by the id or slug asked for: a guess that saves a round trip,
   * never trusted, since the quick statement re-checks everything the guess decided (see `statement`).
   */
  private readonly known = new Map<string, RegistrationTarget>();
  private readonly withSeat: string;
  private readonly withoutSeat: string;
  private readonly seatOrWaitlistStatement: string;
  private readonly prepared: PreparedStatements;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly mail: MailService,
    private readonly mailer: RegistrationMailer,
  ) {
    this.prepared = new PreparedStatements(dataSource);
    this.withSeat = this.statement(true);
    this.withoutSeat = this.statement(false);
    this.seatOrWaitlistStatement = this.seatOrWaitlistSql();
  }

  /** The event to register for, by id or slug, with its form, read now; 404 for an unknown event or a draft (as for anyone but its team). */
  async target(slugOrId: string): Promise<RegistrationTarget> {
    const key = keyOf(slugOrId);
    const [target] = isUuid(key)
      ? await this.prepared.run<RegistrationTarget>('registration-target-by-id', TARGET_QUERY('e.id = $1'), [key])
      : await this.prepared.run<RegistrationTarget>('registration-target-by-slug', TARGET_QUERY('e.slug = $1'), [key]);
    if (!target || target.status === 'draft') throw ApiError.notFound('Event');
    if (this.known.size >= KNOWN_EVENTS_LIMIT) this.known.clear();
    this.known.set(key, target);
    return target;
  }

  /** The event as last read by `target` for this id or slug, if any: only for `tryRegister`, which checks it. */
  lastKnownTarget(slugOrId: string): RegistrationTarget | undefined {
    return this.known.get(keyOf(slugOrId));
  }

  /**
   * Registers in one statement, or returns null when the full path must decide. The statement writes
   * only if the event, asked for as `slugOrId`, is still as `event` says (status, registration window,
   * approval, capacity limited or not, and the very same form the answers were checked against).
   */
  async tryRegister(slugOrId: string, event: RegistrationTarget, registration: Registration): Promise<RegistrationOutcome | null> {
    const needsSeat = registration.status === 'confirmed' && event.capacity !== null;
    const template = registration.status === 'confirmed' ? 'registration_confirmed' : 'registration_received';
    const { rows } = this.mail.rowsOf([this.mail.queuedOf(this.mailer.request(registration, template))]);
    const written = await refusingDuplicates(registration.email, () =>
      this.prepared.run<{ registered: number }>(needsSeat ? 'quick-registration-with-seat' : 'quick-registration', needsSeat ? this.withSeat : this.withoutSeat, [
        event.id, ...valuesOf(registration), registration.status, event.approvalRequired, event.capacity === null, rows, keyOf(slugOrId), JSON.stringify(event.formFields),
      ]),
    );
    if (written[0].registered === 0) {
      this.known.delete(keyOf(slugOrId));
      return null;
    }
    this.mail.wake();
    return { id: registration.id, status: registration.status };
  }

  /**
   * For a capacity-limited event, holding its waitlist lock: a free seat if one is left, else the end of
   * the waitlist, with the matching mail — one statement, so the serialised section is short.
   */
  async seatOrWaitlist(manager: EntityManager, registration: Registration): Promise<RegistrationOutcome> {
    const confirmed = this.mail.queuedOf(this.mailer.request(registration, 'registration_confirmed'));
    const waitlisted = this.mail.queuedOf(this.mailer.request(registration, 'waitlisted'));
    const { rows } = this.mail.rowsOf([confirmed, waitlisted]);
    const [placed]: { status: 'confirmed' | 'waitlisted'; waitlistPosition: number | null }[] = await refusingDuplicates(registration.email, () =>
      manager.query(this.seatOrWaitlistStatement, [registration.eventId, ...valuesOf(registration), rows]),
    );
    this.mail.markEnqueued(manager);
    return { id: registration.id, status: placed.status, ...(placed.waitlistPosition ? { waitlistPosition: placed.waitlistPosition } : {}) };
  }

  private statement(withSeat: boolean): string {
    const [status, approval, unlimited, mailRows, askedAs, form] = [0, 1, 2, 3, 4, 5].map((offset) => `$${FIRST_FREE_PARAM + offset}`);
    return `WITH open_event AS (
        SELECT id FROM event
        WHERE id = $1 AND (id::text = ${askedAs} OR slug = ${askedAs})
          AND status = 'published' AND NOT invite_only AND approval_required = ${approval} AND (capacity IS NULL) = ${unlimited}
          AND (registration_opens_at IS NULL OR registration_opens_at <= now())
          AND (registration_closes_at IS NULL OR registration_closes_at > now())
          AND coalesce((SELECT fields FROM registration_form WHERE event_id = $1), '[]'::jsonb) = ${form}::jsonb
        -- Shared with every other registration; waits only for a capacity change (SeatsService.setCapacity),
        -- and then the conditions above are checked again against the changed row.
        FOR KEY SHARE),
      ${withSeat ? `seat AS (${claimSeatSql('EXISTS (SELECT 1 FROM open_event)')}),` : ''}
      registered AS (
        ${insertRegistration(withSeat ? 'open_event WHERE EXISTS (SELECT 1 FROM seat)' : 'open_event', status)}
        RETURNING id),
      ${this.mail.enqueueing(mailRows, 'EXISTS (SELECT 1 FROM registered)')}
      SELECT count(*)::int AS registered FROM registered`;
  }

  private seatOrWaitlistSql(): string {
    const mailRows = `$${FIRST_FREE_PARAM}`;
    // Of the two mails given, the one for the outcome; a waitlisted person's mail gets their position.
    const outcomeMail = `m."template" = (SELECT CASE status WHEN 'confirmed' THEN 'registration_confirmed' ELSE 'waitlisted' END FROM registered)`;
    const withPosition = `CASE m."template" WHEN 'waitlisted' THEN jsonb_set(m."data", '{waitlistPosition}', to_jsonb((SELECT waitlist_position FROM registered))) ELSE m."data" END`;
    return `WITH seat AS (${claimSeatSql()}),
      place AS (
        SELECT CASE WHEN EXISTS (SELECT 1 FROM seat) THEN NULL ELSE last.position END AS position
        FROM (${NEXT_WAITLIST_POSITION}) AS last),
      registered AS (
        ${insertRegistration('place', `CASE WHEN place.position IS NULL THEN 'confirmed' ELSE 'waitlisted' END`, 'place.position')}
        RETURNING status, waitlist_position),
      ${this.mail.enqueueing(mailRows, outcomeMail, withPosition)}
      SELECT status, waitlist_position AS "waitlistPosition" FROM registered`;
  }
}
